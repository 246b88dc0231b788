(function () {
  "use strict";
  // Optional filtering only: with JavaScript off every finding stays visible and the bar stays hidden.
  var bar = document.getElementById("filters");
  if (!bar) { return; }
  bar.hidden = false;
  var status = document.getElementById("filter-status");
  function apply() {
    var shown = {};
    bar.querySelectorAll("input[data-severity]").forEach(function (box) {
      shown[box.getAttribute("data-severity")] = box.checked;
    });
    var suppressed = document.getElementById("show-suppressed").checked;
    var visible = 0;
    var all = document.querySelectorAll(".finding");
    all.forEach(function (el) {
      var ok = shown[el.getAttribute("data-severity")] !== false &&
        (suppressed || el.getAttribute("data-suppressed") !== "true");
      el.hidden = !ok;
      if (ok) { visible += 1; }
    });
    if (status) { status.textContent = "Showing " + visible + " of " + all.length + " findings."; }
  }
  bar.addEventListener("change", apply);
  apply();
}());
