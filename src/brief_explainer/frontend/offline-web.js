// Release builds only (never `mkdocs serve`, a build without a public address, or the offline zip): register the
// service worker that keeps the site readable offline, and offer a new edition when one is ready.
// The script's element names the worker and the notice's stylesheet: <script data-worker data-stylesheet>.
(() => {
  const script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !window.isSecureContext) {
    return;
  }
  const worker = new URL(script.dataset.worker, document.baseURI);
  const container = navigator.serviceWorker;

  // The live region is in the page before it says anything, so that screen readers announce the notice.
  const notice = document.createElement("div");
  notice.className = "offline-web-notice";
  notice.setAttribute("role", "status");
  document.body.append(notice);

  // A new edition took over (from this tab or another): show it whole, never an old page beside new files.
  // The first worker taking over a page that had none changes nothing the reader sees.
  let controlled = Boolean(container.controller);
  container.addEventListener("controllerchange", () => {
    if (controlled) {
      location.reload();
    }
    controlled = true;
  });

  function offer(waiting) {
    if (!container.controller || notice.childElementCount) {
      return; // a first visit has no older edition to replace
    }
    const stylesheet = document.createElement("link");
    stylesheet.rel = "stylesheet";
    stylesheet.href = new URL(script.dataset.stylesheet, document.baseURI).href;
    document.head.append(stylesheet);
    const text = document.createElement("p");
    text.textContent = "A new edition is available.";
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Reload";
    button.addEventListener("click", () => {
      button.disabled = true;
      waiting.postMessage("skip-waiting");
    });
    notice.append(text, button);
  }

  const register = () =>
    container.register(worker, { scope: new URL(".", worker).href, updateViaCache: "none" });
  // After the page has loaded: storing the whole site must not compete with the page the reader opened.
  const registered =
    document.readyState === "complete"
      ? register()
      : new Promise((resolve) => addEventListener("load", () => resolve(register()), { once: true }));
  registered
    .then((registration) => {
      if (registration.waiting) {
        offer(registration.waiting);
      }
      registration.addEventListener("updatefound", () => {
        const installing = registration.installing;
        installing?.addEventListener("statechange", () => {
          if (installing.state === "installed") {
            offer(installing);
          }
        });
      });
      // Registering looks for a new edition; so does coming back to a tab, or to the network (phones keep tabs
      // open for days).
      const check = () => registration.update().catch(() => {});
      document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && check());
      addEventListener("online", check);
    })
    .catch(() => {}); // offline at the first visit, or a browser that refuses: the site works as it always did
})();
