// Browser, accessibility and HTML-validity checks of generated sites, in Debian's Chromium.
//
//   node tests/browser/run.mjs NAME=DIR [NAME=DIR …]
//
// For each site: the overview, a unit page, a monthly form page, a notice, the complaint page,
// the data page, the year's 警示与处理 page, the blacklist and 404, at 360×800 and 1280×800: axe-core finds no WCAG 2.2 A/AA violation; no
// request leaves 127.0.0.1; no console error or script dialog; no sideways scrolling at 360 px;
// text of at least 16 px; every chart has an accessible name and description in Chromium's
// accessibility tree; every in-page link brings its target into view when clicked;
// with JavaScript off the page reads the same. Then the Nu Html Checker validates every page.
// Every page with a table, at 360 px and 1280 px, with and without 大字模式: no figure is ever
// partly visible while a table scrolls sideways, and a table's first view shows a figure; chart
// numbers grow in 大字模式 and keep a 4.5:1 contrast.
// ONLY=tables runs the table and chart checks alone (quicker, while working on the layout).
// Screenshots go to $SCREENSHOTS (default target/screenshots).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar');
const shots = process.env.SCREENSHOTS || 'target/screenshots';
fs.mkdirSync(shots, { recursive: true });

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.xml': 'application/xml',
  '.json': 'application/json', '.csv': 'text/csv; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png' };

function serve(root) {
  const dir = path.resolve(root);
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(dir, rel);
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(404, { 'Content-Type': TYPES['.html'] }).end(fs.readFileSync(path.join(dir, '404.html')));
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const firstDir = (dir, pick = 'first') => {
  if (!fs.existsSync(dir)) return null;
  const names = fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isDirectory()).sort();
  return names.length ? (pick === 'last' ? names[names.length - 1] : names[0]) : null;
};

function pagesOf(dir) {
  const year = fs.readdirSync(dir).filter((n) => /^\d{4}$/.test(n)).sort().pop();
  const pages = [['overview', '/']];
  const unit = year && firstDir(path.join(dir, year, 'units'));
  if (unit) pages.push(['unit', `/${year}/units/${unit}/`]);
  const report = year && firstDir(path.join(dir, year, 'reports'), 'last');
  if (report) pages.push(['report', `/${year}/reports/${report}/`]);
  const notice = firstDir(path.join(dir, 'notices'));
  if (notice) pages.push(['notice', `/notices/${notice}/`]);
  if (year && fs.existsSync(path.join(dir, year, 'programs'))) pages.push(['programs', `/${year}/programs/`]);
  if (year && fs.existsSync(path.join(dir, year, 'disclosure'))) pages.push(['disclosure', `/${year}/disclosure/`]);
  if (year && fs.existsSync(path.join(dir, year, 'actions'))) pages.push(['actions', `/${year}/actions/`]);
  if (fs.existsSync(path.join(dir, 'blacklist'))) pages.push(['blacklist', '/blacklist/']);
  if (fs.existsSync(path.join(dir, 'corrections'))) pages.push(['corrections', '/corrections/']);
  // 历年情况: the index (the city across years) and a unit's page.
  if (fs.existsSync(path.join(dir, 'units'))) pages.push(['years', '/units/']);
  const across = firstDir(path.join(dir, 'units'));
  if (across) pages.push(['unit-years', `/units/${across}/`]);
  // 更新记录: every release of the open data and what it changed.
  if (fs.existsSync(path.join(dir, 'data', 'releases', 'index.html'))) pages.push(['releases', '/data/releases/']);
  pages.push(['contact', '/contact/'], ['data', '/data/'], ['search', '/search/'], ['404', '/no-such-page/']);
  return pages;
}

let passed = 0;
const failures = [];
function check(name, ok, detail) {
  if (ok) passed += 1;
  else failures.push(`${name}: ${typeof detail === 'string' ? detail : JSON.stringify(detail, null, 1)}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

// Every HTML page of a site that has a table, as a path from the site's root.
function tablePagesOf(dir) {
  const out = [];
  const walk = (rel) => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (fs.statSync(path.join(dir, r)).isDirectory()) walk(r);
      else if (name.endsWith('.html') && /<table/.test(fs.readFileSync(path.join(dir, r), 'utf8'))) {
        out.push('/' + (name === 'index.html' ? (rel ? `${rel}/` : '') : r));
      }
    }
  };
  walk('');
  return out;
}

// In the page: every table's scroller (its .table-wrap), scrolled sideways to ten positions
// (0, 1/9 … 1 of its scroll range). At each, every text with a digit in it (its own box, from a
// Range, line by line) is either wholly inside the scroller's visible part not covered by the
// sticky column, or wholly outside it: never a 500 shown for 1,500. Texts in the sticky column
// itself must be wholly inside the scroller. At position 0 a figure (a body cell with a digit,
// not 序号) is wholly in view. Every filled cell of a data table is labelled (data-h) with its
// column's header, as the cards on a phone show it. Chart data tables are opened for the check.
function tableFigures() {
  for (const d of document.querySelectorAll('main details')) d.open = true;
  const out = [];
  const unlabelled = [];
  const clipped = (el, stop) => {
    for (let e = el; e && e !== stop; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || (cs.clip && cs.clip !== 'auto')) return true;
    }
    return false;
  };
  const text = (r) => r.toString().trim().slice(0, 24);
  for (const table of document.querySelectorAll('main table')) {
    if (!table.getClientRects().length) continue;
    const wrap = table.closest('.table-wrap') || table.parentElement;
    const name = (table.caption?.textContent || '').trim().slice(0, 24) || '(no caption)';
    const max = Math.max(0, wrap.scrollWidth - wrap.clientWidth);
    const cells = [...table.querySelectorAll('th, td')];
    const sticky = cells.filter((c) => getComputedStyle(c).position === 'sticky' && !clipped(c, table));
    const seqCols = new Set();
    if (table.tHead) [...table.tHead.rows].pop().querySelectorAll('th').forEach((th, i) => { if (th.textContent.trim() === '序号') seqCols.add(i); });
    const digits = [];
    const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!/\d/.test(n.data)) continue;
      const cell = n.parentElement.closest('th, td');
      if (!cell || n.parentElement.closest('caption') || clipped(n.parentElement, table)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const figure = cell.tagName === 'TD' && cell.parentElement.parentElement.tagName === 'TBODY' && !seqCols.has(cell.cellIndex);
      digits.push({ range, cell, inSticky: sticky.some((s) => s === cell || s.contains(cell)), figure });
    }
    // Each filled cell of a data table carries its column's header (data-h), which names it on
    // a phone, where the table is a list of cards.
    if (table.matches('.data:not(.defs)') && table.tHead) {
      const heads = [...[...table.tHead.rows].pop().cells].map((th) => th.textContent.replace(/\s+/g, ' ').trim());
      for (const row of [...table.tBodies].flatMap((b) => [...b.rows]).concat(table.tFoot ? [...table.tFoot.rows] : [])) {
        for (const cell of row.cells) {
          if (cell.tagName !== 'TD' || !cell.textContent.trim()) continue;
          if (cell.getAttribute('data-h') !== heads[cell.cellIndex] && unlabelled.length < 5) {
            unlabelled.push(`${name}: "${cell.textContent.trim().slice(0, 16)}" is labelled "${cell.getAttribute('data-h')}" under the header "${heads[cell.cellIndex]}"`);
          }
        }
      }
    }
    if (!digits.length) continue;
    const figures = digits.some((d) => d.figure);
    for (let i = 0; i <= 9; i += 1) {
      wrap.scrollLeft = Math.round((max * i) / 9);
      const box = wrap.getBoundingClientRect();
      const left = box.left + wrap.clientLeft;
      const right = left + wrap.clientWidth;
      // The sticky column covers from the scroller's left edge to its own right edge.
      const cover = sticky.reduce((m, s) => Math.max(m, s.getBoundingClientRect().right), left);
      let shown = 0;
      for (const d of digits) {
        for (const r of d.range.getClientRects()) {
          if (r.width === 0) continue;
          const [a, b] = d.inSticky ? [left, right] : [cover, right];
          const inside = r.left >= a - 0.5 && r.right <= b + 0.5;
          const outside = r.right <= a + 0.5 || r.left >= b - 0.5;
          if (!inside && !outside) {
            out.push(`${name} at ${i}/9: "${text(d.range)}" is partly visible (text ${r.left.toFixed(0)}–${r.right.toFixed(0)}, visible ${a.toFixed(0)}–${b.toFixed(0)})`);
          } else if (inside && d.figure && !d.inSticky) shown += 1;
        }
        if (out.length > 5) return { out, unlabelled };
      }
      if (i === 0 && figures && shown === 0) out.push(`${name}: its first view shows no figure`);
    }
    wrap.scrollLeft = 0;
  }
  return { out, unlabelled };
}

// In the page: the rendered size (font size × the chart's scale) and contrast on white of every
// chart text with a digit, and any chart number (a text of digits, commas, points, % and /) that
// reaches past its chart's edge, where it would be cut.
function chartNumbers() {
  const lum = (c) => { const v = c / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const contrast = (rgb) => { const [r, g, b] = rgb.match(/\d+/g).map(Number); const l = 0.2126 * lum(r) + 0.7152 * lum(g) + 0.0722 * lum(b); return 1.05 / (l + 0.05); };
  const sizes = []; const low = []; const outside = [];
  for (const svg of document.querySelectorAll('main svg[role="img"]')) {
    const vb = svg.viewBox.baseVal;
    const scale = svg.getBoundingClientRect().width / vb.width;
    if (!scale) continue;
    for (const t of svg.querySelectorAll('text')) {
      const bb = t.getBBox();
      if (/^[\d,.%/\s]+$/.test(t.textContent) && (bb.x < vb.x - 0.5 || bb.y < vb.y - 0.5 || bb.x + bb.width > vb.x + vb.width + 0.5 || bb.y + bb.height > vb.y + vb.height + 0.5)) outside.push(t.textContent.slice(0, 24));
      if (!/\d/.test(t.textContent)) continue;
      const cs = getComputedStyle(t);
      sizes.push(parseFloat(cs.fontSize) * scale);
      // White text is drawn on a bar, not on the page: its contrast is the bar's, checked elsewhere.
      if (cs.fill !== 'rgb(255, 255, 255)' && contrast(cs.fill) < 4.5) low.push(`${t.textContent.slice(0, 16)} ${cs.fill}`);
    }
  }
  return { min: sizes.length ? Math.min(...sizes) : 0, count: sizes.length, low, outside };
}

const only = process.env.ONLY;
const sites = process.argv.slice(2).map((arg) => arg.split('='));
for (const [site, dir] of sites) {
  const server = await serve(dir);
  const base = `http://127.0.0.1:${server.address().port}`;
  // Tables and chart numbers, on every page with a table, at 360 and 1280 px, plain and 大字.
  for (const [width, height] of [[360, 800], [1280, 800]]) {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    for (const url of tablePagesOf(dir)) {
      await page.goto(base + url, { waitUntil: 'load' });
      const charts = {};
      for (const large of [false, true]) {
        await page.evaluate((on) => document.documentElement.classList.toggle('large-text', on), large);
        const label = `${site} ${url} ${width}px${large ? ' 大字' : ''}`;
        const { out: bad, unlabelled } = await page.evaluate(tableFigures);
        check(`${label}: no figure partly visible at any sideways position; the first view shows a figure`, bad.length === 0, bad);
        if (!large && width === 360) check(`${label}: every filled cell of a data table is labelled with its column's header`, unlabelled.length === 0, unlabelled);
        charts[large] = await page.evaluate(chartNumbers);
        check(`${label}: chart numbers of 4.5:1 contrast`, charts[large].low.length === 0, charts[large].low);
        check(`${label}: chart numbers within their chart`, charts[large].outside.length === 0, charts[large].outside);
      }
      if (charts[false].count) {
        check(`${site} ${url} ${width}px: chart numbers larger in 大字模式 (${charts[false].min.toFixed(1)} → ${charts[true].min.toFixed(1)}px)`,
          charts[true].min > charts[false].min, `${charts[false].min.toFixed(1)}px → ${charts[true].min.toFixed(1)}px`);
      }
    }
    await context.close();
  }
  if (only === 'tables') { server.close(); continue; }
  for (const [pageName, url] of pagesOf(dir)) {
    for (const [width, height] of [[360, 800], [1280, 800]]) {
      const label = `${site} ${pageName} ${width}px`;
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      const external = [];
      const consoleErrors = [];
      const dialogs = [];
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.protocol !== 'data:' && u.hostname !== '127.0.0.1') external.push(r.url());
      });
      page.on('console', (m) => { if (m.type() === 'error' && !/404 \(Not Found\)/.test(m.text())) consoleErrors.push(m.text()); });
      page.on('pageerror', (e) => consoleErrors.push(String(e)));
      page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
      const response = await page.goto(base + url, { waitUntil: 'load' });
      check(`${label}: status`, response.status() === (pageName === '404' ? 404 : 200), `HTTP ${response.status()}`);
      check(`${label}: no request leaves 127.0.0.1`, external.length === 0, external);
      check(`${label}: no console error`, consoleErrors.length === 0, consoleErrors);
      check(`${label}: no script dialog`, dialogs.length === 0, dialogs);

      const layout = await page.evaluate(() => {
        const small = [];
        for (const el of document.querySelectorAll('main p, main li, main td, main th, main dd, main dt, main figcaption, main summary, footer p')) {
          if (!el.textContent.trim()) continue;
          const size = parseFloat(getComputedStyle(el).fontSize);
          if (size < 16) small.push(`${el.tagName}.${el.className}: ${size}px "${el.textContent.trim().slice(0, 30)}"`);
        }
        // Chart text as rendered: its font size times the chart's scale on screen.
        const chartText = [];
        for (const svg of document.querySelectorAll('svg[role="img"]')) {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          if (!scale) continue;
          for (const t of svg.querySelectorAll('text')) chartText.push(parseFloat(getComputedStyle(t).fontSize) * scale);
        }
        return {
          chartMin: Math.min(...chartText), chartMax: Math.max(...chartText),
          body: parseFloat(getComputedStyle(document.body).fontSize),
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          small,
          charts: document.querySelectorAll('svg[role="img"]').length,
          text: document.body.innerText,
        };
      });
      if (width === 360) check(`${label}: no sideways scrolling`, layout.overflow <= 0, `${layout.overflow}px too wide`);
      check(`${label}: text of at least 16px`, layout.small.length === 0, layout.small.slice(0, 5));
      if (width === 360) check(`${label}: chart text of at least 12px`, !(layout.chartMin < 12), `${layout.chartMin.toFixed(1)}px`);
      else check(`${label}: chart text no larger than body text`, !(layout.chartMax > layout.body), `${layout.chartMax.toFixed(1)}px > ${layout.body}px`);

      // Chart titles as assistive technology sees them: Chromium's own accessibility tree.
      const cdp = await context.newCDPSession(page);
      const { nodes } = await cdp.send('Accessibility.getFullAXTree');
      const named = nodes.filter((n) => ['image', 'img'].includes(n.role?.value) && n.name?.value?.trim()).length;
      check(`${label}: every chart has an accessible name`, named >= layout.charts, `${named} named of ${layout.charts}`);
      // The SVG's <desc> (the finding in words) as its description: no aria-describedby needed.
      const described = nodes.filter((n) => ['image', 'img'].includes(n.role?.value) && n.description?.value?.trim()).length;
      check(`${label}: every chart has an accessible description`, described >= layout.charts, `${described} described of ${layout.charts}`);

      await page.evaluate(axeSource);
      const axe = await page.evaluate(() => axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }));
      check(`${label}: axe WCAG 2.2 A/AA (target size included)`, axe.violations.length === 0,
        axe.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })));
      await page.screenshot({ path: path.join(shots, `${site}-${pageName}-${width}.png`), fullPage: true });

      // Wide tables at 360 px: at several sideways scroll positions, every cell whose column
      // header is in view (not scrolled off, not under the sticky unit column) is itself in view,
      // not hidden under the sticky column. Chart data tables are opened for the check.
      if (width === 360) {
        const hidden = await page.evaluate(() => {
          for (const d of document.querySelectorAll('main details')) d.open = true;
          const out = [];
          const inside = (el, cell) => !!el && (el === cell || cell.contains(el));
          const at = (el) => { window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 200); return el.getBoundingClientRect(); };
          for (const wrap of document.querySelectorAll('.table-wrap')) {
            const table = wrap.querySelector('table');
            const max = wrap.scrollWidth - wrap.clientWidth;
            if (!table || !wrap.getClientRects().length || max <= 0 || !table.tHead) continue;
            const columns = (row) => { let col = 0; return [...row.cells].map((cell) => { const span = [col, col + cell.colSpan - 1]; col += cell.colSpan; return [cell, span]; }); };
            const head = [...table.tHead.rows].pop();
            const body = [...table.tBodies].flatMap((b) => [...b.rows]).concat(table.tFoot ? [...table.tFoot.rows] : []);
            for (const f of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
              wrap.scrollLeft = Math.round(max * f);
              const view = at(wrap);
              const shows = (cell) => {
                const r = cell.getBoundingClientRect();
                const x = r.left + r.width / 2; const y = r.top + Math.min(r.height / 2, 12);
                if (x <= view.left || x >= view.right) return null;
                return inside(document.elementFromPoint(x, y), cell);
              };
              at(head);
              const seen = columns(head).filter(([cell]) => shows(cell)).map(([, span]) => span);
              for (const row of body) {
                at(row);
                for (const [cell, [a, b]] of columns(row)) {
                  if (!seen.some(([c, d]) => a <= d && c <= b)) continue;
                  if (shows(cell) === false) {
                    out.push(`${table.caption?.textContent.trim().slice(0, 30)} at ${Math.round(f * 100)}%: "${cell.textContent.trim().slice(0, 20)}" (row "${row.cells[0].textContent.trim().slice(0, 12)}", column ${a + 1}) is covered while its header shows`);
                    if (out.length > 5) return out;
                  }
                }
              }
            }
            wrap.scrollLeft = 0;
          }
          window.scrollTo(0, 0);
          return out;
        });
        check(`${label}: no table cell hidden while its column header shows`, hidden.length === 0, hidden);
      }

      // Every in-page link a reader can see (图表数据见本页…表, 见上文, 查看专业与计划 …) brings its
      // target into view when clicked, as a person would follow it.
      const jumps = await page.evaluate(() => [...new Set([...document.querySelectorAll('main a[href^="#"]')]
        .filter((a) => a.getClientRects().length && a.getAttribute('href').length > 1).map((a) => a.getAttribute('href')))]);
      const missed = [];
      for (const href of jumps) {
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.locator(`main a[href="${href}"]`).first().click({ timeout: 5000 });
        const shown = await page.evaluate((id) => {
          const el = document.getElementById(decodeURIComponent(id));
          if (!el) return false;
          const r = el.getBoundingClientRect();
          return r.height > 0 && r.top >= -1 && r.top < window.innerHeight;
        }, href.slice(1));
        if (!shown) missed.push(href);
      }
      check(`${label}: every in-page link brings its target into view`, missed.length === 0, missed);
      await page.evaluate(() => window.scrollTo(0, 0));

      // Every page but search (whose form only appears with a script) reads the same without it.
      if (width === 360 && pageName !== 'search') {
        const noJs = await browser.newContext({ viewport: { width, height }, javaScriptEnabled: false });
        const plain = await noJs.newPage();
        await plain.goto(base + url, { waitUntil: 'load' });
        const text = await plain.evaluate(() => document.body.innerText);
        check(`${label}: reads the same with JavaScript off`, text === layout.text, 'page text differs without JavaScript');
        await noJs.close();
      }
      await context.close();
    }
  }
  // An address cut short at a folder (…/2024/units/) lands, at once, on the list of what the
  // folder holds, scrolled to it: no 404 page.
  {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    const year = fs.readdirSync(dir).filter((n) => /^\d{4}$/.test(n)).sort().pop();
    const folders = year ? [`/${year}/units/`, `/${year}/reports/`, `/data/${year}/`] : [];
    for (const folder of folders.filter((f) => fs.existsSync(path.join(dir, f)))) {
      const response = await page.goto(base + folder, { waitUntil: 'load' });
      await page.waitForURL((u) => u.pathname !== folder, { timeout: 5000 }).catch(() => {});
      const landed = new URL(page.url());
      const shown = await page.evaluate(() => {
        const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
        if (!el) return false;
        const r = el.getBoundingClientRect();
        return r.top >= -1 && r.top < window.innerHeight;
      });
      check(`${site} ${folder}: answers and lands on its list (${landed.pathname}${landed.hash})`,
        response.status() === 200 && landed.pathname !== folder && shown, page.url());
    }
    await context.close();
  }
  // Search: part of a unit's name finds that unit, with the script on; without it the page says
  // where the full lists are.
  {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    await page.goto(base + '/', { waitUntil: 'load' });
    const first = page.locator('table.data tbody th a').first();
    const hasUnit = (await first.count()) > 0;
    const name = hasUnit ? (await first.textContent()).trim() : '';
    const href = hasUnit ? await first.getAttribute('href') : '';
    const part = [...name].slice(1, 3).join('');
    await page.goto(base + '/search/', { waitUntil: 'load' });
    if (hasUnit) {
      await page.fill('#search-q', part);
      const hit = page.locator('#search-results a', { hasText: name }).first();
      let found = false;
      try { await hit.waitFor({ timeout: 5000 }); found = true; } catch { found = false; }
      check(`${site} search: "${part}" finds ${name}`, found, await page.locator('#search-status').textContent());
      if (found) {
        check(`${site} search: result names are isolated (bdi)`, (await hit.locator('bdi').count()) === 1, await hit.innerHTML());
      }
      if (found) {
        const target = new URL(await hit.getAttribute('href'), base + '/search/').pathname;
        check(`${site} search: the result links to the unit page`, target === new URL(href, base + '/').pathname, target);
      }
      // Characters of the name in order but not together (郑州财贸 → 郑州市财贸学校) find it too, and
      // the result shows the unit's figures.
      const chars = [...name];
      if (chars.length >= 4) {
        const gappy = chars[0] + chars.slice(-2).join('');
        await page.fill('#search-q', gappy);
        const hit = page.locator('#search-results li', { hasText: name }).first();
        let ok = false;
        try { await hit.waitFor({ timeout: 5000 }); ok = true; } catch { ok = false; }
        check(`${site} search: "${gappy}" (not together in the name) finds ${name}`, ok, await page.locator('#search-status').textContent());
        if (ok) check(`${site} search: the result shows the unit's quota`, /招生任务/.test(await hit.textContent()), await hit.textContent());
      }
      // The header's search box on every page is a plain form to the search page.
      await page.goto(base + '/', { waitUntil: 'load' });
      await page.fill('#site-q', part);
      await Promise.all([page.waitForURL(/\/search\/\?q=/), page.locator('.site-search button').click()]);
      const fromHeader = page.locator('#search-results a', { hasText: name }).first();
      let viaHeader = false;
      try { await fromHeader.waitFor({ timeout: 5000 }); viaHeader = true; } catch { viaHeader = false; }
      check(`${site} search: the header's box finds ${name}`, viaHeader, page.url());
      const index = await (await fetch(base + '/search/index-0.json')).json();
      const initials = (index.find((e) => e[0] === name) || [])[4];
      if (initials) {
        await page.fill('#search-q', initials);
        const byInitials = page.locator('#search-results a', { hasText: name }).first();
        let ok = false;
        try { await byInitials.waitFor({ timeout: 5000 }); ok = true; } catch { ok = false; }
        check(`${site} search: pinyin initials "${initials}" find ${name}`, ok, await page.locator('#search-status').textContent());
      }
    }
    // 大字模式: the header's button (revealed by our script) sets text of at least 20 px, chart
    // text grows with it on a wide screen, and the choice holds on the next page.
    {
      const wide = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const p = await wide.newPage();
      const errors = [];
      p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await p.goto(base + '/', { waitUntil: 'load' });
      const before = await p.evaluate(() => { const s = document.querySelector('svg[role="img"]'); return s ? s.getBoundingClientRect().width : 0; });
      await p.locator('#text-size').click();
      await p.goto(base + '/contact/', { waitUntil: 'load' });
      const sizes = await p.evaluate(() => ({ pressed: document.getElementById('text-size').getAttribute('aria-pressed'),
        small: [...document.querySelectorAll('main p, main li, main td, main dd')].filter((e) => e.textContent.trim() && parseFloat(getComputedStyle(e).fontSize) < 20).length }));
      check(`${site} 大字模式: text of at least 20px on the next page`, sizes.pressed === 'true' && sizes.small === 0, sizes);
      await p.goto(base + '/', { waitUntil: 'load' });
      const after = await p.evaluate(() => { const s = document.querySelector('svg[role="img"]'); return s ? s.getBoundingClientRect().width : 0; });
      check(`${site} 大字模式: charts grow with the text`, before === 0 || after > before, `${before} → ${after}`);
      check(`${site} 大字模式: no console error`, errors.length === 0, errors);
      await wide.close();
    }
    // 举报 and 有偿招生 lead to the complaint box.
    for (const word of ['举报', '有偿招生']) {
      await page.goto(base + '/search/?q=' + encodeURIComponent(word), { waitUntil: 'load' });
      const hit = page.locator('#search-results a[href*="contact/"]').first();
      let ok = false;
      try { await hit.waitFor({ timeout: 5000 }); ok = true; } catch { ok = false; }
      check(`${site} search: "${word}" finds the complaint box`, ok, await page.locator('#search-status').textContent());
    }
    // A program's name finds the program and leads to a page listing the schools that teach it.
    const programs = (await (await fetch(base + '/search/index-0.json')).json())
      .filter((e) => e[3].startsWith('招生专业'));
    if (programs.length) {
      const [pname, , ppath] = programs[0];
      await page.goto(base + '/search/', { waitUntil: 'load' });
      await page.fill('#search-q', pname);
      const hit = page.locator('#search-results a', { hasText: pname }).first();
      let found = false;
      try { await hit.waitFor({ timeout: 5000 }); found = true; } catch { found = false; }
      check(`${site} search: the program "${pname}" is found`, found, await page.locator('#search-status').textContent());
      if (found) {
        await hit.click();
        await page.waitForLoadState('load');
        const anchor = new URL(page.url()).hash.slice(1);
        const schools = await page.evaluate((id) => {
          const scope = (id && document.getElementById(id)?.closest('section')) || document.querySelector('main');
          return [...scope.querySelectorAll('tbody th a')].length;
        }, anchor);
        check(`${site} search: "${pname}" leads to the schools that teach it (${ppath})`, schools > 0, page.url());
      }
    }
    // A program taught by a school under a measure (停止招生, …): the hit says so in words, at 360 px.
    const flagged = (await (await fetch(base + '/search/index-0.json')).json())
      .filter((e) => e[3].startsWith('招生专业') && e[6]);
    if (flagged.length) {
      const [fname, , , , , , measure] = flagged[0];
      await page.goto(base + '/search/?q=' + encodeURIComponent(fname), { waitUntil: 'load' });
      const hit = page.locator('#search-results li', { hasText: fname }).first();
      let shown = '';
      try { await hit.locator('.hit-measure').waitFor({ timeout: 5000 }); shown = await hit.locator('.hit-measure').textContent(); } catch { shown = ''; }
      check(`${site} search: "${fname}" shows its schools' measure (${measure})`, shown === measure, shown);
      const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      check(`${site} search: the measure under "${fname}" fits 360 px`, fits, 'sideways scrolling');
      await page.screenshot({ path: path.join(shots, `${site}-search-measure-360.png`) });
    }
    // A parent types part of an agent's name: the blacklist entry is found and leads to it.
    const listed = (await (await fetch(base + '/search/index-0.json')).json())
      .filter((e) => e[3].startsWith('校企合作黑名单：中介组织'));
    if (listed.length) {
      const [bname, , bpath] = listed[0];
      const bpart = [...bname].slice(3, 7).join('');
      await page.goto(base + '/search/', { waitUntil: 'load' });
      await page.fill('#search-q', bpart);
      // Part of a name is not on the list: the entry is listed apart, under 名称相近.
      const hit = page.locator('#blacklist-answer a', { hasText: bname }).first();
      let found = false;
      try { await hit.waitFor({ timeout: 5000 }); found = true; } catch { found = false; }
      check(`${site} search: "${bpart}" finds the blacklisted ${bname}`, found, await page.locator('#search-status').textContent());
      if (found) {
        await hit.click();
        await page.waitForLoadState('load');
        const anchor = new URL(page.url()).hash.slice(1);
        const entry = await page.evaluate((id) => document.getElementById(id)?.textContent || '', anchor);
        check(`${site} search: "${bname}" leads to its blacklist entry (${bpath})`, entry.includes(bname), page.url());
      }
    }
    // The blacklist answers yes or no (at 360 px): a listed name, or its credit code, is "on the
    // list" with its kind, date, reason and document; any other name is "not on it", with the
    // list's date and size and whom to ask, and names that only contain it listed apart.
    const bl = await fetch(base + '/search/blacklist.json').then((r) => (r.ok ? r.json() : null), () => null);
    const onList = bl && bl.entries.find((b) => b.listed && b.code && b.document);
    if (onList) {
      const answer = async (where, query) => {
        await page.goto(base + where + '?q=' + encodeURIComponent(query), { waitUntil: 'load' });
        const box = page.locator('#blacklist-answer:not([hidden])');
        try { await box.waitFor({ timeout: 5000 }); } catch { return { cls: '', text: '' }; }
        return { cls: await box.getAttribute('class'), text: (await box.textContent()).replace(/\s+/g, ' ') };
      };
      const yes = await answer('/blacklist/', onList.name);
      check(`${site} blacklist page: "${onList.name}" is on the list, with its kind, date, reason and document`,
        yes.cls === 'answer answer-yes' && yes.text.includes(onList.name + ' 在校企合作黑名单上') && yes.text.includes(onList.kind)
        && yes.text.includes(onList.date + '列入，原因：' + onList.reason + '；依据 ' + onList.document), yes);
      const byCode = await answer('/search/', ' ' + onList.code.toLowerCase() + ' ');
      check(`${site} search: the credit code ${onList.code} (typed in lower case) is on the list`,
        byCode.cls === 'answer answer-yes' && byCode.text.includes(onList.name), byCode);
      const part = [...onList.name].slice(3, 7).join('');
      const no = await answer('/blacklist/', part);
      const head = `${part} 不在校企合作黑名单上（截至 ${bl.as_of}，共 ${bl.count} 条）`;
      check(`${site} blacklist page: "${part}" (part of a name) is not on the list; ${onList.name} is listed apart under 名称相近`,
        no.cls === 'answer answer-no' && no.text.includes(head) && no.text.includes(bl.ask) && no.text.includes('名称相近')
        && no.text.indexOf(onList.name) > no.text.indexOf('名称相近'), no);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      check(`${site} blacklist page: the answer fits 360 px`, wide <= 360, wide);
      const none = await answer('/search/', '不存在的教育咨询有限公司');
      check(`${site} search: a name the list does not have is not on it, with nothing close`,
        none.cls === 'answer answer-no' && none.text.includes('不在校企合作黑名单上（截至 ' + bl.as_of) && !none.text.includes('名称相近'), none);
      const unlisted = await page.locator('#search-results a', { hasText: onList.name }).count();
      check(`${site} search: a blacklisted name is not also among the results`, unlisted === 0, unlisted);
    }
    // The words for the blacklist, corrections, complaint and warnings pages find them first
    // (a site with no year yet has no warnings page).
    const indexed = (await (await fetch(base + '/search/index-0.json')).json()).map((e) => e[2]);
    for (const [word, target] of [['黑名单', 'blacklist/'], ['更正', 'corrections/'], ['更正记录', 'corrections/'],
      ['举报', 'contact/'], ['投诉', 'contact/'], ['警示', '/actions/']].filter(([, t]) => indexed.some((p) => p.includes(t)))) {
      await page.goto(base + '/search/?q=' + encodeURIComponent(word), { waitUntil: 'load' });
      const first = page.locator('#search-results li a').first();
      let href = '';
      try { await first.waitFor({ timeout: 5000 }); href = await first.getAttribute('href'); } catch { href = ''; }
      check(`${site} search: "${word}" finds ${target} first`, href.includes(target), href);
    }
    await context.close();
    const noJs = await browser.newContext({ viewport: { width: 360, height: 800 }, javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(base + '/search/', { waitUntil: 'load' });
    check(`${site} search without JavaScript points to the lists`, await plain.locator('#search-nojs').isVisible(), 'no hint');
    if (fs.existsSync(path.join(dir, 'blacklist'))) {
      await plain.goto(base + '/blacklist/', { waitUntil: 'load' });
      const form = plain.locator('#blacklist-form');
      check(`${site} blacklist page without JavaScript: its box asks the search page`,
        (await form.isVisible()) && (await form.getAttribute('action')) === '../search/', await form.getAttribute('action'));
    }
    await noJs.close();
  }
  server.close();
}
await browser.close();

// The Nu Html Checker over every generated page of every site.
const vnu = only === 'tables' ? { status: 0 } : spawnSync('java', ['-jar', vnuJar, '--errors-only', '--skip-non-html', '--format', 'gnu',
  ...sites.map(([, dir]) => dir)], { encoding: 'utf8' });
check('Nu Html Checker: no error', vnu.status === 0, (vnu.stderr || '') + (vnu.stdout || '') + (vnu.error ? String(vnu.error) : ''));

for (const f of failures) console.error(`FAIL ${f}`);
console.log(`browser: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
