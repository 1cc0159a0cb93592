// A field survey filled where the network drops (SM-2): without the network the
// answers are kept on the phone (localStorage) and sent when it returns, under
// the staff member's session. Each form carries its own UUID, so a form sent
// twice (a retry, two tabs) is kept once by the server.
(function () {
  "use strict";
  var KEY = "mustafid-field-surveys";
  var form = document.querySelector("[data-field-survey]");
  var status = document.querySelector("[data-offline-status]");
  // The staff member signed in on this page: answers kept by another one on a
  // shared phone are never sent under this session (they would be theirs).
  var staff = form ? form.dataset.staff : null;
  var sending = {};

  function pending() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY) || "[]");
    } catch (error) {
      return [];
    }
  }

  function save(list) {
    // Nothing of a beneficiary's answers stays on the phone once they are sent.
    if (list.length) {
      window.localStorage.setItem(KEY, JSON.stringify(list));
    } else {
      window.localStorage.removeItem(KEY);
    }
  }

  function without(uuid) {
    return pending().filter(function (item) {
      return item.uuid !== uuid;
    });
  }

  function show(state) {
    if (status && status.dataset[state]) {
      status.textContent = status.dataset[state];
      status.dataset.state = state;
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
    list.push({
      uuid: uuid,
      staff: staff,
      action: form.action || window.location.href,
      back: form.dataset.back,
      entries: entries,
    });
    save(list);
  }

  function token() {
    // The token of the page that sends: the one kept with the answers may be stale
    // (a new sign-in changes it), the session's is the one the server checks.
    var field = document.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function send(item) {
    if (sending[item.uuid]) {
      return;
    }
    sending[item.uuid] = true;
    var body = new URLSearchParams();
    item.entries.forEach(function (entry) {
      body.append(entry[0], entry[0] === "csrfmiddlewaretoken" ? token() || entry[1] : entry[1]);
    });
    fetch(item.action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        var to = new URL(response.url, window.location.href).pathname;
        if (response.redirected && to === item.back) {
          // Kept on the file (or kept already by an earlier try): sent.
          save(without(item.uuid));
          show("sent");
        } else if (response.ok && !response.redirected) {
          // The form came back (an answer missing): it cannot be sent as it is.
          save(without(item.uuid));
          show("refused");
        }
        // Otherwise (signed out, refused by the server, the network again) it stays for the next try.
      })
      .catch(function () {})
      .then(function () {
        delete sending[item.uuid];
      });
  }

  function sendKept() {
    if (!navigator.onLine || !staff) {
      return;
    }
    pending().forEach(function (item) {
      if (item.staff === staff) {
        send(item);
      }
    });
  }

  if (form && window.crypto && window.crypto.randomUUID) {
    // A page opened again from the phone's copy would carry the UUID it was drawn
    // with: each opening of the form is a new survey, so it takes a new one.
    form.elements.client_uuid.value = window.crypto.randomUUID();
  }
  if (form) {
    // Without the network the server cannot say what is missing, and answers it
    // refuses later are lost with the beneficiary gone: the phone checks them first
    // (the required questions, and an interview's summary).
    var interview = form.querySelector("[name=kind][value=interview]");
    var summary = form.elements.summary;
    var needSummary = function () {
      if (interview && summary) {
        summary.required = interview.checked;
      }
    };
    form.addEventListener("change", needSummary);
    needSummary();
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) {
        return;
      }
      event.preventDefault();
      if (!form.checkValidity()) {
        show("incomplete");
        form.reportValidity();
        return;
      }
      keep();
      show("kept");
      // The next survey on this page is a new one.
      if (window.crypto && window.crypto.randomUUID) {
        form.reset();
        form.elements.client_uuid.value = window.crypto.randomUUID();
      }
    });
  }
  window.addEventListener("online", sendKept);
  sendKept();

  var worker = document.querySelector("[data-service-worker]");
  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker.dataset.serviceWorker).catch(function () {});
  }
})();
