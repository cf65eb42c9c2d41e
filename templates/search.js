// 站内搜索：按需分片加载索引（search/index-N.json），在浏览器内匹配单位名称、单位代码、拼音首字母和文章标题。
// 输入的字可以不连续（“郑州财贸”找到“郑州市财贸学校”），也可以用空格分开几个词。
// Without this script the page still links to every list of the site.
(function () {
  'use strict';
  // The blacklist's data (search/blacklist.json): its promise, and the data once it is in.
  var blacklist = null;
  var blacklistData = null;
  blacklistPage();
  var form = document.getElementById('search-form');
  if (!form) return;
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var shards = parseInt(form.getAttribute('data-shards'), 10) || 0;
  var base = form.getAttribute('data-base') || '';
  var entries = null;
  var loading = null;
  var LIMIT = 50;
  // Browsers refuse to fetch files next to a page opened from disk: say so instead of failing.
  var local = location.protocol === 'file:';

  function load() {
    if (loading) return loading;
    var parts = [];
    for (var i = 0; i < shards; i++) {
      parts.push(fetch(base + 'search/index-' + i + '.json').then(function (r) { return r.json(); }));
    }
    loading = Promise.all(parts).then(function (all) {
      entries = [].concat.apply([], all);
      // The blacklist's answers come with the index; without them the search still works.
      return loadBlacklist(base).then(function (data) { blacklistData = data; }, function () {});
    }).then(function () { return entries; });
    return loading;
  }

  function normalise(s) {
    return (s || '').toLowerCase().replace(/[\s\u3000]+/g, '');
  }

  // Every character of `q` appears in `text` in the same order.
  function inOrder(text, q) {
    var at = 0;
    for (var i = 0; i < q.length; i++) {
      at = text.indexOf(q.charAt(i), at);
      if (at < 0) return false;
      at++;
    }
    return true;
  }

  // 0: the query is part of the name, code or initials; 1: every word of it is; 2: its
  // characters appear in order in the name; -1: no match.
  function rank(e, q, words) {
    var name = normalise(e[0]);
    var other = normalise(e[1]);
    var initials = e[4] || '';
    if (name.indexOf(q) >= 0 || other.indexOf(q) >= 0 || initials.indexOf(q) >= 0) return 0;
    if (words.length > 1 && words.every(function (w) {
      return name.indexOf(w) >= 0 || other.indexOf(w) >= 0 || initials.indexOf(w) >= 0;
    })) return 1;
    if (q.length > 1 && /[^\x00-\x7f]/.test(q) && inOrder(name, q)) return 2;
    return -1;
  }

  function show(query) {
    var q = normalise(query);
    var words = query.toLowerCase().split(/[\s\u3000]+/).filter(Boolean);
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!q) { status.textContent = ''; clearAnswer(); return; }
    var hits = [];
    var answered = answerBlacklist(query, document.getElementById('blacklist-answer'), base, entries);
    for (var i = 0; i < entries.length; i++) {
      // 黑名单, 更正, 举报… typed as they are lead to those pages first.
      var keyword = isKeyword(entries[i], q);
      var r = keyword ? -1 : rank(entries[i], q, words);
      if (r < 0 && !keyword) continue;
      // Blacklist entries close to the name are in the answer, under 名称相近.
      if (answered && isBlacklistEntry(entries[i])) continue;
      hits.push([r, i]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    for (var k = 0; k < hits.length && k < LIMIT; k++) {
      var e = entries[hits[k][1]];
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = base + e[2];
      // Isolated (bdi) as names are in pages: a right-to-left name cannot reorder the words after it.
      var name = document.createElement('bdi');
      name.textContent = e[0];
      a.appendChild(name);
      li.appendChild(a);
      if (e[3]) li.appendChild(document.createTextNode('（' + e[3] + '）'));
      if (e[5]) {
        var fig = document.createElement('span');
        fig.className = 'hit-figures';
        fig.textContent = e[5];
        li.appendChild(fig);
      }
      // 已更正: the figures include a corrected figure; the mark links to its record.
      if (e[6]) {
        var mark = document.createElement('a');
        mark.className = 'flag flag-correction';
        mark.href = base + e[6];
        mark.textContent = '已更正';
        li.appendChild(document.createTextNode(' '));
        li.appendChild(mark);
      }
      // A measure in force (停止招生, …): said in words, before the reader opens the page.
      if (e[7]) {
        var measure = document.createElement('strong');
        measure.className = 'hit-measure';
        measure.textContent = e[7];
        li.appendChild(measure);
      }
      list.appendChild(li);
    }
    var found = hits.length;
    status.textContent = found === 0 ? (answered ? '没有找到名称含“' + query + '”的单位、专业或文章。' :
      '没有找到“' + query + '”。查单位、专业可以少输入几个字，或用拼音首字母；查黑名单请输入完整名称或统一社会信用代码。') :
      '找到 ' + found + ' 项' + (found > LIMIT ? '，显示前 ' + LIMIT + ' 项，请输入更多的字缩小范围' : '') + '。';
  }

  // The blacklist's answer is not shown while a query is typed to nothing.
  function clearAnswer() {
    var box = document.getElementById('blacklist-answer');
    if (box) { box.hidden = true; while (box.firstChild) box.removeChild(box.firstChild); }
  }

  function run() {
    var query = input.value;
    if (local) { status.textContent = '直接打开文件时不能搜索：请用 sunshine serve 预览，或发布到服务器后使用。'; return; }
    load().then(function () { show(query); }, function () { status.textContent = '搜索索引加载失败，请刷新重试。'; });
  }

  form.addEventListener('submit', function (ev) { ev.preventDefault(); run(); });
  input.addEventListener('input', run);
  form.hidden = false;
  var note = document.getElementById('search-nojs');
  if (note) note.hidden = true;
  var q = new URLSearchParams(location.search).get('q');
  if (q) { input.value = q; run(); }

  // ---- 校企合作黑名单：在或不在 ----
  // A name is on the list when it is an entry's name after the same normalisation as unit names
  // (src/names.rs: no spaces or invisible characters, full-width letters and digits as
  // half-width), or its unified social credit code. Anything else is "not on the list", with the
  // date and size of the list; names that only contain the query, or that it contains, are listed
  // apart as 名称相近, never as a yes.

  function loadBlacklist(base) {
    if (!blacklist) {
      blacklist = fetch(base + 'search/blacklist.json').then(function (r) { return r.json(); });
    }
    return blacklist;
  }

  function nameKey(s) {
    var out = (s || '').replace(/[\s\u3000*\u200b-\u200d\u2060\ufeff]/g, '')
      .replace(/[\uff01-\uff5e]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); });
    ['(人)', '(人数)'].forEach(function (u) {
      if (out.length > u.length && out.slice(-u.length) === u) out = out.slice(0, -u.length);
    });
    return out;
  }

  function isKeyword(e, q) {
    return (e[1] || '').split(' ').indexOf(q) >= 0 && e[3].indexOf('校企合作黑名单：') !== 0;
  }

  function isBlacklistEntry(e) {
    return (e[3] || '').indexOf('校企合作黑名单：') === 0;
  }

  // Exact entries (listed first), and entries whose name is close: contains the query, or is
  // contained in it.
  function lookUp(query, data) {
    var key = nameKey(query);
    var code = key.toUpperCase();
    var exact = [];
    var close = [];
    if (!key) return { exact: exact, close: close };
    data.entries.forEach(function (b) {
      if (b.key === key || (b.code && b.code === code)) exact.push(b);
      else if ((key.length >= 2 && b.key.indexOf(key) >= 0) || (b.key.length >= 4 && key.indexOf(b.key) >= 0)) close.push(b);
    });
    exact.sort(function (a, b) { return (b.listed ? 1 : 0) - (a.listed ? 1 : 0); });
    return { exact: exact, close: close };
  }

  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (text) n.textContent = text;
    if (cls) n.className = cls;
    return n;
  }

  function named(name) {
    var b = el('bdi', name);
    var s = el('strong');
    s.appendChild(b);
    return s;
  }

  // 中介组织，统一社会信用代码 …。2024年8月10日列入，原因：…；依据 …。
  function details(b) {
    var t = b.kind + (b.code ? '，统一社会信用代码 ' + b.code : '') + '。' + b.date + '列入，原因：' + b.reason;
    if (b.document) t += '；依据 ' + b.document;
    t += '。';
    if (!b.listed) t += b.removed ? b.removed + '已移出，记录仍保留。' : '已移出，记录仍保留。';
    return t;
  }

  function link(href, text) {
    var a = el('a', text);
    a.href = href;
    return a;
  }

  // Fills `box` with the answer for `query`; false when there is nothing to say (a word such as
  // 护理 or a unit's name, which no entry is close to). `entries`: the search index, to tell a
  // name the site knows otherwise (null on the blacklist page, where every query is a name).
  function render(box, query, data, base, entries) {
    var found = lookUp(query, data);
    var key = nameKey(query);
    if (!found.exact.length && !found.close.length && entries) {
      var known = entries.some(function (e) { return nameKey(e[0]) === key || isKeyword(e, key.toLowerCase()); });
      if (known || key.length < 4) return false;
    }
    while (box.firstChild) box.removeChild(box.firstChild);
    var listed = found.exact.filter(function (b) { return b.listed; });
    var head = el('p', null, 'answer-head');
    if (listed.length) {
      box.className = 'answer answer-yes';
      head.appendChild(el('span', '黑名单', 'flag flag-warning'));
      head.appendChild(document.createTextNode(' '));
      head.appendChild(named(listed[0].name));
      head.appendChild(el('strong', ' 在校企合作黑名单上'));
      box.appendChild(head);
    } else {
      box.className = 'answer answer-no';
      head.appendChild(named(found.exact.length ? found.exact[0].name : query.trim()));
      head.appendChild(el('strong', ' 不在校企合作黑名单上'));
      head.appendChild(document.createTextNode('（截至 ' + data.as_of + '，共 ' + data.count + ' 条）'));
      box.appendChild(head);
    }
    found.exact.forEach(function (b) {
      var p = el('p', details(b) + ' ');
      p.appendChild(link(base + b.path, '查看名单上的这一条'));
      box.appendChild(p);
    });
    if (!listed.length) {
      var ask = el('p', data.ask + (data.phone ? '：' : '。'));
      if (data.phone) {
        ask.appendChild(link('tel:' + data.tel, data.phone));
        ask.appendChild(document.createTextNode('。'));
      }
      ask.appendChild(link(base + data.ask_path, '举报与咨询'));
      box.appendChild(ask);
    }
    if (found.close.length) {
      box.appendChild(el('h2', '名称相近', 'answer-close'));
      box.appendChild(el('p', '下列名称含有您输入的字，但与它不完全相同：请核对对方的全称或统一社会信用代码。', 'note'));
      var ul = el('ul', null, 'records');
      found.close.forEach(function (b) {
        var li = el('li');
        var a = link(base + b.path, '');
        a.appendChild(el('bdi', b.name));
        li.appendChild(a);
        li.appendChild(document.createTextNode('（' + b.kind + '，' + b.date + '列入' + (b.listed ? '' : '，已移出') + '）'));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    box.hidden = false;
    return true;
  }

  // The search page: answers a name above the other results. Returns whether it did.
  function answerBlacklist(query, box, base, entries) {
    if (!box || !blacklistData) return false;
    var shown = render(box, query, blacklistData, base, entries);
    if (!shown) { box.hidden = true; while (box.firstChild) box.removeChild(box.firstChild); }
    return shown;
  }

  // The blacklist page's own box: answers in place; without script it asks the search page.
  function blacklistPage() {
    var f = document.getElementById('blacklist-form');
    if (!f) return;
    var input = document.getElementById('blacklist-q');
    var box = document.getElementById('blacklist-answer');
    var base = f.getAttribute('data-base') || '';
    if (location.protocol === 'file:') return;
    function ask() {
      var query = input.value;
      if (!nameKey(query)) { box.hidden = true; return; }
      loadBlacklist(base).then(function (data) { render(box, query, data, base, null); },
        function () { f.submit(); });
    }
    f.addEventListener('submit', function (ev) { ev.preventDefault(); ask(); });
    var q = new URLSearchParams(location.search).get('q');
    if (q) { input.value = q; ask(); }
  }
})();
