// The service worker: keeps the app shell (HTML, JS with the rule packs, CSS, icons) so that the
// app opens and classifies with no network. Built by web/vite.config.ts, which fills in the
// version and the list of files of this build. API calls are never cached here: the app keeps
// its data in IndexedDB and its changes in the outbox.
const VERSION = "__VERSION__";
const SHELL = __SHELL__;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(VERSION)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (req.mode === "navigate") {
    // Every page of the app is the same shell: answer from the cache at once (3G in the hills is
    // slow even when it works); a new version arrives with the next service worker.
    event.respondWith(caches.match("/", { cacheName: VERSION }).then((hit) => hit || fetch(req)));
    return;
  }
  event.respondWith(
    caches.match(req, { cacheName: VERSION }).then(
      (hit) =>
        hit ||
        fetch(req).then((res) => {
          if (res.ok && res.type === "basic") {
            const copy = res.clone();
            caches.open(VERSION).then((cache) => cache.put(req, copy));
          }
          return res;
        }),
    ),
  );
});
