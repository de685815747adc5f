/*
 * shared.js: what several features use. The build (brief_explainer.frontend) concatenates this file and each
 * feature's into one function, so their top-level names are shared; nothing here has listeners of its own but the
 * page state's.
 *
 * Vanilla JavaScript, no dependencies, no network access (works from file://), no eval and no style attributes set
 * through setAttribute (a strict Content-Security-Policy applies).
 *
 * Material's document$ (its public hook) delivers every page, the first and each one reached by instant
 * navigation: a feature installs its document-wide listeners once, in its setup function, and prepares each page
 * with onPage().
 */

var doc = document;
var SVG_NS = "http://www.w3.org/2000/svg";
/** @type {Record<string, string>} */
var ICONS = {
  // Material Design Icons (Apache 2.0): link-variant, format-quote-close, download.
  link:
    "M10.59 13.41c.41.39.41 1.03 0 1.42-.39.39-1.03.39-1.42 0a5.003 5.003 0 0 1 0-7.07l3.54-3.54a5.003 5.003 0 0 1 " +
    "7.07 0 5.003 5.003 0 0 1 0 7.07l-1.49 1.49c.01-.82-.12-1.64-.4-2.42l.47-.48a2.98 2.98 0 0 0 0-4.24 2.98 2.98 0 " +
    "0 0-4.24 0l-3.53 3.53a2.98 2.98 0 0 0 0 4.24m2.82-4.24c.39-.39 1.03-.39 1.42 0a5.003 5.003 0 0 1 0 7.07l-3.54 " +
    "3.54a5.003 5.003 0 0 1-7.07 0 5.003 5.003 0 0 1 0-7.07l1.49-1.49c-.01.82.12 1.64.4 2.43l-.47.47a2.98 2.98 0 0 " +
    "0 0 4.24 2.98 2.98 0 0 0 4.24 0l3.53-3.53a2.98 2.98 0 0 0 0-4.24.973.973 0 0 1 0-1.42",
  quote: "M14 17h3l2-4V7h-6v6h3M6 17h3l2-4V7H5v6h3z",
  download: "M5 20h14v-2H5m14-9h-4V3H9v6H5l7 7z",
};
/** How long a "copied" confirmation stays. */
var CONFIRM_MS = 2500;
var NO_ADDRESS = "This copy has no web address";

/**
 * The page being read: its article, its sentences (in document order) and whether it holds the brief. Set for
 * each page before any feature's onPage() function runs.
 * @typedef {{ article: HTMLElement | null, sentences: HTMLElement[], isBrief: boolean }} PageState
 */
/** @type {PageState} */
var current = { article: null, sentences: [], isBrief: false };

/* -------------------------------------------------------------------------------------------- each page -- */

/** @type {Array<() => void>} */
var pageSetups = [];

/**
 * Run `setup` for the page Material delivers: the first, then each one reached by instant navigation (document$),
 * or once when the document has loaded where there is no document$. Setups run in the order they were registered,
 * the page state's first.
 * @param {() => void} setup
 */
function onPage(setup) {
  pageSetups.push(setup);
}

/** Run every feature's setup for the page now shown. */
function preparePage() {
  pageSetups.forEach(function (setup) {
    setup();
  });
}

/** Called after every feature has registered (the bundle's last line). */
function startPages() {
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(preparePage);
  } else if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", preparePage);
  } else {
    preparePage();
  }
}

onPage(function () {
  /** @type {HTMLElement | null} */
  var article = doc.querySelector(".md-content article") || doc.querySelector(".md-content .md-typeset");
  current = { article: article, sentences: [], isBrief: false };
  if (!article) {
    return;
  }
  current.sentences = /** @type {HTMLElement[]} */ (
    Array.prototype.filter.call(article.querySelectorAll(".brief-sentence[id]"), isContent)
  );
  current.isBrief = !!article.querySelector("p.brief-para");
});

/* ---------------------------------------------------------------------------------------------- helpers -- */

/**
 * A new element with these attributes and text.
 * @param {string} tag
 * @param {Record<string, string> | null} [attrs]
 * @param {string} [text]
 * @returns {HTMLElement}
 */
function make(tag, attrs, text) {
  var node = doc.createElement(tag);
  if (attrs) {
    Object.keys(attrs).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
  }
  if (text) {
    node.textContent = text;
  }
  return node;
}

/**
 * One of ICONS as an inline SVG, hidden from assistive technology.
 * @param {string} name
 * @returns {SVGSVGElement}
 */
function icon(name) {
  var svg = /** @type {SVGSVGElement} */ (doc.createElementNS(SVG_NS, "svg"));
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  var path = doc.createElementNS(SVG_NS, "path");
  path.setAttribute("d", ICONS[name]);
  svg.appendChild(path);
  return svg;
}

/**
 * @param {string | null | undefined} text
 * @returns {string} the text with its white space collapsed and trimmed
 */
function squash(text) {
  return (text || "").replace(/\s+/g, " ").trim();
}

/**
 * @param {string | null | undefined} text
 * @returns {string[]}
 */
function words(text) {
  var squashed = squash(text);
  return squashed ? squashed.split(" ") : [];
}

/**
 * The content of a meta tag of the page, by name (or by property, for Open Graph's).
 * @param {string} name
 * @param {boolean} [property]
 * @returns {string}
 */
function meta(name, property) {
  var node = doc.querySelector(property ? 'meta[property="' + name + '"]' : 'meta[name="' + name + '"]');
  return node ? squash(node.getAttribute("content")) : "";
}

/**
 * The page's address for a briefing: its canonical link when the build had a public one; the address in the bar
 * when the site is served; none from a local copy without one (a file:// path means nothing to a reader).
 * @returns {string}
 */
function pageUrl() {
  var canonical = doc.querySelector('link[rel="canonical"]');
  var href = canonical ? canonical.getAttribute("href") || "" : "";
  if (/^https?:\/\//.test(href)) {
    return href.split("#")[0];
  }
  return location.protocol === "http:" || location.protocol === "https:" ? location.href.split("#")[0] : "";
}

/**
 * The address of a fragment of this page, or "" when the page has no address to give (see pageUrl).
 * @param {string} fragment
 * @returns {string}
 */
function anchorUrl(fragment) {
  var base = pageUrl();
  return base ? base + "#" + fragment : "";
}

/**
 * @param {string | null | undefined} id
 * @returns {HTMLElement | null}
 */
function byId(id) {
  return id ? doc.getElementById(id) : null;
}

/**
 * The closest element matching `selector` from a node that may not be an element (an event's target).
 * @param {EventTarget | Node | null | undefined} node
 * @param {string} selector
 * @returns {HTMLElement | null}
 */
function closestIn(node, selector) {
  return node && /** @type {Node} */ (node).nodeType === 1 && /** @type {Element} */ (node).closest
    ? /** @type {HTMLElement | null} */ (/** @type {Element} */ (node).closest(selector))
    : null;
}

/**
 * Place an absolutely positioned element with its top left at viewport point (x, y), whatever its containing block
 * (the body, the top layer): set, measure, correct once.
 * @param {HTMLElement} node
 * @param {number} x
 * @param {number} y
 */
function placeAt(node, x, y) {
  node.style.left = Math.round(x + window.scrollX) + "px";
  node.style.top = Math.round(y + window.scrollY) + "px";
  var rect = node.getBoundingClientRect();
  if (Math.abs(rect.left - x) > 0.5 || Math.abs(rect.top - y) > 0.5) {
    node.style.left = Math.round(x + window.scrollX + (x - rect.left)) + "px";
    node.style.top = Math.round(y + window.scrollY + (y - rect.top)) + "px";
  }
}

/** @returns {number} */
function viewportWidth() {
  return doc.documentElement.clientWidth || window.innerWidth;
}

/**
 * Whether a node is part of the page's text (not a popover, a footnote or the page's source-file note).
 * @param {Element} node
 * @returns {boolean}
 */
function isContent(node) {
  return !node.closest(".gloss-popovers, .footnote, .md-source-file");
}

/* ----------------------------------------------------------------------------- announcements, clipboard -- */

var statusRegion = make("div", {
  class: "explainer-status",
  role: "status",
  "aria-live": "polite",
  "aria-atomic": "true",
});
doc.body.appendChild(statusRegion);
var statusTimer = 0;

/**
 * Say something to screen readers (a polite live region).
 * @param {string} message
 */
function announce(message) {
  // Clear first, so that the same message twice in a row is announced twice.
  statusRegion.textContent = "";
  window.clearTimeout(statusTimer);
  statusTimer = window.setTimeout(function () {
    statusRegion.textContent = message;
  }, 50);
}

/**
 * What to put on the clipboard: plain text, and optionally the same as HTML (pasted as rich text where it can be).
 * @typedef {{ text: string, html?: string }} Clip
 */

/**
 * The old way: select the text in a hidden textarea and ask for a copy; the HTML, when there is some, is given to
 * the copy event. The reader's focus and selection are put back.
 * @param {Clip} clip
 * @returns {boolean} whether the browser copied
 */
function copyWithTextarea(clip) {
  var text = clip.text;
  var active = /** @type {HTMLElement | null} */ (doc.activeElement);
  var selection = window.getSelection();
  /** @type {Range[]} */
  var saved = [];
  if (selection) {
    for (var i = 0; i < selection.rangeCount; i += 1) {
      saved.push(selection.getRangeAt(i).cloneRange());
    }
  }
  var area = /** @type {HTMLTextAreaElement} */ (
    make("textarea", { class: "explainer-copybuffer", readonly: "", "aria-hidden": "true", tabindex: "-1" })
  );
  area.value = text;
  doc.body.appendChild(area);
  area.select();
  area.setSelectionRange(0, text.length);
  /** @param {ClipboardEvent} event */
  function withHtml(event) {
    if (event.clipboardData && clip.html) {
      event.clipboardData.setData("text/plain", text);
      event.clipboardData.setData("text/html", clip.html);
      event.preventDefault();
    }
  }
  if (clip.html) {
    doc.addEventListener("copy", withHtml, true);
  }
  var ok = false;
  try {
    ok = doc.execCommand("copy");
  } catch (error) {
    ok = false;
  }
  doc.removeEventListener("copy", withHtml, true);
  area.remove();
  if (active && typeof active.focus === "function") {
    active.focus({ preventScroll: true });
  }
  if (selection) {
    selection.removeAllRanges();
    saved.forEach(function (range) {
      /** @type {Selection} */ (selection).addRange(range);
    });
  }
  return ok;
}

/**
 * Put text (and HTML, when given and the browser can) on the clipboard; resolves to true when it got there.
 * @param {string | Clip} what the text, or the text and its HTML
 * @returns {Promise<boolean>}
 */
function copyText(what) {
  var clip = typeof what === "string" ? { text: what } : what;
  var clipboard = navigator.clipboard;
  if (clipboard && window.isSecureContext) {
    /** @type {Promise<void> | null} */
    var writing = null;
    if (clip.html && typeof clipboard.write === "function" && typeof ClipboardItem === "function") {
      writing = clipboard.write([
        new ClipboardItem({
          "text/plain": new Blob([clip.text], { type: "text/plain" }),
          "text/html": new Blob([clip.html], { type: "text/html" }),
        }),
      ]);
    } else if (typeof clipboard.writeText === "function") {
      writing = clipboard.writeText(clip.text);
    }
    if (writing) {
      return writing.then(
        function () {
          return true;
        },
        function () {
          return copyWithTextarea(clip);
        }
      );
    }
  }
  return Promise.resolve(copyWithTextarea(clip));
}

/**
 * Save text as a file: a blob and a download link, so that it works offline and from file:// too.
 * @param {string} name
 * @param {string} type
 * @param {string} text
 */
function download(name, type, text) {
  var url = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
  var link = make("a", { href: url, download: name, hidden: "" });
  doc.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(function () {
    URL.revokeObjectURL(url);
  }, 10000);
}

/* -------------------------------------------------------------------------------------------- citations -- */

/**
 * A heading's text, without its footnote marks and tools.
 * @param {Element} heading
 * @returns {string}
 */
function headingText(heading) {
  var copy = /** @type {Element} */ (heading.cloneNode(true));
  Array.prototype.forEach.call(copy.querySelectorAll("sup, .anchor-tools"), function (/** @type {Element} */ node) {
    node.remove();
  });
  return squash(copy.textContent);
}

/**
 * How announcements name a paragraph or a section.
 * @param {Element} target
 * @returns {string}
 */
function describe(target) {
  return target.classList.contains("brief-para")
    ? "¶" + target.getAttribute("data-para")
    : "section “" + headingText(target) + "”";
}

/**
 * The citation of a paragraph or a heading, with its address when the page has one.
 * @param {HTMLElement} target
 * @returns {string}
 */
function citationFor(target) {
  var briefCitation =
    meta("brief-citation") ||
    [meta("citation_author"), meta("citation_title"), meta("citation_series_title")].filter(Boolean).join(", ");
  var url = anchorUrl(target.id);
  var address = url ? ", " + url : "";
  if (target.classList.contains("brief-para")) {
    return briefCitation + ", ¶" + target.getAttribute("data-para") + address;
  }
  var text = headingText(target);
  if (current.isBrief) {
    return text === meta("citation_title") ? briefCitation + address : briefCitation + ', "' + text + '"' + address;
  }
  var siteName = meta("og:site_name", true) || squash(doc.title.split(" - ").pop());
  var pageHeading = current.article ? current.article.querySelector("h1") : null;
  var pageTitle = pageHeading ? headingText(pageHeading) : "";
  var where = pageTitle && pageTitle !== text ? ', in "' + pageTitle + '"' : "";
  return '"' + text + '"' + where + ", " + siteName + " (companion to " + briefCitation + ")" + address;
}
