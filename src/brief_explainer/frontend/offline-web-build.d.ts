// What the service worker uses but does not define: brief_explainer.offline_web.service_worker writes sw.js as
// `const BUILD = {…};` followed by offline-web-worker.js. Declarations only; nothing here is emitted.

/** One edition of the site, as the build describes it to its worker. */
interface Build {
  /** A hash of the build's content, which names this edition's caches. */
  edition: string;
  /** {path: integrity} of every file the pages use, fetched and checked when the worker installs. */
  precache: Record<string, string>;
  /** {path: integrity or ""} of the PDFs, the EPUB and the zip, stored when a reader first opens one. */
  downloads: Record<string, string>;
  /** The page shown for an address this edition has not stored while the network is off. */
  offlinePage: string;
}

declare const BUILD: Build;
