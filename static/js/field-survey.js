// A field survey filled where the network drops (SM-2): without the network the
// answers are kept on the phone (localStorage) and sent when it returns, under
// the staff member's session. Each form carries its own UUID, so a form sent
// twice (a retry, two tabs) is kept once by the server.
(function () {
  "use strict";
  var KEY = "mustafid-field-surveys";
  var form = document.querySelector("[data-field-survey]");
  var status = document.querySelector("[data-offline-status]");

  function pending() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY) || "[]");
    } catch (error) {
      return [];
    }
  }

  function save(list) {
    window.localStorage.setItem(KEY, JSON.stringify(list));
  }

  function without(uuid) {
    return pending().filter(function (item) {
      return item.uuid !== uuid;
    });
  }

  function show(text) {
    if (status && text) {
      status.textContent = text;
      status.hidden = false;
    }
  }

  function keep() {
    var entries = [];
    new FormData(form).forEach(function (value, name) {
      entries.push([name, String(value)]);
    });
    var uuid = form.elements.client_uuid.value;
    var list = without(uuid);
    list.push({ uuid: uuid, action: form.action || window.location.href, entries: entries });
    save(list);
  }

  function sendKept() {
    if (!navigator.onLine) {
      return;
    }
    pending().forEach(function (item) {
      var body = new URLSearchParams();
      item.entries.forEach(function (entry) {
        body.append(entry[0], entry[1]);
      });
      fetch(item.action, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) {
          // Kept: the server answers with the way back to the file. Refused (an answer
          // missing): the form comes back; it is dropped here and said so.
          save(without(item.uuid));
          show(status && (response.redirected ? status.dataset.sent : status.dataset.refused));
        })
        .catch(function () {});
    });
  }

  if (form && window.crypto && window.crypto.randomUUID) {
    // A page opened again from the phone's copy would carry the UUID it was drawn
    // with: each opening of the form is a new survey, so it takes a new one.
    form.elements.client_uuid.value = window.crypto.randomUUID();
  }
  if (form) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) {
        return;
      }
      event.preventDefault();
      keep();
      show(status && status.dataset.kept);
    });
  }
  window.addEventListener("online", sendKept);
  sendKept();

  var worker = document.querySelector("[data-service-worker]");
  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker.dataset.serviceWorker).catch(function () {});
  }
})();
