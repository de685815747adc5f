// The explainer's service worker, switched off (offline_web: false in mkdocs.yml): a reader who had the worker gets
// this one at the next visit. It deletes every cache of this site, unregisters itself, and the pages, which reload
// when their worker changes, come from the network again. A reader who never had a worker never loads it.
"use strict";

const PREFIX = `brief-explainer ${self.registration.scope} `;

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX)) {
          await caches.delete(name);
        }
      }
      await self.registration.unregister();
    })(),
  );
});
