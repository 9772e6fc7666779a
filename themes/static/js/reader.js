/* 金融常识 reader pages: the large-text toggle and quizzes that answer without a reload. */
(function () {
  "use strict";

  var root = document.documentElement;
  var STORAGE_KEY = "reader.largeText";

  function syncToggles() {
    var on = root.classList.contains("large-text");
    var toggles = document.querySelectorAll("[data-text-size-toggle]");
    for (var i = 0; i < toggles.length; i++) {
      toggles[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  function toggleLargeText() {
    var on = root.classList.toggle("large-text");
    try {
      if (on) {
        localStorage.setItem(STORAGE_KEY, "1");
      } else {
        localStorage.removeItem(STORAGE_KEY);
      }
    } catch (e) {
      /* Private mode or storage disabled: the switch still works for this page. */
    }
    syncToggles();
  }

  /* The choices stay enabled (aria-disabled only): a disabled button loses keyboard focus to the page,
     so the reader's focus stays on the choice they picked, and the result is written into a live region
     that was on the page before the answer, so that screen readers announce it. */
  function answerQuiz(button) {
    var quiz = button.closest("[data-quiz]");
    if (!quiz || quiz.hasAttribute("data-quiz-result")) {
      return;
    }
    var answer = quiz.getAttribute("data-answer");
    var picked = button.getAttribute("data-quiz-choice");
    var result = picked === answer ? "correct" : "wrong";
    quiz.setAttribute("data-quiz-result", result);

    var choices = quiz.querySelectorAll("[data-quiz-choice]");
    for (var i = 0; i < choices.length; i++) {
      choices[i].setAttribute("aria-disabled", "true");
      if (choices[i].getAttribute("data-quiz-choice") === answer) {
        choices[i].classList.add("is-answer");
      }
    }
    button.setAttribute("aria-pressed", "true");
    button.classList.add(result === "correct" ? "is-correct" : "is-wrong");

    var status = quiz.querySelector("[data-quiz-status]");
    if (status) {
      status.classList.add("quiz__feedback--" + result);
      status.textContent = status.getAttribute("data-" + result);
    }
    var explanation = quiz.querySelector("[data-quiz-explanation]");
    if (explanation) {
      explanation.open = true;
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) {
      return;
    }
    var toggle = target.closest("[data-text-size-toggle]");
    if (toggle) {
      toggleLargeText();
      return;
    }
    var choice = target.closest("[data-quiz-choice]");
    if (choice) {
      answerQuiz(choice);
    }
  });

  syncToggles();
})();
