// The worker's pages in Debian's Chromium at a 360×640 phone viewport, with and without
// JavaScript, in both languages. BASE_URL is the server the Rust test started; RESULTS is where
// the references filed here are written so that it can check each is stored exactly once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, shot, axe, report, fileByApi } from './helpers.mjs';

const PHOTO = process.env.PHOTO;
const filed = [];
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  report('pages', filed);
});

function phone({ javaScript = true, locale = 'zh-CN' } = {}) {
  return open(browser, {
    viewport: { width: 360, height: 640 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true,
    javaScriptEnabled: javaScript, locale, extraHTTPHeaders: { 'Accept-Language': locale },
  });
}

/** No sideways scrolling, inputs at 16 px or more, tap targets at least 44×44 px. */
async function phoneFriendly(page, label) {
  const problems = await page.evaluate(() => {
    const out = [];
    if (document.documentElement.scrollWidth > window.innerWidth) {
      out.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
    }
    const visible = (e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden' && r.right > 0;
    };
    for (const e of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      if (!visible(e)) continue;
      const size = parseFloat(getComputedStyle(e).fontSize);
      if (!['checkbox', 'radio'].includes(e.type) && size < 16) out.push(`${e.id || e.name}: font ${size}px`);
    }
    // Links inside running text are exempt (WCAG 2.5.8); every other control is checked.
    const targets = document.querySelectorAll('button, input:not([type=hidden]), select, textarea, header a, nav a, a.button, .error-summary a');
    for (const e of targets) {
      if (!visible(e)) continue;
      const r = e.getBoundingClientRect();
      if (r.width < 43.5 || r.height < 43.5) out.push(`${e.tagName} ${e.id || e.textContent.trim()}: ${r.width}×${r.height}`);
    }
    return out;
  });
  assert.deepEqual(problems, [], `phone layout of ${label}`);
  assert.deepEqual(page.foreign, [], `requests to other hosts from ${label}`);
}

async function fillComplaint(page, { javaScript = true, description, mode, creditCode }) {
  await page.locator('label[for="category-wage_arrears"]').click();
  await page.selectOption('#province', '34');
  if (!javaScript) await page.click('button[name=step]');
  await page.waitForSelector('#city option[value="3411"]', { state: 'attached' });
  await page.selectOption('#city', '3411');
  if (!javaScript) await page.click('button[name=step]');
  await page.waitForSelector('#county option[value="341102"]', { state: 'attached' });
  await page.selectOption('#county', '341102');
  if (!javaScript) await page.click('button[name=step]');
  await page.fill('#description', description);
  await page.fill('#platform', '美团');
  if (mode) await page.selectOption('#employment_mode', mode);
  if (creditCode) {
    await page.fill('#employer', '北京某科技有限公司');
    await page.fill('#employer_credit_code', creditCode);
  }
  await page.fill('#amount_owed', '3500');
  await page.fill('#name', '王师傅');
  await page.fill('#phone', '138 0013 8000');
  await page.locator('label[for="consent_processing"]').click();
  await page.locator('label[for="consent_forwarding"]').click();
}

async function receipt(page) {
  await page.waitForSelector('#receipt-code', { timeout: 20000 });
  const code = (await page.textContent('#receipt-code')).trim();
  const reference = (await page.textContent('#reference')).trim();
  assert.match(code, /^\d{4} \d{4} \d{4} \d{4}$/);
  assert.match(reference, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  return { reference, code: code.replace(/ /g, '') };
}

test('a full filing with JavaScript: regions, recipients, consent, receipt', async () => {
  const { context, page } = await phone();
  await page.goto(BASE + '/');
  await phoneFriendly(page, 'the form');
  await axe(page, 'the form (zh-CN)');
  await shot(page, 'form-zh');
  await fillComplaint(page, { description: '站点拖欠了我两个月的配送费，一共三千五百元，站长一直说下个月发。' });
  // The offices are named before the worker agrees to send it to them.
  await page.waitForSelector('#recipients li');
  const recipients = await page.textContent('#recipients');
  assert.match(recipients, /滁州市琅琊区人力资源和社会保障局/);
  assert.match(recipients, /总工会/);
  await page.click('#submit');
  const { reference } = await receipt(page);
  filed.push(reference);
  await phoneFriendly(page, 'the receipt');
  await axe(page, 'the receipt (zh-CN)');
  await shot(page, 'filed-zh');
  assert.equal(await page.evaluate(() => localStorage.getItem('intake.draft')), null, 'the draft is forgotten');
  assert.equal(await page.evaluate(() => localStorage.getItem('intake.pending')), null);
  await context.close();
});

test('the same filing with JavaScript off', async () => {
  const { context, page } = await phone({ javaScript: false });
  await page.goto(BASE + '/');
  await fillComplaint(page, { javaScript: false, description: '没有脚本的手机也能提交：公司扣了我三个月的押金不退。' });
  assert.match(await page.textContent('#recipients'), /滁州市琅琊区人力资源和社会保障局/, 'the server lists the offices');
  await shot(page, 'form-nojs-zh');
  await page.click('#submit');
  const { reference } = await receipt(page);
  filed.push(reference);
  await phoneFriendly(page, 'the receipt without JavaScript');
  await context.close();
});

test('validation errors with and without JavaScript', async () => {
  for (const javaScript of [true, false]) {
    const { context, page } = await phone({ javaScript });
    await page.goto(BASE + '/');
    await page.fill('#description', '太短了');
    await page.fill('#phone', '12345');
    await page.click('#submit');
    await page.waitForSelector('#error-summary:not([hidden]) li');
    const summary = await page.textContent('#error-summary');
    for (const expected of ['至少要写 10 个字。', '请填写 11 位手机号码', '需要您勾选同意', '此项必填']) {
      assert.ok(summary.includes(expected), `${javaScript ? 'JS' : 'no JS'}: ${expected} in ${summary}`);
    }
    assert.equal(await page.inputValue('#description'), '太短了', 'what was typed stays');
    assert.match(await page.textContent('#phone-error'), /11 位手机号码/);
    await phoneFriendly(page, 'the form with errors');
    if (javaScript) {
      // The summary takes the focus, so a screen reader reads it first.
      assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary');
      await page.fill('#phone', '13800138000');
      assert.equal(await page.locator('#phone-error').count(), 0, 'the message goes once fixed');
      await axe(page, 'the form with errors');
      await shot(page, 'errors-zh');
    }
    await context.close();
  }
});

test('how the worker works and the employer\'s credit code: checked as it is typed, then filed', async () => {
  for (const [locale, message] of [['zh-CN', /18 位数字和字母/], ['en', /18 digits and letters/]]) {
    const { context, page } = await phone({ locale });
    await page.goto(BASE + '/');
    // Every mode is offered with words that explain it.
    const modes = await page.$$eval('#employment_mode option', (os) => os.map((o) => o.value));
    assert.deepEqual(modes, ['', 'dedicated', 'crowdsourced', 'courier_outlet', 'ride_hailing', 'other']);
    assert.match(await page.textContent('#employment_mode-hint'), locale === 'en' ? /Crowdsourced/ : /众包：/);
    // A wrong last character: the message appears as the 18th character is typed, without leaving the field.
    await page.click('#employer_credit_code');
    await page.keyboard.type('91110000600037341N');
    await page.waitForSelector('#employer_credit_code-error');
    assert.match(await page.textContent('#employer_credit_code-error'), message);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'employer_credit_code', 'the worker is still typing');
    assert.equal(await page.getAttribute('#employer_credit_code', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#employer_credit_code', 'aria-describedby'), /employer_credit_code-error/);
    await axe(page, `the form with a wrong credit code (${locale})`);
    await phoneFriendly(page, 'the form with a wrong credit code');
    if (locale === 'zh-CN') await shot(page, 'credit-code-zh');
    // Fixed (in lower case, as a phone keyboard may type it), the message goes.
    await page.keyboard.press('Backspace');
    await page.keyboard.type('l');
    await page.waitForSelector('#employer_credit_code-error', { state: 'detached' });
    await page.fill('#employer_credit_code', '');
    await fillComplaint(page, {
      description: '众包骑手：平台说我们不是员工，站点扣了我八百块的罚款不给说法。',
      mode: 'crowdsourced', creditCode: '９１１１００００６０００３７３４１ｌ',
    });
    assert.equal(await page.locator('#employer_credit_code-error').count(), 0, 'a full-width code is fine');
    await page.click('#submit');
    const { reference } = await receipt(page);
    filed.push(reference);
    await context.close();
  }
});

test('tracking, adding a message and a photo', async () => {
  const answer = await fileByApi({
    category: 'wage_arrears', region_code: '341102', description: '配送站拖欠了三个月的工资，一共九千元。',
    anonymous: true, consent: { processing: true, forwarding: true },
  });
  filed.push(answer.reference);
  const { context, page } = await phone();
  await page.goto(BASE + '/track');
  await axe(page, 'the look-up (zh-CN)');
  await phoneFriendly(page, 'the look-up');
  await shot(page, 'track-zh');
  await page.fill('#reference', answer.reference);
  await page.fill('#receipt_code', answer.receipt_code.replace(/(\d{4})(?=\d)/g, '$1 '));
  await page.click('#track-form button[type=submit]');
  await page.waitForSelector('#status');
  assert.equal((await page.textContent('#status')).trim(), '已收到');
  await page.fill('#body', '我找到了三月份的工资条。');
  await page.click('#message-form button[type=submit]');
  await page.waitForSelector('.notice');
  assert.match(await page.textContent('#timeline'), /我找到了三月份的工资条。/);
  await page.setInputFiles('#file', PHOTO);
  await page.click('#evidence-form button[type=submit]');
  await page.waitForSelector('.notice');
  assert.match(await page.textContent('.notice'), /已上传 1 个文件/);
  assert.match(await page.textContent('#timeline'), /您上传的证据/);
  await phoneFriendly(page, 'the complaint page');
  await axe(page, 'the complaint page (zh-CN)');
  await shot(page, 'tracked-zh');
  await context.close();
});

test('switching to English, and every page in both languages passes axe', async () => {
  const { context, page } = await phone();
  await page.goto(BASE + '/');
  await page.click('a.lang');
  await page.waitForSelector('html[lang="en"]');
  assert.match(await page.textContent('h1'), /Make a labour-rights complaint/);
  await shot(page, 'form-en');
  for (const lang of ['zh-CN', 'en']) {
    const { context: c, page: p } = await phone({ locale: lang });
    for (const path of ['/', '/track', '/privacy', '/signin', '/no-such-page']) {
      await p.goto(BASE + path);
      assert.equal(await p.getAttribute('html', 'lang'), lang);
      await axe(p, `${path} (${lang})`);
      await phoneFriendly(p, `${path} (${lang})`);
    }
    await p.goto(BASE + '/privacy');
    await shot(p, `privacy-${lang === 'en' ? 'en' : 'zh'}`);
    await c.close();
  }
  await context.close();
});

test('offline before sending, then back online: filed exactly once', async () => {
  const { context, page } = await phone();
  await page.goto(BASE + '/');
  await fillComplaint(page, { description: '离线测试：骑手被平台无故扣款两百元，申诉没有回音。' });
  await context.setOffline(true);
  await page.click('#submit');
  await page.waitForSelector('#net-status:not([hidden])');
  assert.match(await page.textContent('#net-status'), /没有网络/);
  assert.notEqual(await page.evaluate(() => localStorage.getItem('intake.pending')), null, 'kept on the phone');
  await shot(page, 'offline-zh');
  await context.setOffline(false);
  const { reference } = await receipt(page);
  filed.push(reference);
  await context.close();
});

test('an answer lost on the way back: the retry gets the same receipt', async () => {
  const { context, page } = await phone();
  await page.goto(BASE + '/');
  await fillComplaint(page, { description: '回执丢失测试：外卖站点不给买工伤保险，摔伤后自己付了医药费。' });
  let lost = 0;
  await page.route(BASE + '/', async (route) => {
    if (route.request().method() === 'POST' && lost === 0) {
      lost += 1;
      await route.fetch(); // the server files it ...
      return route.abort('internetdisconnected'); // ... and the phone never hears back
    }
    return route.continue();
  });
  await page.click('#submit');
  await page.waitForSelector('#net-status:not([hidden])');
  await context.setOffline(true);
  await context.setOffline(false);
  const { reference } = await receipt(page);
  assert.equal(lost, 1);
  filed.push(reference);
  await context.close();
});

test('the form page weighs at most 30 KB compressed and loads nothing from another host', async () => {
  const { context, page } = await phone();
  const sizes = {};
  page.on('requestfinished', async (request) => {
    const s = await request.sizes();
    sizes[new URL(request.url()).pathname] = s.responseBodySize;
  });
  await page.goto(BASE + '/', { waitUntil: 'networkidle' });
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  const parts = Object.entries(sizes).map(([path, size]) => `${path} ${size} B`).join(', ');
  console.log(`form page weight: ${total} bytes compressed (${parts})`);
  assert.ok(Object.keys(sizes).length >= 3, 'HTML, CSS and JS were measured');
  assert.ok(total <= 30 * 1024, `${total} bytes`);
  assert.deepEqual(page.foreign, []);
  await context.close();
});
