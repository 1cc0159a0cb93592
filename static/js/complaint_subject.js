// The complaint forms show every subject's field, each saying when it is needed, so they work
// without this script. It only hides the fields of the subjects not chosen, and shows the chosen
// one's as soon as the subject changes (templates/portal/complaint_new.html, complaints/register.html).
(function () {
  "use strict";
  var chooser = document.querySelector("[data-subject-kind] select");
  if (!chooser) return;
  function show() {
    document.querySelectorAll("[data-subject-field]").forEach(function (block) {
      block.hidden = block.getAttribute("data-subject-field") !== chooser.value;
    });
  }
  chooser.addEventListener("change", show);
  show();
})();
