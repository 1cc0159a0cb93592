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
  // shared phone are never sent under this session (they would be theirs). Every
  // staff page loads this script (templates/base.html), so kept answers are sent
  // from whatever page is open when the network returns.
  var script = document.currentScript;
  var staff = script && script.dataset.staff ? script.dataset.staff : null;
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

  function filled() {
    var entries = [];
    new FormData(form).forEach(function (value, name) {
      entries.push([name, String(value)]);
    });
    return {
      uuid: form.elements.client_uuid.value,
      staff: staff,
      action: form.action || window.location.href,
      back: form.dataset.back,
      entries: entries,
    };
  }

  function keep(item) {
    var list = without(item.uuid);
    list.push(item);
    save(list);
  }

  function token() {
    // The token of the page that sends: the one kept with the answers may be stale
    // (a new sign-in changes it), the session's is the one the server checks.
    var field = document.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // What the server did with the answers: "sent" (kept on the file, or kept already
  // by an earlier try), "refused" (the form came back: an answer missing), "signin"
  // (the session ended: the sign-in page), "error" (refused otherwise). A network failure rejects.
  function post(item) {
    var body = new URLSearchParams();
    item.entries.forEach(function (entry) {
      body.append(entry[0], entry[0] === "csrfmiddlewaretoken" ? token() || entry[1] : entry[1]);
    });
    return fetch(item.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      // The server then answers "kept" with where to go instead of a redirect (surveys.views.fill).
      headers: { "X-Field-Survey": "1" },
    }).then(function (response) {
      var outcome = "error";
      var to = response.url;
      if (response.status === 204) {
        outcome = "sent";
        to = response.headers.get("X-Field-Survey-Next") || item.back;
      } else if (response.redirected) {
        outcome = "signin";
      } else if (response.ok) {
        outcome = "refused";
      }
      return { outcome: outcome, url: to };
    });
  }

  function send(item) {
    if (sending[item.uuid]) {
      return;
    }
    sending[item.uuid] = true;
    post(item)
      .then(function (reply) {
        if (reply.outcome === "sent" || reply.outcome === "refused") {
          save(without(item.uuid));
          show(reply.outcome);
        }
        // Otherwise (signed out, refused by the server) it stays for the next try.
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

  function keptForLater(item) {
    // Without the network the server cannot say what is missing, and answers it
    // refuses later are lost with the beneficiary gone: the phone checks them first
    // (the required questions, and an interview's summary).
    if (!form.checkValidity()) {
      show("incomplete");
      form.reportValidity();
      return;
    }
    keep(item);
    show("kept");
    // The next survey on this page is a new one.
    form.reset();
    form.elements.client_uuid.value = window.crypto.randomUUID();
  }

  if (form && window.crypto && window.crypto.randomUUID) {
    // A page opened again from the phone's copy would carry the UUID it was drawn
    // with: each opening of the form is a new survey, so it takes a new one.
    form.elements.client_uuid.value = window.crypto.randomUUID();
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
      event.preventDefault();
      var item = filled();
      if (!navigator.onLine) {
        keptForLater(item);
        return;
      }
      // The phone may say it is online on a network that carries nothing: the answers
      // are sent by the page, and kept if they do not get through.
      var button = event.submitter;
      if (button) {
        button.disabled = true;
      }
      post(item)
        .then(function (reply) {
          if (reply.outcome === "sent") {
            window.location.assign(reply.url);
          } else if (reply.outcome === "signin") {
            // Kept, and sent once the same staff member has signed in again and is back here.
            if (form.checkValidity()) {
              keep(item);
            }
            window.location.assign(reply.url);
          } else {
            // The server's page says what is wrong (the form with its errors, or a refusal).
            HTMLFormElement.prototype.submit.call(form);
          }
        })
        .catch(function () {
          if (button) {
            button.disabled = false;
          }
          keptForLater(item);
        });
    });
  }
  window.addEventListener("online", sendKept);
  sendKept();

  var worker = document.querySelector("[data-service-worker]");
  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker.dataset.serviceWorker).catch(function () {});
  }
})();
