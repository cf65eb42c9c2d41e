// The 工作台's records in forms (issue 28) in Debian's Chromium, as a clerk uses them without
// JavaScript: the index of records, a blacklist entry added with a wrong then a right credit
// code, a published quota adjusted with a date and reason, a file changed on disk while its form
// was open, a notice previewed. Screenshots at 1280, 800 and 360 px go to $SCREENSHOTS (default
// target/screenshots), with a check that no page scrolls sideways.
//
//   node tests/browser/workbench_records.mjs
//
// Nothing leaves 127.0.0.1.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const binary = path.resolve(process.env.SUNSHINE || path.join(repo, 'target/debug/sunshine'));
const shots = path.resolve(repo, process.env.SCREENSHOTS || 'target/screenshots');
fs.mkdirSync(shots, { recursive: true });

let passed = 0;
const failures = [];
function check(name, ok, detail) {
  if (ok) passed += 1;
  else failures.push(`${name}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-records-'));
const site = path.join(work, 'site');
fs.cpSync(path.join(repo, 'tests/fixtures/valid'), site, { recursive: true });
// Published once, so that a quota change asks for its adjustment.
const built = spawnSync(binary, ['build', '--root', site, '--out', path.join(site, 'public')]);
if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);

const server = spawn(binary, ['serve', '--port', '0', '--quiet', '--root', site], { stdio: ['ignore', 'pipe', 'inherit'] });
process.on('exit', () => server.kill());
const lines = readline.createInterface({ input: server.stdout });
const printed = [];
for await (const line of lines) {
  printed.push(line);
  if (printed.length === 2) break;
}
const opening = printed[1].match(/http:\/\/127\.0\.0\.1:\d+\/_workbench\/\?key=[0-9a-f]+/)[0];
const origin = new URL(opening).origin;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', javaScriptEnabled: false });
const page = await context.newPage();

const pages = [];
async function shoot(name) {
  const html = path.join(shots, `records-${name}.html`);
  fs.writeFileSync(html, await page.content());
  pages.push(html);
  for (const width of [1280, 800, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
    await page.screenshot({ path: path.join(shots, `records-${name}-${width}.png`), fullPage: true });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth).catch(() => 0);
    check(`${name} at ${width} px has no sideways scroll`, wide <= 0, `${wide} px too wide`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/// Presses a form's button and waits for the answer page to be loaded.
async function press(label) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`button:text-is("${label}")`)]);
}

const refused = await page.goto(`${origin}/_workbench/records/`);
check('without the secret the records are refused', refused.status() === 403, refused.status());

await page.goto(opening);
await page.click('header nav >> text=记录');
check('the index of records', (await page.textContent('h1')).includes('记录'), await page.textContent('h1'));
await shoot('index');

// A blacklist entry: a wrong credit code, then the right one.
await page.click('a[href="/_workbench/records/blacklist/2024/"]');
await shoot('list');
await page.click('text=新增一条');
await page.fill('#f-name', '金光教育咨询有限公司');
await page.selectOption('#f-kind', 'agency');
await page.fill('#f-credit_code', '91350100M000100Y4X');
await page.fill('#f-date', '2024-09-01');
await page.fill('#f-reason', '以有偿方式向学校输送生源');
await page.fill('#f-units', 'east-school-a，city-tech');
await press('保存');
const note = await page.textContent('.field.bad').catch(() => '');
check('the wrong credit code shows the expected check character beside it', note.includes('应为 “3”') && note.includes('A09'), note);
check('the values typed are still there', (await page.inputValue('#f-name')) === '金光教育咨询有限公司', await page.inputValue('#f-name'));
await page.focus('#f-credit_code');
await shoot('blacklist-wrong');
await page.fill('#f-credit_code', '91350100M000100Y43');
await press('保存');
const saved = await page.textContent('.box.good').catch(() => '');
check('the right credit code saves', saved.includes('已保存到'), saved);
await shoot('blacklist-saved');

// A published quota: refused without a reason, saved with one.
await page.goto(`${origin}/_workbench/records/quotas/2024/edit/east-school-a`);
await page.fill('#f-quota', '380');
await press('保存');
const c07 = await page.textContent('.field.bad').catch(() => '');
check('a published quota asks for its adjustment', c07.includes('C07'), c07);
await shoot('quota-refused');
await page.fill('#f-adjustment\\.date', '2024-09-10');
await page.fill('#f-adjustment\\.reason', '生源不足，核减任务');
await press('保存');
check('the adjustment saves', (await page.textContent('.box.good').catch(() => '')).includes('已保存到'), 'not saved');

// A file changed on disk while its form is open.
await page.goto(`${origin}/_workbench/records/units/edit/city-tech`);
const units = path.join(site, 'data/units.toml');
const text = fs.readFileSync(units, 'utf8').replace('name = "示例市技术学校"', 'name = "示例市技术学校（新校区）"');
fs.writeFileSync(units, text);
await page.fill('#f-name', '示例市高级技工学校');
await press('保存');
check('a changed file is not overwritten', fs.readFileSync(units, 'utf8') === text, 'overwritten');
check('the value typed comes back', (await page.inputValue('#f-name')) === '示例市高级技工学校', await page.inputValue('#f-name'));
await shoot('changed');

// The site's details and a measure: forms generated from their declarations.
await page.goto(`${origin}/_workbench/records/site/`);
check('the site form has the complaint channels', (await page.$$('input[name^="complaints."]')).length > 0, 'no complaints fields');
await shoot('site');
await page.goto(`${origin}/_workbench/records/measures/2024/edit/2`);
check('a measure opens with its values', (await page.inputValue('#f-measure')) === '压缩招生人数', await page.inputValue('#f-measure'));
await shoot('measure');

// A unit renamed: the records that name it are listed, each a link to its form.
await page.goto(`${origin}/_workbench/records/units/edit/others`);
await page.fill('#f-id', 'others-x');
await press('保存');
const elsewhere = await page.$$eval('.others a', (links) => links.map((a) => a.getAttribute('href')));
check('problems in other records link to their forms', elsewhere.includes('/_workbench/records/quotas/2024/edit/others'), elsewhere);
await shoot('unit-renamed');

// A notice previewed.
await page.goto(`${origin}/_workbench/records/notices/new`);
await page.fill('#f-slug', '2024-baoming');
await page.fill('#f-title', '2024 年报名通知');
await page.fill('#f-body', '## 报名时间\n\n9 月 1 日起，携带户口本到学校报名。\n\n- 东区第一职业中专\n- 示例市技术学校\n');
await press('预览');
check('the notice preview shows the body rendered', (await page.textContent('.preview .page-body h2').catch(() => '')).includes('报名时间'), 'no preview');
await shoot('notice-preview');

// With JavaScript: the credit code checked as it is typed.
const live = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
const typing = await live.newPage();
const errors = [];
typing.on('pageerror', (e) => errors.push(String(e)));
typing.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
await typing.goto(opening);
await typing.goto(`${origin}/_workbench/records/blacklist/2024/new`);
await typing.type('#f-credit_code', '91350100M000100Y4');
check('17 characters typed: the check character is said', (await typing.textContent('#live-credit_code')).includes('应为 3'), await typing.textContent('#live-credit_code'));
await typing.type('#f-credit_code', 'X');
check('a wrong check character is said as typed', (await typing.textContent('#live-credit_code')).includes('应为 3，这里是 X'), await typing.textContent('#live-credit_code'));
await typing.fill('#f-name', '金光教育咨询有限公司');
await typing.focus('#f-credit_code');
for (const width of [1280, 800]) {
  await typing.setViewportSize({ width, height: 900 });
  await typing.screenshot({ path: path.join(shots, `records-credit-live-${width}.png`) });
}
await typing.fill('#f-credit_code', '91350100M000100Y43');
check('a right code is said to be right', (await typing.textContent('#live-credit_code')).includes('校验码正确'), await typing.textContent('#live-credit_code'));
check('no script errors (the policy allows the page its own script)', errors.length === 0, errors);

await browser.close();

// The pages are valid HTML (the Nu Html Checker, as the browser suite runs it).
const vnuJar = path.join(repo, 'tests/browser/node_modules/vnu-jar/build/dist/vnu.jar');
const vnu = spawnSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'gnu', ...pages], { encoding: 'utf8' });
check('Nu Html Checker: no error', vnu.status === 0, (vnu.stderr || '') + (vnu.stdout || '') + (vnu.error ? String(vnu.error) : ''));

console.log(`${passed} passed, ${failures.length} failed; screenshots in ${shots}`);
for (const f of failures) console.log(`FAILED ${f}`);
process.exit(failures.length ? 1 : 0);
