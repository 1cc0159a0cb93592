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

  // Signing out deletes the copies of the field survey pages kept on the phone
  // (templates/surveys/sw.js): they show a beneficiary's name to whoever opens the
  // phone next. The form is sent once they are gone, or at once if they cannot be.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-sign-out") || !window.caches || form.dataset.cleared) return;
    event.preventDefault();
    form.dataset.cleared = "1";
    window.caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("mustafid-field-survey") === 0;
            })
            .map(function (name) {
              return window.caches.delete(name);
            }),
        );
      })
      .catch(function () {})
      .then(function () {
        form.submit();
      });
  });
})();
