// Check-in at the door: filter the list while typing. Without JavaScript the search button
// reloads the page with ?q=, which does the same on the server.
(function () {
  "use strict";
  var input = document.getElementById("checkin-q");
  var list = document.querySelector(".checkin-list");
  var status = document.getElementById("checkin-filter-status");
  if (!input || !list || !status) { return; }
  var items = Array.prototype.slice.call(list.querySelectorAll("li[data-search]"));
  var label = status.getAttribute("data-label") || "";
  input.addEventListener("input", function () {
    var query = input.value.trim().toLocaleLowerCase();
    var shown = 0;
    items.forEach(function (item) {
      var match = !query || item.getAttribute("data-search").indexOf(query) !== -1;
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    status.textContent = query ? label + " " + String(shown) : "";
  });
})();
