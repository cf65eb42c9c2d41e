// 大字模式：页眉的“大字”按钮把全站文字放大到 20 像素以上，记在本机（localStorage），下次打开仍然有效。
// Without this script the button stays hidden and the browser's own zoom still works.
(function () {
  'use strict';
  var KEY = 'sunshine-large-text';
  var root = document.documentElement;
  var on = false;
  try { on = localStorage.getItem(KEY) === '1'; } catch (e) { on = false; }
  if (on) root.classList.add('large-text');
  function ready() {
    var button = document.getElementById('text-size');
    if (!button) return;
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    button.hidden = false;
    button.addEventListener('click', function () {
      on = !on;
      root.classList.toggle('large-text', on);
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      try { localStorage.setItem(KEY, on ? '1' : '0'); } catch (e) { /* private mode: this page only */ }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
