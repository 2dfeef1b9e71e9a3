// The mobility page folds its other steps and its history into <details>. When the address
// points at one of them or at an item in one (#item-…, from a home page or after a
// change), open it so it is seen. Without JavaScript the server already unfolds the steps that hold work to do
// now or an item waiting for a check, which is what the home pages link to.
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) {
      return;
    }
    var folded = false;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) {
        node.open = true;
        folded = true;
      }
    }
    if (folded) {
      target.scrollIntoView();
    }
  }
  document.addEventListener("DOMContentLoaded", openTarget);
  window.addEventListener("hashchange", openTarget);
})();
