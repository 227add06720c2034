// Refresh the preview beside the Markdown box while the coordinator types. Without JavaScript
// the "Preview" button does the same by reloading the page.
(function () {
  "use strict";
  var form = document.getElementById("section-form");
  var target = document.getElementById("section-preview");
  if (!form || !target || !window.fetch) return;
  var url = form.getAttribute("data-preview-url");
  var timer = null;
  var sent = 0;

  function refresh() {
    var ticket = ++sent;
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && ticket === sent) target.innerHTML = html;
      })
      .catch(function () { /* keep the last preview; the button still works */ });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 500);
  });
})();
