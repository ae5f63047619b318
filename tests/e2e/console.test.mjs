// The staff console in Chromium at a desk (1280 px) and on a tablet (768 px). The Rust test made
// the accounts: STAFF_PASSWORD for admin@, inspector@ (Anhui labour inspection), union@ (Anhui
// trade union) and volunteer@ example.org.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, shot, axe, report, fileByApi } from './helpers.mjs';

const PASSWORD = process.env.STAFF_PASSWORD;
const filed = [];
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  report('console', filed);
});

const DESK = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };
const TABLET = { viewport: { width: 768, height: 1024 }, isMobile: true, hasTouch: true, locale: 'zh-CN' };

async function signIn(page, email) {
  await page.goto(BASE + '/signin');
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('form[action="/signin"] button[type=submit]');
  await page.waitForURL(/\/console/);
}

function complaint(description) {
  return {
    category: 'wage_arrears', region_code: '341102', description, platform: '美团',
    contact: { name: '李师傅', phone: '13900139000' }, consent: { processing: true, forwarding: true },
  };
}

async function noSidewaysScroll(page, label) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(wide, false, `${label} scrolls sideways`);
}

test('an officer accepts a case, notes it, transfers it, and the other office finds it', async () => {
  const answer = await fileByApi(complaint('站点两个月没有结算配送费，一共四千二百元。'));
  filed.push(answer.reference);
  const { context, page } = await open(browser, DESK);
  await signIn(page, 'inspector@example.org');
  await page.click('nav.tabs a[href*="view=new"]');
  await page.waitForSelector(`#queue a:has-text("${answer.reference}")`);
  await axe(page, 'the queue');
  await noSidewaysScroll(page, 'the queue');
  await shot(page, 'console-queue');
  await page.click(`#queue a:has-text("${answer.reference}")`);
  await page.waitForSelector('#transition-form');
  await axe(page, 'the case');
  await shot(page, 'console-case');
  assert.match(await page.textContent('#contact'), /139\*\*\*\*9000/, 'masked until revealed');

  await page.selectOption('#to', 'accepted');
  await page.click('#transition-form button[type=submit]');
  await page.waitForSelector('#done');
  assert.equal((await page.textContent('#case-status')).trim(), '已受理');
  await page.fill('#note-body', '内部：先打电话给站长核实。');
  await page.click('#note-form button[type=submit]');
  await page.waitForSelector('#done');
  await page.fill('#note-body', '我们已受理，会在五个工作日内联系站点。');
  await page.locator('label[for="visible_to_worker"]').click();
  await page.click('#note-form button[type=submit]');
  await page.waitForSelector('#done');
  const timeline = await page.textContent('#timeline');
  assert.match(timeline, /内部：先打电话给站长核实。/);
  assert.match(timeline, /我们已受理/);

  // The worker reads the visible note and never the internal one.
  const { context: phone, page: worker } = await open(browser, { viewport: { width: 360, height: 640 }, locale: 'zh-CN' });
  await worker.goto(BASE + '/track');
  await worker.fill('#reference', answer.reference);
  await worker.fill('#receipt_code', answer.receipt_code);
  await worker.click('#track-form button[type=submit]');
  await worker.waitForSelector('#timeline');
  const seen = await worker.textContent('#timeline');
  assert.match(seen, /我们已受理/);
  assert.doesNotMatch(seen, /内部/);
  await phone.close();

  const caseUrl = page.url().split('?')[0];
  const union = await page.locator('#office_id option', { hasText: '滁州市琅琊区总工会' }).getAttribute('value');
  await page.selectOption('#office_id', union);
  await page.fill('#transfer-reason', '涉及平台规则，由工会处理。');
  await page.click('#transfer-form button[type=submit]');
  await page.waitForSelector('#done');
  const gone = await page.goto(caseUrl);
  assert.equal(gone.status(), 404, "another office's case is not found");
  assert.match(await page.textContent('h1'), /没有这个页面/);
  await axe(page, 'the not-found page');
  await context.close();

  const { context: other, page: unionPage } = await open(browser, DESK);
  await signIn(unionPage, 'union@example.org');
  await unionPage.waitForSelector(`#queue a:has-text("${answer.reference}")`);
  await unionPage.click(`#queue a:has-text("${answer.reference}")`);
  await unionPage.waitForSelector('#timeline');
  assert.match(await unionPage.textContent('#timeline'), /转办/);

  // The union issues an opinion (意见书), prints its draft, and refers the case to the procuratorate.
  await unionPage.selectOption('#doc-kind', 'opinion');
  await unionPage.fill('#doc-issued', '2026-06-15');
  await unionPage.fill('#doc-addressee', '琅琊区某配送站');
  await unionPage.fill('#doc-summary', '要求十日内结清拖欠的配送费。');
  await unionPage.click('#document-form button[type=submit]');
  await unionPage.waitForSelector('#documents li');
  await axe(unionPage, 'the case with its documents');
  const caseWithDocuments = unionPage.url();
  await unionPage.click('#drafts a[href*="kind=opinion"]');
  await unionPage.waitForLoadState();
  assert.match(await unionPage.textContent('body'), new RegExp(answer.reference));
  assert.doesNotMatch(await unionPage.textContent('body'), /李师傅|13900139000/, 'no identity in the draft');
  await axe(unionPage, 'the printable opinion');
  await shot(unionPage, 'console-document-draft');
  await unionPage.goto(caseWithDocuments);
  await unionPage.click('#refer');
  await unionPage.waitForSelector('#done');
  await other.close();

  const { context: pil, page: pilPage } = await open(browser, DESK);
  await signIn(pilPage, 'pil@example.org');
  await pilPage.goto(`${BASE}/console/cases/${answer.reference}`);
  await pilPage.waitForSelector('#documents li');
  assert.match(await pilPage.textContent('#documents'), /意见书/);
  await pil.close();
});

test('the console on a tablet: queue and case readable and accessible', async () => {
  const answer = await fileByApi(complaint('平板测试：外卖平台罚款规则不透明，每单扣五元。'));
  filed.push(answer.reference);
  const { context, page } = await open(browser, TABLET);
  await signIn(page, 'inspector@example.org');
  await page.waitForSelector('#queue');
  await noSidewaysScroll(page, 'the queue on a tablet');
  await axe(page, 'the queue on a tablet');
  await page.goto(`${BASE}/console/cases/${answer.reference}`);
  await page.waitForSelector('#timeline');
  await noSidewaysScroll(page, 'the case on a tablet');
  await axe(page, 'the case on a tablet');
  await shot(page, 'console-case-tablet');
  await context.close();
});

test('a volunteer files on behalf of a worker and sees it in their list', async () => {
  const { context, page } = await open(browser, TABLET);
  await signIn(page, 'volunteer@example.org');
  await axe(page, 'the volunteer list');
  await page.click('a.button[href="/"]');
  await page.waitForSelector('#consent_method');
  await page.locator('label[for="consent_method-verbal"]').click();
  await page.locator('label[for="category-social_insurance"]').click();
  await page.selectOption('#province', '34');
  await page.waitForSelector('#city option[value="3411"]', { state: 'attached' });
  await page.selectOption('#city', '3411');
  await page.fill('#description', '志愿者代提交：公司一直没有给这位骑手缴社保。');
  await page.fill('#name', '赵师傅');
  await page.fill('#phone', '13700137000');
  await page.locator('label[for="consent_processing"]').click();
  await page.locator('label[for="consent_forwarding"]').click();
  await page.click('#submit');
  await page.waitForSelector('#receipt-code');
  const reference = (await page.textContent('#reference')).trim();
  filed.push(reference);
  await page.goto(BASE + '/console');
  await page.waitForSelector('#mine');
  assert.match(await page.textContent('#mine'), new RegExp(reference));
  await axe(page, 'the volunteer list with a filing');
  await context.close();
});

test('an administrator adds a routing rule and the tester shows its effect', async () => {
  const { context, page } = await open(browser, DESK);
  await signIn(page, 'admin@example.org');
  await page.goto(BASE + '/console/admin');
  await axe(page, 'the administration index');
  const tester = async () => {
    await page.goto(BASE + '/console/admin/rules');
    await page.selectOption('#test-category', 'heat_safety');
    await page.fill('#test-region_code', '341102');
    await page.click('#tester-form button[type=submit]');
    await page.waitForSelector('#tester-result');
    return page.textContent('#tester-result');
  };
  const before = await tester();
  assert.doesNotMatch(before, /安徽省妇女联合会/);
  await axe(page, 'the rules page with the tester');

  // Heat safety in Chuzhou goes to the provincial women's federation as well, as a copy.
  await page.selectOption('#category', 'heat_safety');
  await page.fill('#region_prefix', '3411');
  await page.fill('#office_code', '34-womens-federation');
  await page.selectOption('#role', 'copy');
  await page.click('#rule-form button[type=submit]');
  await page.waitForSelector('#done');
  const after = await tester();
  assert.match(after, /安徽省妇女联合会/, 'the new rule shows in the tester');
  await shot(page, 'console-rules');
  for (const path of ['/console/admin/offices', '/console/admin/staff', '/console/admin/outbox', '/console/admin/audit']) {
    await page.goto(BASE + path);
    await axe(page, path);
    await noSidewaysScroll(page, path);
  }
  await context.close();
});

test('an administrator finds offices, sets a deadline and loads the calendar', async () => {
  const { context, page } = await open(browser, DESK);
  await signIn(page, 'admin@example.org');

  // The offices page: the unconfirmed addresses by province, and the filters.
  await page.goto(BASE + '/console/admin/offices');
  await page.waitForSelector('#unconfirmed');
  await axe(page, 'the offices page');
  await page.click('#unconfirmed-34 a');
  await page.waitForSelector('#offices');
  assert.equal(await page.isChecked('#filter-unconfirmed'), true, 'the count leads to the unconfirmed offices');
  await page.selectOption('#filter-kind', 'labour_inspection');
  await page.fill('#filter-q', '341102');
  await page.click('#offices-filter button[type=submit]');
  await page.waitForSelector('#offices');
  assert.match(await page.textContent('#offices'), /341102-labour-inspection/);
  await axe(page, 'the offices page, filtered');
  await noSidewaysScroll(page, 'the offices page');
  await page.goto(BASE + '/console/admin/offices?kind=police');
  await page.waitForSelector('#filter-kind-error');
  await axe(page, 'the offices page with a wrong filter');

  // Deadlines: the table, one kind's form with a problem, then saved.
  await page.goto(BASE + '/console/admin/deadlines');
  await page.waitForSelector('#deadlines');
  await axe(page, 'the deadlines');
  await noSidewaysScroll(page, 'the deadlines');
  await page.click('#deadlines-womens_federation a');
  await page.waitForSelector('#deadline-form');
  await axe(page, 'the deadlines of a kind');
  await page.fill('#ack_amount', '400');
  await page.click('#deadline-form button[type=submit]');
  await page.waitForSelector('#ack_amount-error');
  await axe(page, 'the deadlines of a kind with a problem');
  await page.fill('#ack_amount', '10');
  await page.click('#deadline-form button[type=submit]');
  await page.waitForSelector('#done');
  assert.match(await page.textContent('#deadlines-womens_federation'), /10/);

  // The calendar: a refused paste names its row, a good one is listed.
  await page.goto(BASE + '/console/admin/calendar?year=2030');
  await page.waitForSelector('#calendar-form');
  await axe(page, 'the calendar');
  await page.fill('#csv', 'date,kind\n2030-10-01,holiday\n2030-10-08,workday\n');
  await page.click('#calendar-form button[type=submit]');
  await page.waitForSelector('#csv-error');
  assert.match(await page.textContent('#csv-error'), /3/);
  await axe(page, 'the calendar with a problem');
  await page.fill('#csv', 'date,kind\n2030-10-01,holiday\n2030-10-12,workday\n');
  await page.click('#calendar-form button[type=submit]');
  await page.waitForSelector('#done');
  await page.goto(BASE + '/console/admin/calendar?year=2030');
  await page.waitForSelector('#calendar');
  assert.match(await page.textContent('#calendar'), /2030-10-12/);
  await axe(page, 'the calendar with days');
  await noSidewaysScroll(page, 'the calendar');
  await context.close();
});

test('the dashboard draws its figures as SVG with tables for screen readers', async () => {
  const { context, page } = await open(browser, DESK);
  await signIn(page, 'admin@example.org');
  await page.goto(BASE + '/console/dashboard');
  assert.equal(await page.locator('figure svg[role="img"]').count(), 4);
  assert.ok(await page.locator('figure details table caption').count() >= 4);
  await axe(page, 'the dashboard');
  await noSidewaysScroll(page, 'the dashboard');
  await shot(page, 'console-dashboard');
  await context.close();
});

test('complaints that share a platform in one city become a lead the procuratorate sees', async () => {
  // Two filings by the tests above named 美团 in Chuzhou for unpaid wages; three more make five.
  for (const platform of ['美团外卖', 'Meituan ', 'MEITUAN']) {
    const body = complaint(`${platform}的站点拖欠配送费，已经两个月没有结算。`);
    body.platform = platform;
    filed.push((await fileByApi(body)).reference);
  }
  const { context, page } = await open(browser, DESK);
  // A lead in 滁州 goes to 滁州市人民检察院.
  await signIn(page, 'citypil@example.org');
  await page.goto(BASE + '/console/leads');
  await page.waitForSelector('#leads a');
  await axe(page, 'the leads');
  await page.click('#leads a');
  await page.waitForLoadState();
  await axe(page, 'a lead');
  await shot(page, 'console-lead');
  await context.close();
});
