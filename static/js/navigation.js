// The top bar's groups are <details> menus (templates/base.html): they open and close without
// this script. It only adds what a menu is expected to do: Escape closes the open group and
// gives the focus back to its title; a click elsewhere on the page closes it.
(function () {
  "use strict";
  function groups() {
    return document.querySelectorAll("details[data-nav-group][open]");
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    groups().forEach(function (group) {
      group.open = false;
      group.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", function (event) {
    groups().forEach(function (group) {
      if (!group.contains(event.target)) group.open = false;
    });
  });
})();
