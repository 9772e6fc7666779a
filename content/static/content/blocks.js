/* Editing the body blocks (content/blocks.py): a quiz's 正确答案 offers only the options the
 * quiz has, each with its letter and text, and follows as options are added, removed or
 * reordered. The server still refuses an answer beyond the options (QuizBlock.clean). */
(function () {
  "use strict";
  var LETTERS = "ABCDEF";

  function options(quiz) {
    var list = quiz.querySelector('[data-contentpath="choices"] [data-streamfield-list-container]');
    if (!list) { return []; }
    var items = Array.prototype.filter.call(list.children, function (child) {
      if (!child.hasAttribute("data-streamfield-child")) { return false; }
      var deleted = child.querySelector('input[name$="-deleted"]');
      return !(deleted && deleted.value === "1") && !child.hidden;
    });
    items.sort(function (a, b) {
      var order = function (item) { var input = item.querySelector('input[name$="-order"]'); return input ? Number(input.value) : 0; };
      return order(a) - order(b);
    });
    return items.map(function (item) {
      var input = item.querySelector('input[type="text"], textarea');
      return input ? input.value.trim() : "";
    });
  }

  function sync(quiz) {
    var select = quiz.querySelector('[data-contentpath="answer"] select');
    if (!select) { return; }
    var texts = options(quiz);
    Array.prototype.forEach.call(select.options, function (option) {
      var index = LETTERS.indexOf(option.value);
      if (index < 0) { return; }
      var exists = index < texts.length;
      var text = exists ? texts[index] : "";
      var label = !exists ? option.value + "（没有这个选项，请重新选择）"
        : text ? option.value + "．" + text.slice(0, 30) : option.value + "（选项 " + option.value + " 还没有填写）";
      // Only real changes: each one is a DOM mutation, which would wake the observer below again.
      var hide = !exists && !option.selected;
      if (option.hidden !== hide) { option.hidden = hide; }
      if (option.disabled !== hide) { option.disabled = hide; }
      if (option.textContent !== label) { option.textContent = label; }
    });
  }

  function syncAll(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(".quiz-block"), sync);
  }

  document.addEventListener("input", function (event) {
    var quiz = event.target.closest && event.target.closest(".quiz-block");
    if (quiz) { sync(quiz); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    syncAll(document);
    // Options added, removed or moved, and quizzes added, change the DOM: follow them.
    var pending = false;
    new MutationObserver(function (mutations) {
      var relevant = mutations.some(function (mutation) { return !mutation.target.closest || !mutation.target.closest("select"); });
      if (pending || !relevant) { return; }
      pending = true;
      window.setTimeout(function () { pending = false; syncAll(document); }, 30);
    }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["value", "hidden"] });
  });
})();
