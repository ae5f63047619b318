/* The pages work without this script. With it: checks as you type (the server's own messages),
   region lists that follow each other, the offices that will receive the complaint shown before
   consent, a draft kept on the phone, and an offline queue: a complaint that cannot be sent for
   want of network waits on the phone and is sent again, with the same Idempotency-Key, when the
   network is back, so that it is filed exactly once. */
(function () {
  'use strict';
  var doc = document;
  doc.documentElement.classList.add('js');
  var QUEUE = 'intake.pending';
  var DRAFT = 'intake.draft';
  var RETRY_MS = 10000;

  function $(id) { return doc.getElementById(id); }
  function save(key, value) {
    try {
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* private mode or full storage: the form still works */ }
  }
  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || 'null'); } catch (e) { return null; }
  }

  function initCopy() {
    var button = $('copy-code');
    var code = $('receipt-code');
    if (!button || !code) return;
    button.addEventListener('click', function () {
      var text = code.getAttribute('data-code');
      var done = function () { button.textContent = button.getAttribute('data-copied'); };
      var select = function () {
        var range = doc.createRange();
        range.selectNodeContents(code);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, select);
      else select();
    });
  }
  initCopy();

  var form = $('complaint-form');
  if (!form) return;
  var lang = form.getAttribute('data-lang');
  var texts = JSON.parse(form.getAttribute('data-messages') || '{}');
  var el = form.elements;
  function msg(code, params) {
    return (texts[code] || code).replace(/\{(\w+)\}/g, function (all, name) {
      return params && params[name] !== undefined ? params[name] : all;
    });
  }

  /* --- checks ---------------------------------------------------------------------------- */
  // Full-width digits and letters as typed by many Chinese keyboards, made plain, as the server does.
  function fold(s) {
    return s.replace(/[\uFF01-\uFF5E]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); })
      .replace(/\u3000/g, ' ');
  }
  function chars(s) { return Array.from(s).length; }
  function today() {
    var d = new Date(Date.now() + 8 * 3600 * 1000); // China time
    return d.toISOString().slice(0, 10);
  }
  var ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  function idError(v) {
    v = fold(v).trim().toUpperCase();
    if (!/^\d{17}[\dX]$/.test(v)) return ['id_number_invalid'];
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += Number(v[i]) * ID_WEIGHTS[i];
    return '10X98765432'[sum % 11] === v[17] ? null : ['id_number_checksum'];
  }
  // GB 32100-2015: 18 characters of this alphabet, the last a check character (weights 3^i mod 31).
  var CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  function creditCodeError(v) {
    v = fold(v).trim().toUpperCase();
    var wrong = ['credit_code_invalid'];
    if (chars(v) !== 18) return wrong;
    var sum = 0;
    var weight = 1;
    for (var i = 0; i < 18; i++) {
      var n = CREDIT_CODE_ALPHABET.indexOf(v[i]);
      if (n < 0) return wrong;
      if (i < 17) sum += n * weight;
      else return (31 - sum % 31) % 31 === n ? null : wrong;
      weight = weight * 3 % 31;
    }
    return wrong;
  }
  function amountError(v) {
    v = fold(v).trim();
    if (v[0] === '-' && /^-\d+(\.\d+)?$/.test(v)) return ['amount_negative'];
    var m = /^(\d+)(?:\.(\d+))?$/.exec(v);
    if (!m) return ['amount_invalid'];
    if (m[2] && m[2].length > 2) return ['amount_too_many_decimals'];
    if (Number(v) > 100000000) return ['amount_too_large'];
    return null;
  }
  function anonymous() { return el.anonymous && el.anonymous.checked; }

  // [field id, check] pairs; a check answers null or [code, params].
  var checks = {
    category: function () { return form.querySelector('input[name=category]:checked') ? null : ['required']; },
    region: function () {
      if (!el.province.value) return ['required'];
      return el.city.value ? null : ['region_too_broad'];
    },
    description: function () {
      var n = chars(el.description.value.trim());
      if (!n) return ['required'];
      if (n < 10) return ['too_short', { min: 10 }];
      return n > 5000 ? ['too_long', { max: 5000 }] : null;
    },
    platform: function () { return chars(el.platform.value.trim()) > 100 ? ['too_long', { max: 100 }] : null; },
    employer: function () { return chars(el.employer.value.trim()) > 200 ? ['too_long', { max: 200 }] : null; },
    employer_credit_code: function () {
      return fold(el.employer_credit_code.value).trim() ? creditCodeError(el.employer_credit_code.value) : null;
    },
    occurred_on: function () {
      var v = el.occurred_on.value.trim();
      if (!v) return null;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return ['date_invalid'];
      if (v > today()) return ['date_in_future'];
      return v < '2000-01-01' ? ['date_too_early'] : null;
    },
    amount_owed: function () { return el.amount_owed.value.trim() ? amountError(el.amount_owed.value) : null; },
    affected_workers: function () {
      var v = fold(el.affected_workers.value).trim();
      if (!v) return null;
      return /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 100000 ? null : ['out_of_range', { min: 1, max: 100000 }];
    },
    name: function () {
      if (anonymous()) return null;
      var n = chars(el.name.value.trim());
      if (!n) return ['required'];
      return n > 50 ? ['too_long', { max: 50 }] : null;
    },
    phone: function () {
      if (anonymous()) return null;
      var v = fold(el.phone.value).replace(/[\s\-.()]/g, '').replace(/^(\+86|0086)/, '');
      if (!v) return ['required'];
      return /^1[3-9]\d{9}$/.test(v) ? null : ['phone_invalid'];
    },
    email: function () {
      var v = el.email.value.trim();
      if (!anonymous() && el.notify_by_email.checked && !v) return ['notify_requires_email'];
      if (!anonymous() && el.email_receipt.checked && !v) return ['receipt_email_requires_email'];
      return !v || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? null : ['email_invalid'];
    },
    id_number: function () { return !anonymous() && el.id_number.value.trim() ? idError(el.id_number.value) : null; },
    consent_processing: function () { return el.consent_processing.checked ? null : ['consent_required']; },
    consent_forwarding: function () { return el.consent_forwarding.checked ? null : ['consent_required']; }
  };

  function container(id) {
    var node = $(id);
    if (!node) return null;
    return node.tagName === 'FIELDSET' ? node : node.closest('.field') || node.parentNode;
  }
  function show(id, problem) {
    var box = container(id);
    if (!box) return;
    var old = $(id + '-error');
    var control = $(id);
    if (old) old.remove();
    box.classList.toggle('has-error', !!problem);
    var describedBy = (control.getAttribute('aria-describedby') || '').split(' ').filter(function (x) {
      return x && x !== id + '-error';
    });
    if (problem) {
      var p = doc.createElement('p');
      p.className = 'error';
      p.id = id + '-error';
      p.textContent = msg(problem[0], problem[1]);
      var anchor = box.tagName === 'FIELDSET' ? box.querySelector('legend').nextSibling : control;
      if (box.classList.contains('choice')) anchor = box.firstChild;
      anchor.parentNode.insertBefore(p, anchor);
      describedBy.push(p.id);
    }
    if (control.tagName !== 'FIELDSET') {
      if (describedBy.length) control.setAttribute('aria-describedby', describedBy.join(' '));
      else control.removeAttribute('aria-describedby');
      if (problem) control.setAttribute('aria-invalid', 'true'); else control.removeAttribute('aria-invalid');
    }
  }
  function check(id) {
    var problem = checks[id]();
    show(id, problem);
    return problem ? { id: id, text: msg(problem[0], problem[1]) } : null;
  }
  function checkAll() {
    var found = [];
    Object.keys(checks).forEach(function (id) {
      if ($(id)) {
        var problem = check(id);
        if (problem) found.push(problem);
      }
    });
    var summary = $('error-summary');
    var list = $('error-list');
    list.textContent = '';
    found.forEach(function (p) {
      var li = doc.createElement('li');
      var a = doc.createElement('a');
      a.href = '#' + p.id;
      a.textContent = p.text;
      li.appendChild(a);
      list.appendChild(li);
    });
    summary.hidden = !found.length;
    if (found.length) summary.focus();
    return !found.length;
  }
  // A field is checked when the worker leaves it, and again as they fix it.
  form.addEventListener('focusout', function (ev) {
    var id = ev.target.id;
    if (checks[id] && ev.target.value) check(id);
  });
  // A code of fixed length is checked as soon as it is complete, before the worker leaves it.
  var COMPLETE_AT = { employer_credit_code: 18 };
  form.addEventListener('input', function (ev) {
    var id = ev.target.id;
    if (!checks[id]) return;
    if ($(id + '-error') || (COMPLETE_AT[id] && chars(fold(ev.target.value).trim()) >= COMPLETE_AT[id])) check(id);
  });

  /* --- anonymous ------------------------------------------------------------------------- */
  function toggleContact() {
    var box = $('contact-fields');
    if (!box) return;
    box.hidden = anonymous();
    Array.prototype.forEach.call(box.querySelectorAll('input'), function (i) { i.disabled = anonymous(); });
  }
  if (el.anonymous) el.anonymous.addEventListener('change', toggleContact);
  toggleContact();

  /* --- regions and recipients ------------------------------------------------------------ */
  function api(path, options) {
    options = options || {};
    options.headers = Object.assign({ 'Accept-Language': lang }, options.headers || {});
    return fetch(path, options).then(function (res) {
      if (!res.ok) throw new Error(res.status);
      return res.json();
    });
  }
  function fill(select, regions, chosen) {
    var first = select.options[0];
    select.textContent = '';
    select.appendChild(first);
    regions.forEach(function (r) {
      var o = doc.createElement('option');
      o.value = r.code;
      o.textContent = r.name;
      select.appendChild(o);
    });
    select.disabled = !regions.length;
    select.value = chosen || '';
  }
  function children(parent, select, chosen) {
    if (!parent) {
      fill(select, [], '');
      return Promise.resolve();
    }
    return api('/api/v1/regions?parent=' + encodeURIComponent(parent)).then(function (list) {
      fill(select, list, chosen);
    }, function () { /* offline: the server shows the next level when the form is sent */ });
  }
  el.province.addEventListener('change', function () {
    fill(el.county, [], '');
    children(el.province.value, el.city).then(preview);
  });
  el.city.addEventListener('change', function () {
    children(el.city.value, el.county).then(preview);
  });

  var previewTimer;
  function preview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(function () {
      var category = form.querySelector('input[name=category]:checked');
      var region = el.county.value || el.city.value;
      var list = $('recipients');
      var empty = $('recipients-empty');
      if (!category || !region) {
        list.textContent = '';
        empty.hidden = false;
        return;
      }
      var body = { category: category.value, region_code: region, tags: [] };
      Array.prototype.forEach.call(form.querySelectorAll('input[name=tags]:checked'), function (t) { body.tags.push(t.value); });
      var workers = Number(fold(el.affected_workers.value).trim());
      if (workers >= 1 && workers <= 100000) body.affected_workers = workers;
      if (el.platform.value.trim()) body.platform = el.platform.value.trim();
      api('/api/v1/routing/preview', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      }).then(function (answer) {
        list.textContent = '';
        answer.recipients.forEach(function (r) {
          var li = doc.createElement('li');
          li.textContent = r.name;
          if (r.role === 'copy') {
            var tag = doc.createElement('span');
            tag.className = 'tag';
            tag.textContent = list.getAttribute('data-copy');
            li.appendChild(doc.createTextNode(' '));
            li.appendChild(tag);
          }
          list.appendChild(li);
        });
        empty.hidden = answer.recipients.length > 0;
      }, function () { /* keep what is shown */ });
    }, 250);
  }
  form.addEventListener('change', function (ev) {
    if (/^(category|county|tags|affected_workers|platform)$/.test(ev.target.name)) preview();
  });

  /* --- draft ----------------------------------------------------------------------------- */
  var KEPT = ['category', 'province', 'city', 'county', 'description', 'platform', 'employment_mode', 'employer',
    'employer_credit_code', 'occurred_on',
    'amount_owed', 'affected_workers', 'anonymous', 'name', 'phone', 'email', 'id_number', 'notify_by_email', 'email_receipt',
    'consent_method', 'idempotency_key'];
  function snapshot() {
    var data = { tags: [] };
    KEPT.forEach(function (name) {
      var field = el[name];
      if (!field) return;
      if (field.type === 'checkbox') data[name] = field.checked;
      else data[name] = field.value;
    });
    Array.prototype.forEach.call(form.querySelectorAll('input[name=tags]:checked'), function (t) { data.tags.push(t.value); });
    return data;
  }
  var draftTimer;
  form.addEventListener('input', function () {
    clearTimeout(draftTimer);
    draftTimer = setTimeout(function () { save(DRAFT, snapshot()); }, 300);
  });
  form.addEventListener('change', function () { save(DRAFT, snapshot()); });
  function restore(data) {
    KEPT.forEach(function (name) {
      var field = el[name];
      if (!field || data[name] === undefined || ['province', 'city', 'county'].indexOf(name) >= 0) return;
      if (field.type === 'checkbox') field.checked = !!data[name];
      else field.value = data[name];
    });
    Array.prototype.forEach.call(form.querySelectorAll('input[name=tags]'), function (t) {
      t.checked = (data.tags || []).indexOf(t.value) >= 0;
    });
    toggleContact();
    el.province.value = data.province || '';
    return children(data.province, el.city, data.city)
      .then(function () { return children(data.city, el.county, data.county); })
      .then(preview);
  }
  var errorsShown = !$('error-summary').hidden;
  var draft = load(DRAFT);
  // A page the server sent back with errors already holds the worker's values.
  if (draft && !errorsShown && !el.description.value) {
    restore(draft).then(function () { status('js-draft-restored'); });
  }

  /* --- sending and the offline queue ----------------------------------------------------- */
  function status(key) {
    var box = $('net-status');
    box.textContent = msg(key);
    box.hidden = false;
  }
  var retryTimer;
  var sending = false;
  function later() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { send(true); }, RETRY_MS);
  }
  function replace(html) {
    // The window outlives document.open(): no timer of this page may fire into the next one.
    clearTimeout(retryTimer);
    clearTimeout(draftTimer);
    clearTimeout(previewTimer);
    doc.open();
    doc.write(html);
    doc.close();
  }
  function send(retry) {
    var pending = load(QUEUE);
    if (!pending || sending) return;
    sending = true;
    el.submit.disabled = true;
    status(retry ? 'js-retrying' : 'js-sending');
    // The token of this page: the saved one may belong to a page opened long ago.
    var params = new URLSearchParams(pending.body);
    params.set('csrf', el.csrf.value);
    fetch('/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': pending.key },
      body: params.toString(),
      credentials: 'same-origin'
    }).then(function (res) {
      if (res.status >= 500) throw new Error('busy');
      return res.text().then(function (html) {
        save(QUEUE, null);
        clearTimeout(draftTimer);
        if (res.headers.get('X-Complaint-Reference')) save(DRAFT, null);
        replace(html);
      });
    }).catch(function (err) {
      sending = false;
      el.submit.disabled = false;
      status(err && err.message === 'busy' ? 'js-server-busy' : 'js-offline-queued');
      later();
    });
  }
  form.addEventListener('submit', function (ev) {
    if (ev.submitter && ev.submitter.name === 'step') return;
    ev.preventDefault();
    if (!checkAll()) return;
    save(DRAFT, snapshot());
    save(QUEUE, { key: el.idempotency_key.value, body: new URLSearchParams(new FormData(form)).toString() });
    send(false);
  });
  window.addEventListener('online', function () { send(true); });
  if (load(QUEUE)) {
    status('js-offline-queued');
    if (navigator.onLine) send(true); else later();
  }
})();
