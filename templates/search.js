// 站内搜索：按需分片加载索引（search/index-N.json），在浏览器内匹配单位名称、单位代码、拼音首字母和文章标题。
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
    return s.toLowerCase().replace(/[\s\u3000]+/g, '');
  }

  function show(query) {
    var q = normalise(query);
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!q) { status.textContent = ''; return; }
    var found = 0;
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i];
      if (normalise(e[0]).indexOf(q) < 0 && normalise(e[1]).indexOf(q) < 0 && (e[4] || '').indexOf(q) < 0) continue;
      found++;
      if (found > LIMIT) continue;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = base + e[2];
      a.textContent = e[0];
      li.appendChild(a);
      if (e[3]) li.appendChild(document.createTextNode('（' + e[3] + '）'));
      list.appendChild(li);
    }
    status.textContent = found === 0 ? '没有找到“' + query + '”。' :
      '找到 ' + found + ' 项' + (found > LIMIT ? '，显示前 ' + LIMIT + ' 项，请输入更多的字缩小范围' : '') + '。';
  }

  function run() {
    var query = input.value;
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
