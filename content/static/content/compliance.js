/* Compliance findings: a click on a finding's place opens its tab, panel and block in the
 * page editor and goes to the field (content/compliance_views.py). Works from the edit form's
 * 合规检查 panel and from the 合规检查 preview mode, which runs in an iframe of the editor. */
(function () {
  "use strict";

  function editorDocument() {
    try {
      if (window.parent !== window && window.parent.document.getElementById("page-edit-form")) {
        return window.parent.document;
      }
    } catch (error) { /* another origin: stay here */ }
    return document;
  }

  function find(doc, selector) {
    // The most precise place first; a block removed since the check still leads to its field.
    var parts = selector.split(" ");
    for (var length = parts.length; length > 0; length -= 1) {
      var found = doc.querySelector(parts.slice(0, length).join(" "));
      if (found) { return found; }
    }
    return null;
  }

  function reveal(doc, element) {
    var tabPanel = element.closest("[role=tabpanel]");
    if (tabPanel && tabPanel.hidden) {
      var tab = doc.querySelector('[role=tab][aria-controls="' + tabPanel.id + '"]');
      if (tab) { tab.click(); }
    }
    // Collapsed panels and stream blocks between the form and the field.
    for (var node = element; node && node !== doc.body; node = node.parentElement) {
      var content = node.id && /-content$/.test(node.id) ? node : null;
      if (content && content.hidden) {
        var toggle = doc.querySelector('[aria-controls="' + content.id + '"][aria-expanded="false"]');
        if (toggle) { toggle.click(); }
      }
    }
    // The target itself may be a collapsed stream block: its own toggle is the first inside it.
    var own = element.querySelector('[data-panel-toggle][aria-expanded="false"]');
    if (own && own.closest("[data-contentpath]") === element) { own.click(); }
  }

  function go(selector) {
    var doc = editorDocument();
    var element = find(doc, selector);
    if (!element) { return; }
    reveal(doc, element);
    // After the tabs and blocks have opened, so that the place is where it will stay.
    window.setTimeout(function () {
      element.scrollIntoView({ block: "center" });
      var input = element.querySelector("[contenteditable=true], textarea, input:not([type=hidden]), select");
      if (input) { input.focus({ preventScroll: true }); }
      element.classList.add("compliance-target");
      window.setTimeout(function () { element.classList.remove("compliance-target"); }, 2000);
    }, 100);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-compliance-target]");
    if (!link) { return; }
    event.preventDefault();
    go(link.getAttribute("data-compliance-target"));
  });
})();
