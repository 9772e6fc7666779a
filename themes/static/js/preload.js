/* 金融常识 reader pages: before the first paint, mark that scripts run and restore the large-text choice.
   Loaded without defer in <head> (a few bytes, cached) so the page never flashes at the wrong size;
   a file rather than an inline script, so the Content-Security-Policy allows scripts from the site only. */
(function (d) {
  "use strict";
  d.className = d.className.replace("no-js", "js");
  try {
    if (localStorage.getItem("reader.largeText") === "1") {
      d.className += " large-text";
    }
  } catch (e) {
    /* Private mode or storage disabled: normal text size. */
  }
})(document.documentElement);
