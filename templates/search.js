// 站内搜索：按需分片加载索引（search/index-N.json），在浏览器内匹配单位名称、单位代码、拼音首字母和文章标题。
// 输入的字可以不连续（“郑州财贸”找到“郑州市财贸学校”），也可以用空格分开几个词。
// Without this script the page still links to every list of the site.
(function () {
  'use strict';
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
      return entries;
    });
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
    if (!q) { status.textContent = ''; return; }
    var hits = [];
    for (var i = 0; i < entries.length; i++) {
      var r = rank(entries[i], q, words);
      if (r >= 0) hits.push([r, i]);
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
    status.textContent = found === 0 ? '没有找到“' + query + '”。可以少输入几个字，或用拼音首字母。' :
      '找到 ' + found + ' 项' + (found > LIMIT ? '，显示前 ' + LIMIT + ' 项，请输入更多的字缩小范围' : '') + '。';
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
})();
