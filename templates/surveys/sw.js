{% load static %}// The field survey's service worker (SM-2): the survey pages open without the network.
// Served from /surveys/ so that its scope covers the survey pages only.
// Pages: the network first, the copy kept on the phone when there is none.
// Static files: the copy kept first (their names change when they change).
// Only the fill pages are kept: results and exports are under /surveys/ too, and a
// phone must not keep a copy of them. Signing out deletes the copies (js/navigation.js).
"use strict";
var CACHE = "mustafid-field-survey-v2";
var PAGES = "{{ fill_prefix }}";
var STATIC = [
  "{% static 'vendor/bootstrap/bootstrap.rtl.min.css' %}",
  "{% static 'vendor/bootstrap/bootstrap.bundle.min.js' %}",
  "{% static 'css/mustafid.css' %}",
  "{% static 'js/field-survey.js' %}",
];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(STATIC).catch(function () {});
    }),
  );
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  // The copies an earlier worker kept (pages it should not have kept among them) go.
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("mustafid-field-survey") === 0 && name !== CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            }),
        );
      })
      .then(function () {
        return self.clients.claim();
      }),
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return; // answers are sent by the page, which keeps them until they are taken
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.indexOf("{% get_static_prefix %}") === 0) {
    event.respondWith(
      caches.match(request).then(function (kept) {
        return (
          kept ||
          fetch(request).then(function (response) {
            if (response.ok) {
              var copy = response.clone();
              caches.open(CACHE).then(function (cache) {
                cache.put(request, copy);
              });
            }
            return response;
          })
        );
      }),
    );
    return;
  }
  if (url.pathname.indexOf(PAGES) !== 0) {
    return; // any other page: the network only, no copy
  }
  event.respondWith(
    fetch(request)
      .then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) {
            cache.put(request, copy);
          });
        }
        return response;
      })
      .catch(function () {
        return caches.match(request);
      }),
  );
});
