/*
 * landing.js: deep-link landing. #p-3, #p-3.2, #heading-id or #start~end is scrolled to (with its paragraph's first
 * line in view when it fits) and highlighted (class is-target), on each page, on every change of the fragment, and
 * once more after late images or fonts have loaded. A deep link to a glossary entry opens its collapsed details.
 */

var HIGHLIGHT_MS = 4000;
var highlightTimer = 0;
/** The reader scrolled, typed or clicked: a late landing must not take them back. */
var userMoved = false;

/**
 * Whether a deep link may land on this element: a paragraph, a sentence or a heading of the article's text.
 * @param {HTMLElement | null} node
 * @returns {node is HTMLElement}
 */
function isTargetable(node) {
  return (
    !!node &&
    !!current.article &&
    current.article.contains(node) &&
    isContent(node) &&
    (node.classList.contains("brief-para") ||
      node.classList.contains("brief-sentence") ||
      /^H[1-6]$/.test(node.tagName))
  );
}

/**
 * The sentences from start to end (sentence, paragraph or heading ids), in document order; one end if the other is
 * unknown; [] if neither is known.
 * @param {string} startId
 * @param {string} endId
 * @returns {HTMLElement[]}
 */
function rangeTargets(startId, endId) {
  var first = byId(startId);
  var last = byId(endId);
  if (!isTargetable(first) || !isTargetable(last)) {
    return [first, last].filter(isTargetable).slice(0, 1);
  }
  if (first.compareDocumentPosition(last) & Node.DOCUMENT_POSITION_PRECEDING) {
    var swap = first;
    first = last;
    last = swap;
  }
  var start = first;
  var end = last;
  var inside = current.sentences.filter(function (sentence) {
    var afterStart =
      start.contains(sentence) || !!(start.compareDocumentPosition(sentence) & Node.DOCUMENT_POSITION_FOLLOWING);
    var beforeEnd =
      end.contains(sentence) || !!(end.compareDocumentPosition(sentence) & Node.DOCUMENT_POSITION_PRECEDING);
    return afterStart && beforeEnd;
  });
  return inside.length ? inside : [first];
}

/**
 * The fragment without a text directive (browsers that do not support text fragments leave it in the hash).
 * @returns {string}
 */
function currentFragment() {
  var raw = location.hash.slice(1).split(":~:")[0];
  try {
    return decodeURIComponent(raw);
  } catch (error) {
    return raw;
  }
}

/** Remove every highlight a landing left. */
function clearHighlight() {
  window.clearTimeout(highlightTimer);
  Array.prototype.forEach.call(doc.querySelectorAll(".is-target"), function (/** @type {Element} */ node) {
    node.classList.remove("is-target", "is-target--settled", "is-target--range");
  });
}

/**
 * Scroll to a target; a sentence with its paragraph's first line (and ¶ number) in view, when both fit.
 * @param {HTMLElement} target
 */
function scrollToTarget(target) {
  var paragraph = target.closest(".brief-para");
  if (paragraph && paragraph !== target) {
    var margin = parseFloat(getComputedStyle(paragraph).scrollMarginTop) || 0;
    var span = target.getBoundingClientRect().bottom - paragraph.getBoundingClientRect().top;
    if (span + margin <= window.innerHeight) {
      paragraph.scrollIntoView({ block: "start", behavior: "auto" });
      return;
    }
  }
  target.scrollIntoView({ block: "start", behavior: "auto" });
}

/**
 * A deep link to a glossary entry opens its collapsed details, which follow its heading.
 * @param {string} fragment
 */
function openEntry(fragment) {
  var heading = byId(fragment);
  if (!heading || heading.tagName !== "H3") {
    return;
  }
  for (var node = heading.nextElementSibling; node && !/^H[1-6]$/.test(node.tagName); node = node.nextElementSibling) {
    if (node.tagName === "DETAILS" && node.classList.contains("gloss-more")) {
      /** @type {HTMLDetailsElement} */ (node).open = true;
      return;
    }
  }
}

/**
 * Highlight (and optionally scroll to) what the fragment points at.
 * @param {boolean} scroll
 * @returns {HTMLElement | null} the first target
 */
function land(scroll) {
  var fragment = currentFragment();
  /** @type {HTMLElement[]} */
  var targets = [];
  openEntry(fragment);
  if (fragment.indexOf("~") > 0) {
    var ends = fragment.split("~");
    targets = rangeTargets(ends[0], ends[1]);
  } else {
    var target = byId(fragment);
    if (isTargetable(target)) {
      targets = [target];
    }
  }
  clearHighlight();
  if (!targets.length) {
    return null;
  }
  targets.forEach(function (node) {
    node.classList.add("is-target");
    if (targets.length > 1) {
      node.classList.add("is-target--range");
    }
  });
  highlightTimer = window.setTimeout(function () {
    targets.forEach(function (node) {
      node.classList.add("is-target--settled");
    });
  }, HIGHLIGHT_MS);
  if (scroll) {
    scrollToTarget(targets[0]);
  }
  return targets[0];
}

/** Landing on each page, on each new fragment, and after load. */
function setupLanding() {
  ["wheel", "touchmove", "keydown", "mousedown"].forEach(function (type) {
    window.addEventListener(
      type,
      function () {
        userMoved = true;
      },
      { passive: true, capture: true }
    );
  });

  window.addEventListener("hashchange", function () {
    land(true);
  });

  // Following a link to the fragment already in the address bar fires no hashchange: highlight again anyway.
  doc.addEventListener("click", function (event) {
    var link = closestIn(event.target, 'a[href^="#"]');
    if (link && link.getAttribute("href") === location.hash && !event.defaultPrevented) {
      window.setTimeout(function () {
        land(false);
      }, 0);
    }
  });

  // Late images or fonts can move the target: land once more after load, unless the reader has moved meanwhile.
  window.addEventListener("load", function () {
    if (!userMoved && location.hash) {
      land(true);
    }
  });

  onPage(function () {
    if (current.article && location.hash) {
      land(true);
    }
  });
}

setupLanding();
