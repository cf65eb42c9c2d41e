// 工作台 · 记录: the 统一社会信用代码 checked as it is typed (GB 32100-2015), beside the field.
// Only an aid: the form works without it, and the server checks the code again on 保存 (A09).
(function () {
  'use strict';
  var ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  var WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  function expected(first17) {
    var sum = 0;
    for (var i = 0; i < 17; i++) {
      var at = ALPHABET.indexOf(first17.charAt(i));
      if (at < 0) return null;
      sum += at * WEIGHTS[i];
    }
    return ALPHABET.charAt((31 - (sum % 31)) % 31);
  }
  function say(code) {
    if (code === '') return ['', ''];
    var upper = code.toUpperCase();
    var bad = [];
    for (var i = 0; i < upper.length; i++) {
      if (ALPHABET.indexOf(upper.charAt(i)) < 0 && bad.indexOf(upper.charAt(i)) < 0) bad.push(upper.charAt(i));
    }
    if (bad.length) return ['bad', '代码里有不会出现的字符：' + bad.join(' ') + '（只有数字和大写字母，没有 I、O、Z、S、V）'];
    if (upper.length < 17) return ['', '已输入 ' + upper.length + ' 位，共 18 位'];
    if (upper.length === 17) return ['', '第 18 位（校验码）应为 ' + expected(upper)];
    if (upper.length > 18) return ['bad', '多了 ' + (upper.length - 18) + ' 位：统一社会信用代码是 18 位'];
    var want = expected(upper.slice(0, 17));
    if (want !== upper.charAt(17)) {
      return ['bad', '按前 17 位算，最后一位（校验码）应为 ' + want + '，这里是 ' + upper.charAt(17) + '：请对照营业执照核对整个代码'];
    }
    return ['good', upper === code ? '校验码正确' : '校验码正确（保存时请用大写字母）'];
  }
  var input = document.querySelector('input[name="credit_code"]');
  if (!input) return;
  var live = document.createElement('p');
  live.className = 'live';
  live.id = 'live-credit_code';
  live.setAttribute('aria-live', 'polite');
  input.insertAdjacentElement('afterend', live);
  input.setAttribute('aria-describedby', ((input.getAttribute('aria-describedby') || '') + ' live-credit_code').trim());
  function update() {
    var result = say(input.value.trim());
    live.className = 'live ' + result[0];
    live.textContent = result[1];
  }
  input.addEventListener('input', update);
  // A code the server already refused is spoken of beside the field; say more once it is edited.
  if (!input.closest('.field.bad')) update();
})();
