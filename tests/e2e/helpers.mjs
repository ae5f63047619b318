// What the browser test files share: the browser, screenshots, axe-core and the results file.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BASE = process.env.BASE_URL;
const AXE = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
// Under target/ (SCREENSHOTS, set by tests/tests/e2e.rs): build output, never committed.
const SHOTS = process.env.SCREENSHOTS
  ? pathToFileURL(`${process.env.SCREENSHOTS}/`)
  : new URL('../../target/e2e-screenshots/', import.meta.url);
mkdirSync(SHOTS, { recursive: true });

export async function launch() {
  assert.ok(BASE, 'BASE_URL is set by the Rust test that starts the server');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A browser context that records every request to another host on its pages. */
export async function open(browser, options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.foreign = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(BASE) && !r.url().startsWith('data:')) page.foreign.push(r.url());
  });
  return { context, page };
}

export async function shot(page, name) {
  await page.screenshot({ path: fileURLToPath(new URL(`${name}.png`, SHOTS)), fullPage: true });
}

/** axe-core's WCAG 2.1 A/AA rules and best practices: no violation at all. */
export async function axe(page, label) {
  // The page's CSP forbids inline scripts; DevTools evaluation is not subject to it.
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `axe on ${label}`);
}

/** Writes the references a test file filed, for the Rust test to check in the database. */
export function report(name, filed) {
  if (process.env.RESULTS) writeFileSync(`${process.env.RESULTS}/${name}.json`, JSON.stringify({ filed }));
}

/** Files a complaint through the JSON API; with a token, as a volunteer on a worker's behalf. */
export async function fileByApi(body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(BASE + '/api/v1/complaints', { method: 'POST', headers, body: JSON.stringify(body) });
  assert.equal(res.status, 201);
  return res.json();
}
