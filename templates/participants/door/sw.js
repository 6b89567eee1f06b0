// The door app's service worker (scope /checkin/): keeps the app's page and files on the
// phone so that it opens without a network. It keeps nothing personal: the list of people is
// the page's (in localStorage), and the JSON addresses always go to the network.
{% autoescape off %}const CACHE = "door-{{ version }}";
const APP = {{ app_url_json }};
const FILES = {{ files_json }};{% endautoescape %}
const PARTICIPANT = /^\/checkin\/WPS-[2-9A-Z]{6}\/$/i;

// The page is kept only as a signed-in member of staff sees it, never a sign-in page.
function keepPage(cache) {
  return fetch(APP, { credentials: "same-origin" }).then((response) =>
    response.ok && !response.redirected ? cache.put(APP, response) : undefined,
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => Promise.all([cache.addAll(FILES), keepPage(cache)]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

// The page: from the network when there is one (and kept for later), else the copy kept.
function appPage(request) {
  return fetch(request)
    .then((response) => {
      if (response.ok && !response.redirected) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(APP, copy));
      }
      return response;
    })
    .catch(() => caches.match(APP).then((kept) => kept || Response.error()));
}

// A participant's check-in page (the address in their QR code, opened by the phone's own camera):
// from the network, else the app, which opens that person's card from the list it keeps.
function participantPage(request) {
  return fetch(request).catch(() => caches.match(APP).then((kept) => kept || Response.error()));
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname === APP) {
    event.respondWith(appPage(event.request));
  } else if (event.request.mode === "navigate" && PARTICIPANT.test(url.pathname)) {
    event.respondWith(participantPage(event.request));
  } else if (FILES.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((kept) => kept || fetch(event.request)));
  }
});
