// The explainer's service worker, switched off (offline_web: false in mkdocs.yml): a reader who had the worker gets
// this one at the next visit. As soon as it is installed it deletes every cache of this site and unregisters: the
// old worker, if it still serves the open tab, finds nothing stored and passes every request to the network, and
// the next page the reader opens comes from the network with no worker at all. (Done at install, not only at
// activation, which Chromium may put off while the old worker still controls a tab.) A reader who never had a
// worker never loads this file.
"use strict";

const PREFIX = `brief-explainer ${self.registration.scope} `;

async function deleteCaches() {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX)) {
      await caches.delete(name);
    }
  }
}

self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(deleteCaches());
  // Not awaited: unregistering is queued behind this very installation, which must first finish.
  self.registration.unregister();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(deleteCaches().then(() => self.registration.unregister()));
});
