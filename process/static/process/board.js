// The board works without this. With it: a changed row is marked, and leaving the page with
// unsaved changes (a filter, a link) asks first, so an edit is never thrown away by accident.
(function () {
  "use strict";
  var form = document.getElementById("board-form");
  if (!form) { return; }
  // After a save with errors the page holds edits that are not saved yet.
  var dirty = document.getElementById("board-errors") !== null;
  form.addEventListener("change", function (event) {
    var row = event.target.closest("tr");
    if (row) { row.classList.add("board-changed"); }
    dirty = true;
  });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
