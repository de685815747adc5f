/*
 * popovers.js: glossary popovers (WCAG 1.4.13). Hover, focus or first tap on a glossary link shows its entry;
 * dismissible with Escape, hoverable, and persistent until the pointer or focus leaves. The popovers are rendered
 * once per page after the footer, outside the article's text; this file only shows and places them. Nothing is set
 * up per link: the listeners are delegated, so a page with many terms costs nothing more at load.
 *
 * Escape closes one thing at a time, the topmost: an open popover first. Its keydown listener is installed before
 * the menus' and the passage links' (the bundle's order) and stops the others when it closes one.
 */

var HOVER_OPEN_MS = 150;
var HOVER_CLOSE_MS = 300;

/** @typedef {{ link: HTMLElement, pop: HTMLElement }} OpenPopover */

/** @type {OpenPopover | null} */
var openState = null;
var openTimer = 0;
var closeTimer = 0;
/** @type {HTMLElement | null} the link whose popover was closed with Escape: not reopened until pointer/focus leave */
var dismissed = null;
var lastPointerType = "";
/** @type {HTMLElement | null} the link a first tap opened: a second tap follows it */
var tapOpened = null;

/**
 * The glossary link a node is in, if it is in the article.
 * @param {EventTarget | null | undefined} node
 * @returns {HTMLElement | null}
 */
function glossLink(node) {
  var link = closestIn(node, "a.gloss-link");
  return link && current.article && current.article.contains(link) ? link : null;
}

/**
 * @param {HTMLElement} link
 * @returns {HTMLElement | null}
 */
function popoverFor(link) {
  var pop = byId("gloss-pop-" + link.getAttribute("data-gloss"));
  return pop && pop.closest(".gloss-popovers") ? pop : null;
}

/**
 * @param {EventTarget | Node | null | undefined} node
 * @returns {boolean}
 */
function inOpenPopover(node) {
  return !!openState && !!node && openState.pop.contains(/** @type {Node} */ (node));
}

/**
 * Below the term, or above it when there is more room there; never over it.
 * @param {HTMLElement} link
 * @param {HTMLElement} pop
 */
function positionPopover(link, pop) {
  var rects = link.getClientRects();
  var first = rects.length ? rects[0] : link.getBoundingClientRect();
  var last = rects.length ? rects[rects.length - 1] : first;
  var width = pop.offsetWidth;
  var height = pop.offsetHeight;
  var x = Math.max(8, Math.min(first.left, viewportWidth() - width - 8));
  var below = last.bottom + 6;
  var header = doc.querySelector(".md-header");
  var headerBottom = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  // Never over the tapped term: on the side with more room, no taller than that room (it scrolls inside).
  var roomBelow = window.innerHeight - 8 - below;
  var roomAbove = first.top - 6 - headerBottom - 8;
  var above = height > roomBelow && roomAbove > roomBelow;
  pop.style.maxHeight = Math.max(96, Math.floor(above ? roomAbove : roomBelow)) + "px";
  height = pop.offsetHeight;
  var y = above ? first.top - 6 - height : below;
  pop.classList.toggle("gloss-popover--above", above);
  placeAt(pop, x, y);
}

/**
 * Show a term's popover. Opened by focus or hover it is a preview, out of the tab order (Tab goes on through the
 * text); opened by a tap, the term is its source.
 * @param {HTMLElement} link
 * @param {boolean} [viaTap]
 */
function openPopover(link, viaTap) {
  window.clearTimeout(openTimer);
  window.clearTimeout(closeTimer);
  if (openState && openState.link === link) {
    return;
  }
  closePopover(false);
  var pop = popoverFor(link);
  if (!pop) {
    return;
  }
  pop.hidden = false;
  pop.classList.add("gloss-popover");
  if (typeof pop.showPopover === "function") {
    // In the top layer, above everything.
    try {
      // The source option is newer than TypeScript's DOM types.
      var show = /** @type {(options?: { source: HTMLElement }) => void} */ (pop.showPopover);
      show.call(pop, viaTap ? { source: link } : undefined);
    } catch (error) {
      pop.classList.add("gloss-popover--inline");
    }
  }
  openState = { link: link, pop: pop };
  link.classList.add("has-open-popover");
  positionPopover(link, pop);
}

/**
 * Hide the open popover; give the focus back to its term if asked, or if the focus was inside it.
 * @param {boolean} returnFocus
 */
function closePopover(returnFocus) {
  window.clearTimeout(openTimer);
  window.clearTimeout(closeTimer);
  if (!openState) {
    return;
  }
  var state = openState;
  openState = null;
  var hadFocus = state.pop.contains(doc.activeElement);
  state.link.classList.remove("has-open-popover");
  if (typeof state.pop.hidePopover === "function" && state.pop.matches(":popover-open")) {
    state.pop.hidePopover();
  }
  state.pop.hidden = true;
  state.pop.classList.remove("gloss-popover", "gloss-popover--above", "gloss-popover--inline");
  if ((returnFocus || hadFocus) && state.link.isConnected) {
    dismissed = state.link;
    state.link.focus({ preventScroll: true });
  }
}

/** Close after a moment, unless the pointer (or, after a tap or a key, the focus) is still on the term or in it. */
function scheduleClose() {
  window.clearTimeout(openTimer);
  window.clearTimeout(closeTimer);
  closeTimer = window.setTimeout(function () {
    if (!openState) {
      return;
    }
    var focused = doc.activeElement;
    var keepForFocus = lastPointerType !== "mouse" && (focused === openState.link || inOpenPopover(focused));
    if (!keepForFocus && !openState.link.matches(":hover") && !openState.pop.matches(":hover")) {
      closePopover(false);
    }
  }, HOVER_CLOSE_MS);
}

/**
 * The focus leaves the term or its popover: close, unless it went to the other one or the pointer holds it open.
 * @param {EventTarget | null} next
 */
function onFocusLeaving(next) {
  if (!openState || (next && (next === openState.link || inOpenPopover(next)))) {
    return;
  }
  window.setTimeout(function () {
    if (!openState) {
      return;
    }
    var focused = doc.activeElement;
    if (focused === openState.link || inOpenPopover(focused)) {
      return;
    }
    if (!openState.link.matches(":hover") && !openState.pop.matches(":hover")) {
      closePopover(false);
    }
  }, 0);
}

/** Document-wide listeners (delegated), and each page starts with no popover open. */
function setupPopovers() {
  // Clicks we take over run first (window, capture), before Material's instant navigation sees them.
  window.addEventListener(
    "click",
    function (event) {
      var link = glossLink(event.target);
      if (link && tapOpened === link) {
        // First tap on a touch screen shows the entry; the second follows the link.
        tapOpened = null;
        event.preventDefault();
        event.stopPropagation();
        openPopover(link, true);
      }
    },
    true
  );

  doc.addEventListener("click", function (event) {
    if (closestIn(event.target, ".gloss-pop__close")) {
      closePopover(true);
    }
  });

  doc.addEventListener("mouseover", function (event) {
    if (inOpenPopover(event.target)) {
      window.clearTimeout(closeTimer);
      return;
    }
    var link = glossLink(event.target);
    if (!link || glossLink(event.relatedTarget) === link) {
      return;
    }
    if (lastPointerType === "touch" || dismissed === link) {
      return;
    }
    window.clearTimeout(closeTimer);
    window.clearTimeout(openTimer);
    var hovered = link;
    openTimer = window.setTimeout(function () {
      openPopover(hovered);
    }, HOVER_OPEN_MS);
  });

  doc.addEventListener("mouseout", function (event) {
    if (inOpenPopover(event.target) && !inOpenPopover(event.relatedTarget)) {
      scheduleClose();
      return;
    }
    var link = glossLink(event.target);
    if (!link || glossLink(event.relatedTarget) === link) {
      return;
    }
    window.clearTimeout(openTimer);
    if (dismissed === link && doc.activeElement !== link) {
      dismissed = null;
    }
    if (openState && openState.link === link) {
      scheduleClose();
    }
  });

  doc.addEventListener("focusin", function (event) {
    var link = glossLink(event.target);
    if (link && dismissed !== link) {
      openPopover(link);
    }
  });

  doc.addEventListener("focusout", function (event) {
    var link = glossLink(event.target);
    if (link && dismissed === link && !link.matches(":hover")) {
      dismissed = null;
    }
    if (openState && (event.target === openState.link || inOpenPopover(event.target))) {
      onFocusLeaving(event.relatedTarget);
    }
  });

  doc.addEventListener(
    "pointerdown",
    function (event) {
      lastPointerType = event.pointerType || "mouse";
      var target = /** @type {Node} */ (event.target);
      var link = glossLink(target);
      tapOpened = null;
      if (link && event.pointerType !== "mouse") {
        dismissed = null;
        if (!(openState && openState.link === link)) {
          tapOpened = link;
        }
      }
      if (openState && target !== openState.link && !openState.link.contains(target) && !inOpenPopover(target)) {
        closePopover(false);
      }
    },
    true
  );

  doc.addEventListener(
    "keydown",
    function (event) {
      if (event.key === "Tab" || event.key === "Enter" || event.key === " ") {
        lastPointerType = "keyboard";
      }
      if (event.key !== "Escape" || !openState) {
        return;
      }
      var state = openState;
      var focusInside = inOpenPopover(doc.activeElement) || doc.activeElement === state.link;
      dismissed = state.link;
      closePopover(focusInside);
      // The topmost thing is closed: not the menus' or the passage links' too.
      event.stopImmediatePropagation();
    },
    true
  );

  window.addEventListener("resize", function () {
    if (openState) {
      positionPopover(openState.link, openState.pop);
    }
  });

  onPage(function () {
    closePopover(false);
  });
}

setupPopovers();
