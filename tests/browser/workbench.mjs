// The 工作台 (issue 28) as a clerk uses it, in Debian's Chromium: `sunshine serve` on a copy of
// the fixture, the printed address opened, the blank form downloaded (the bytes `sunshine form`
// writes), a returned form with three mistakes uploaded and each seen at its cell, the fixed
// form uploaded, the change table seen, imported, and the site published to a local rclone
// remote (skipped without rclone unless SUNSHINE_CI is set). Screenshots of every screen at
// 1280 px and at tablet width (768 px) go to $SCREENSHOTS (default target/screenshots).
//
//   node tests/browser/workbench.mjs
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

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-workbench-'));
const site = path.join(work, 'site');
fs.cpSync(path.join(repo, 'tests/fixtures/valid'), site, { recursive: true });
const rclone = spawnSync('rclone', ['version']).status === 0;
if (!rclone && process.env.SUNSHINE_CI) throw new Error('rclone is not installed (apt-get install rclone)');
const remote = path.join(work, 'remote');
if (rclone) fs.appendFileSync(path.join(site, 'data/site.toml'), `\n[publish]\ndestination = "${remote}"\n`);

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
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'zh-CN' });
const page = await context.newPage();

/// Screenshots of the page as it is, at 1280 px and at tablet width; no sideways scrolling.
async function shoot(name) {
  for (const width of [1280, 768]) {
    await page.setViewportSize({ width, height: width === 1280 ? 900 : 1024 });
    await page.screenshot({ path: path.join(shots, `workbench-${name}-${width}.png`), fullPage: true });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(`${name} at ${width} px has no sideways scroll`, wide <= 0, `${wide} px too wide`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

// Without the secret: refused.
const refused = await page.goto(`${origin}/_workbench/`);
check('without the secret the 工作台 is refused', refused.status() === 403, refused.status());

// The printed address: the month.
await page.goto(opening);
check('the address with the key opens 本月, without the key in the address', page.url() === `${origin}/_workbench/`, page.url());
check('本月 shows the latest round', (await page.textContent('main h2')).includes('2024 年 8 月'), await page.textContent('main h2'));
await shoot('month');

// The blank form: the bytes `sunshine form` writes.
const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=下载空白月报表')]);
const saved = path.join(work, 'downloaded.xlsx');
await download.saveAs(saved);
const viaCommand = path.join(work, 'form', 'f.xlsx');
fs.mkdirSync(path.dirname(viaCommand));
spawnSync(binary, ['form', '--year', '2024', '--root', site, '--out', viaCommand]);
check('the downloaded form is what sunshine form writes', Buffer.compare(fs.readFileSync(saved), fs.readFileSync(viaCommand)) === 0, 'bytes differ');
check('the download is named for the clerk', download.suggestedFilename() === '招生情况统计表-2024.xlsx', download.suggestedFilename());

// A returned form with three mistakes.
const good = `序号,单位名称,中专人数,3+2人数,五年一贯制人数,一年制人数,总数,报送日期
1,东区第一职业中专,300,50,20,10,380,2024-09-12
2,东区第二职业中专,350,70,10,30,460,2024-09-13
3,示例市技术学校,420,110,30,20,580,2024-09-14
4,其他学校,70,10,0,0,80,2024-09-15
`;
const wrong = good
  .replace('2,东区第二职业中专', '2,东区第二职业中学')
  .replace('420,110,30,20,580', '420,110,30,20,590')
  .replace('4,其他学校,70', '4,其他学校,７0');
const wrongFile = path.join(work, '九月-有错.csv');
const goodFile = path.join(work, '九月.csv');
fs.writeFileSync(wrongFile, wrong);
fs.writeFileSync(goodFile, good);

await page.click('nav >> text=导入报表');
check('the upload form is for September', (await page.inputValue('input[name=month]')) === '9', await page.inputValue('input[name=month]'));
await shoot('upload');
await page.setInputFiles('input[type=file]', wrongFile);
await page.click('button:text("上传并检查")');
await page.waitForSelector('table.sheet');
const bad = await page.$$eval('table.sheet td.bad, table.sheet td.warn', (cells) => cells.map((c) => `${c.id}:${c.className}`));
check('the wrong school name is marked at its cell', bad.includes('cell-B3:bad'), bad);
check('the total that does not add up is marked at its cell', bad.includes('cell-G4:bad'), bad);
const fullWidth = await page.$eval('#cell-C5', (c) => c.textContent);
check('the full-width digit is shown in its cell as typed', fullWidth === '７0', fullWidth);
const said = await page.textContent('body');
check('the full-width digit is spoken of at its cell (read as 70)', said.includes('单元格 C5：“７0”读作 70'), said.slice(0, 400));
check('nothing was written', !fs.existsSync(path.join(site, 'data/2024/reports/2024-09.toml')), 'a report file exists');
await page.click('a[href="#cell-G4"]');
check('a problem links to its cell', page.url().endsWith('#cell-G4'), page.url());
await shoot('mistakes');

// The fixed form: the change table, then 导入.
await page.click('a:text("重新上传")');
await page.setInputFiles('input[type=file]', goodFile);
await page.click('button:text("上传并检查")');
await page.waitForSelector('table.changes');
const row = await page.$$eval('table.changes tr', (rows) => rows.map((r) => r.textContent));
check('the change table shows the new figure', row.some((r) => r.includes('示例市技术学校') && r.includes('580')), row);
check('the dry run wrote nothing', !fs.existsSync(path.join(site, 'data/2024/reports/2024-09.toml')), 'a report file exists');
await shoot('changes');
// The unit's page as the import would make it, before anything is written.
const [preview] = await Promise.all([context.waitForEvent('page'), page.click('a:text("示例市技术学校 的页面")')]);
await preview.waitForLoadState();
check('the preview of the affected page shows the new figure', (await preview.textContent('body')).includes('580'), await preview.url());
const styled = await preview.evaluate(() => getComputedStyle(document.body).fontFamily);
check('the previewed page has the site\'s styles', styled !== '' && !styled.startsWith('Times'), styled);
await preview.setViewportSize({ width: 1280, height: 900 });
await preview.screenshot({ path: path.join(shots, 'workbench-page-preview-1280.png') });
await preview.close();
await page.click('button:text("导入")');
await page.waitForSelector('text=已导入 4 个单位');
check('导入 wrote the report', fs.existsSync(path.join(site, 'data/2024/reports/2024-09.toml')), 'no report');
await shoot('imported');

// The same form through the command gives the same file.
const twin = path.join(work, 'twin');
fs.cpSync(path.join(repo, 'tests/fixtures/valid'), twin, { recursive: true });
const cmd = spawnSync(binary, ['import', goodFile, '--year', '2024', '--month', '9', '--as-of', '2024-09-15', '--root', twin]);
check('the command imports the same form', cmd.status === 0, String(cmd.stderr));
check(
  'the 工作台 writes what the command writes',
  fs.readFileSync(path.join(site, 'data/2024/reports/2024-09.toml'), 'utf8') === fs.readFileSync(path.join(twin, 'data/2024/reports/2024-09.toml'), 'utf8'),
  'report files differ',
);

// Publish.
await page.click('nav >> text=发布');
await page.waitForSelector('button:text("发布")');
await shoot('publish');
await page.click('button:text("发布")');
await page.waitForSelector('text=已生成网站');
if (rclone) {
  check('the site was synced to the remote', (await page.textContent('main')).includes('已同步到'), await page.textContent('main'));
  const list = (dir) => {
    const out = {};
    const walk = (d) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else out[path.relative(dir, p)] = fs.readFileSync(p).toString('base64');
      }
    };
    walk(dir);
    return out;
  };
  const [a, b] = [list(path.join(site, 'public')), list(remote)];
  check('the remote holds the output folder, byte for byte', JSON.stringify(a) === JSON.stringify(b), 'remote differs');
}
check('the publish was logged', fs.readFileSync(path.join(site, 'publish.log'), 'utf8').includes('新增'), 'no log');
await shoot('published');

// September is published now: a form changing one of its figures asks for a correction, and a
// late form may be accepted, in the same screens.
const corrected = good
  .replace('420,110,30,20,580,2024-09-14', '425,110,30,20,585,2024-09-14')
  .replace('4,其他学校,70,10,0,0,80,2024-09-15', '4,其他学校,70,10,0,0,80,2024-09-20');
const correctedFile = path.join(work, '九月-更正.csv');
fs.writeFileSync(correctedFile, corrected);
await page.click('nav >> text=导入报表');
check('after September the upload form is for October', (await page.inputValue('input[name=month]')) === '10', await page.inputValue('input[name=month]'));
await page.fill('input[name=month]', '9');
await page.fill('input[name=as_of]', '2024-09-15');
await page.setInputFiles('input[type=file]', correctedFile);
await page.click('button:text("上传并检查")');
await page.waitForSelector('input[name=reason]');
check('a changed published figure is marked at its cell', (await page.$$eval('table.sheet td.bad', (c) => c.map((x) => x.id))).length > 0, 'no cell');
await page.fill('input[name=date]', '2024-09-20');
await page.fill('input[name=reason]', '学校上报后核实，补录 5 名学生');
await shoot('correction');
await page.click('button:text("写明更正，重新检查")');
await page.waitForSelector('table.changes');
check('the correction is announced before 导入', (await page.textContent('main')).includes('将为 1 个单位写下更正记录'), await page.textContent('main'));
await page.check('input[name=accept_late]');
await page.fill('input[name=late_reason]', '系统故障，经科室同意延期报送');
await shoot('late');
await page.click('button:text("导入")');
await page.waitForSelector('text=已导入 4 个单位');
const september = fs.readFileSync(path.join(site, 'data/2024/reports/2024-09.toml'), 'utf8');
check('the correction was written', september.includes('[[correction]]\nunit = "city-tech"\ndate = 2024-09-20\nreason = "学校上报后核实，补录 5 名学生"'), september);
check('the late form was accepted with its reason', september.includes('late_ok = true\nlate_reason = "系统故障，经科室同意延期报送"'), september);

await browser.close();
server.kill();
fs.rmSync(work, { recursive: true, force: true });
if (failures.length) {
  console.error(`workbench: ${failures.length} failed, ${passed} passed`);
  for (const f of failures) console.error(`  ${f}`);
  process.exit(1);
}
console.log(`workbench: ${passed} checks passed; screenshots in ${path.relative(repo, shots)}`);
