// The preview as a clerk uses it (issue 18), in Debian's Chromium: `sunshine serve` on a copy of a
// site, a unit page open, a figure edited in a report file, and the page reloads by itself with
// the new figure; a mistake shows the error page, which reloads into the fixed page; a rebuild
// missed while the event stream was down reloads the page when the stream is back.
//
//   node tests/browser/reload.mjs                  the test, on tests/fixtures/valid
//   node tests/browser/reload.mjs --root DIR --runs N
//                                                  reload latency on a copy of DIR's sources
//
// $SUNSHINE is the binary (default target/debug/sunshine; use target/release/sunshine to
// measure). Latency is from just before the file is written to the reloaded page's load event.
// Nothing leaves 127.0.0.1.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const bench = args.includes('--root');
const source = path.resolve(option('--root', path.join(repo, 'tests/fixtures/valid')));
const runs = Number(option('--runs', bench ? 10 : 3));
const binary = path.resolve(process.env.SUNSHINE || path.join(repo, 'target/debug/sunshine'));

let passed = 0;
const failures = [];
function check(name, ok, detail) {
  if (ok) passed += 1;
  else failures.push(`${name}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
}

// A copy of the site's sources only: a repository root also holds target/ and public/.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-reload-'));
for (const dir of ['data', 'content', 'templates', 'static']) {
  if (fs.existsSync(path.join(source, dir))) fs.cpSync(path.join(source, dir), path.join(work, dir), { recursive: true });
}

// The latest report file and the unit of its first row: that unit's page shows its figure.
const year = fs.readdirSync(path.join(work, 'data')).filter((n) => /^\d{4}$/.test(n)).sort().pop();
const reportDir = path.join(work, 'data', year, 'reports');
const report = path.join(reportDir, fs.readdirSync(reportDir).filter((n) => n.endsWith('.toml')).sort().pop());
const firstRow = /\[\[row\]\][^\n]*\nunit = "([^"]+)"\n([\s\S]*?)(?=\n\[\[row\]\]|$)/;
const unit = fs.readFileSync(report, 'utf8').match(firstRow)[1];
const url = `/${year}/units/${unit}/`;

/// Adds `by` to the first row's three_year and total (so the row still adds up).
function bump(by) {
  const text = fs.readFileSync(report, 'utf8');
  const edited = text.replace(firstRow, (row) => row
    .replace(/three_year = (-?\d+)/, (_, n) => `three_year = ${Number(n) + by}`)
    .replace(/total = (\d+)/, (_, n) => `total = ${Number(n) + by}`));
  fs.writeFileSync(report, edited);
}

const server = spawn(binary, ['serve', '--port', '0', '--quiet', '--root', work], { stdio: ['ignore', 'pipe', 'inherit'] });
// Whatever fails below, the preview does not outlive the test.
process.on('exit', () => server.kill());
const port = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const m = out.match(/127\.0\.0\.1:(\d+)\//);
    if (m) resolve(Number(m[1]));
  });
  server.on('exit', (code) => reject(new Error(`sunshine serve exited (${code}): ${out}`)));
});
const base = `http://127.0.0.1:${port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await (await browser.newContext()).newPage();
const external = [];
const consoleErrors = [];
page.on('request', (r) => { if (new URL(r.url()).hostname !== '127.0.0.1') external.push(r.url()); });
// A 404 is the browser asking for /favicon.ico; a 500 is the error page, expected here.
page.on('console', (m) => { if (m.type() === 'error' && !/(404 \(Not Found\)|500 \(Internal Server Error\))/.test(m.text())) consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));

// The figure as the page shows it: the number beside 累计招生.
const shown = () => page.evaluate(() => {
  const dt = [...document.querySelectorAll('dt')].find((d) => d.textContent.trim() === '累计招生');
  const big = dt && dt.nextElementSibling && dt.nextElementSibling.querySelector('.big');
  return big ? Number(big.textContent.trim()) : null;
});
const heading = () => page.evaluate(() => document.querySelector('h1')?.textContent.trim() ?? '');

/// Makes `edit`, waits (at most 10 s) for the open page to load anew by itself, and returns the
/// milliseconds from the edit to the new page's load event.
async function reloadAfter(edit) {
  await page.evaluate(() => { window.__notReloaded = true; });
  const loaded = page.waitForEvent('load', { timeout: 10000 });
  const started = Date.now();
  edit();
  await loaded;
  await page.waitForFunction(() => !window.__notReloaded && document.readyState === 'complete', null, { timeout: 10000 });
  const nav = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd);
  return Math.max(0, Math.round(nav - started));
}

await page.goto(base + url, { waitUntil: 'load' });
// Let the event stream connect before the first edit, as it has when a clerk starts typing.
await page.waitForTimeout(500);
let figure = await shown();
check(`${url}: shows a figure`, Number.isInteger(figure), String(figure));
const latencies = [];
for (let i = 0; i < runs; i += 1) {
  try {
    const ms = await reloadAfter(() => bump(1));
    figure += 1;
    latencies.push(ms);
    check(`edit ${i + 1}: the page reloaded with ${figure}`, (await shown()) === figure, String(await shown()));
  } catch (e) {
    check(`edit ${i + 1}: the page reloaded by itself`, false, String(e));
    break;
  }
  await page.waitForTimeout(300);
}

if (!bench) {
  // A mistake: the page becomes the error page by itself, then the fixed page again.
  const broken = fs.readFileSync(report, 'utf8');
  try {
    await reloadAfter(() => fs.writeFileSync(report, broken.replace(/three_year = (\d+)/, 'three_year = -$1')));
    check('a negative figure: the page reloads into the error page', (await heading()).includes('数据有错误'), await heading());
    await page.waitForTimeout(300);
    await reloadAfter(() => fs.writeFileSync(report, broken));
    check('fixed: the error page reloads into the unit page', (await shown()) === figure, `${await heading()} ${await shown()}`);
  } catch (e) {
    check('the error page comes and goes by itself', false, String(e));
  }
  check('no request leaves 127.0.0.1', external.length === 0, external);
  // Checked before the stream is cut on purpose below, which the console reports.
  check('no console error', consoleErrors.length === 0, consoleErrors);
  // A rebuild the page missed (its event stream was down, as when the preview restarts or a
  // laptop wakes): when the stream comes back, the page sees that the build it came from is not
  // the one shown and reloads.
  try {
    let down = true;
    await page.route('**/__sunshine/events', (route) => (down ? route.abort() : route.continue()));
    await page.reload({ waitUntil: 'load' });
    await page.waitForTimeout(300);
    const loaded = page.waitForEvent('load', { timeout: 15000 });
    await page.evaluate(() => { window.__notReloaded = true; });
    bump(1);
    figure += 1;
    await page.waitForTimeout(1000);
    down = false;
    await loaded;
    await page.waitForFunction(() => !window.__notReloaded, null, { timeout: 5000 });
    check('a missed rebuild: the page reloads once its stream is back', (await shown()) === figure, String(await shown()));
  } catch (e) {
    check('a missed rebuild: the page reloads once its stream is back', false, String(e));
  }
}

await browser.close();
server.kill();
fs.rmSync(work, { recursive: true, force: true });

if (latencies.length) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`reload latency (edit → page loaded) on ${path.relative(repo, source) || '.'}, ${url}: ` +
    `median ${median} ms, max ${sorted[sorted.length - 1]} ms over ${sorted.length} edits [${latencies.join(', ')}]`);
}
for (const f of failures) console.error(`FAIL ${f}`);
console.log(`reload: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
