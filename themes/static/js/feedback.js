/* 这篇有帮助吗: send the vote without leaving the page; without this file the form posts normally. */
(function () {
  "use strict";

  function send(form, vote) {
    var status = form.querySelector("[data-feedback-status]");
    var data = new FormData(form);
    data.set("helpful", vote);
    var buttons = form.querySelectorAll("button[name=helpful]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].disabled = true;
    }
    fetch(form.action, { method: "POST", body: data, headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        status.textContent = result.body.message || "谢谢您的反馈！";
        if (result.ok) {
          form.setAttribute("data-feedback-sent", vote);
        } else {
          for (var j = 0; j < buttons.length; j++) {
            buttons[j].disabled = false;
          }
        }
      })
      .catch(function () {
        /* Offline or blocked: post the form the ordinary way, with the vote it lost. */
        var field = document.createElement("input");
        field.type = "hidden";
        field.name = "helpful";
        field.value = vote;
        form.appendChild(field);
        form.submit();
      });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".page-feedback button[name=helpful]");
    if (!button || !window.fetch || !window.FormData) {
      return;
    }
    event.preventDefault();
    send(button.form, button.value);
  });
})();
