// Bulk actions: a "select all on this page" box in the heading of a list's tick column.
// Without JavaScript each row is ticked on its own, or "all rows matching the filter" is
// chosen in the form above the list; this only saves clicks.
(function () {
  "use strict";
  function addSelectAll(root) {
    root.querySelectorAll("th[data-bulk-form]").forEach(function (cell) {
      if (cell.querySelector("input")) {
        return;
      }
      var formId = cell.getAttribute("data-bulk-form");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.setAttribute("aria-label", cell.getAttribute("data-bulk-label"));
      cell.appendChild(box);
      box.addEventListener("change", function () {
        var rows = cell.closest("table").querySelectorAll('input[name="selected"]');
        rows.forEach(function (row) {
          if (row.getAttribute("form") === formId) {
            row.checked = box.checked;
          }
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    addSelectAll(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    addSelectAll(event.target);
  });
})();
