// The explainer's service worker: one edition of the site, stored whole on the first visit and read from there.
// brief_explainer.offline_web writes sw.js as `const BUILD = {…};` followed by this file. BUILD holds:
//   edition: a hash of the build's content, which names this edition's caches;
//   precache: {path: integrity} of every file the pages use, fetched and checked when the worker installs;
//   downloads: {path: integrity or ""} of the PDFs, the EPUB and the zip, stored when a reader first opens one;
//   offlinePage: the page shown for an address this edition has not stored while the network is off.
"use strict";

const SCOPE = self.registration.scope;
// Caches belong to the origin, which may host other sites: every name starts with this site's address.
const PREFIX = `brief-explainer ${SCOPE} `;
const PAGES = `${PREFIX}${BUILD.edition}`;
const DOWNLOADS = `${PAGES} downloads`;
const PRECACHED = new Set(Object.keys(BUILD.precache).map((path) => new URL(path, SCOPE).href));
const DOWNLOAD_INTEGRITY = new Map(
  Object.entries(BUILD.downloads).map(([path, integrity]) => [new URL(path, SCOPE).href, integrity]),
);

self.addEventListener("install", (event) => {
  // Bypass the HTTP cache (pages may be kept there for minutes) and check every file against this build's digest:
  // a server or cache half-way between two editions fails the install, and readers keep the edition they have.
  const requests = Object.entries(BUILD.precache).map(
    ([path, integrity]) => new Request(new URL(path, SCOPE), { cache: "reload", integrity }),
  );
  event.waitUntil(
    caches.open(PAGES).then((cache) =>
      cache.addAll(requests).catch(async (error) => {
        await caches.delete(PAGES);
        throw error;
      }),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== PAGES && name !== DOWNLOADS) {
          await caches.delete(name);
        }
      }
      await self.clients.claim();
    })(),
  );
});

// A new edition waits until the reader asks for it (the notice's button), so no page mixes two editions.
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") {
    self.skipWaiting();
  }
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  // Only this site's own GET requests; anything else goes to the network untouched and is never stored.
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) {
    return;
  }
  event.respondWith(respond(request));
});

/** The stored file an address stands for: itself, a folder's index.html, or a page without .html. */
function precachedAddress(url) {
  const bare = url.origin + url.pathname;
  const candidates = [bare, bare.endsWith("/") ? `${bare}index.html` : `${bare}.html`];
  return candidates.find((candidate) => PRECACHED.has(candidate));
}

async function respond(request) {
  const url = new URL(request.url);
  const stored = precachedAddress(url);
  if (stored) {
    const hit = await caches.match(stored, { cacheName: PAGES });
    if (hit) {
      return hit;
    }
  }
  const address = url.origin + url.pathname;
  if (DOWNLOAD_INTEGRITY.has(address) && !request.headers.has("range")) {
    return download(request, address);
  }
  return network(request);
}

/** A PDF, the EPUB or the zip: from this edition's store, else fetched, checked and stored for next time. */
async function download(request, address) {
  const cache = await caches.open(DOWNLOADS);
  const hit = await cache.match(address);
  if (hit) {
    return hit;
  }
  const integrity = DOWNLOAD_INTEGRITY.get(address);
  try {
    // Checked against this edition's digest: the server may already hold the next edition's file.
    const response = await fetch(address, { cache: "reload", integrity: integrity || undefined });
    if (response.ok && response.type === "basic") {
      await cache.put(address, response.clone());
    }
    return response;
  } catch (error) {
    return network(request);
  }
}

async function network(request) {
  try {
    return await fetch(request);
  } catch (error) {
    if (request.mode === "navigate") {
      const offline = await caches.match(new URL(BUILD.offlinePage, SCOPE).href, { cacheName: PAGES });
      if (offline) {
        return offline;
      }
    }
    throw error;
  }
}
