/*
 * menus.js: where the margin is too narrow for the anchor tools, or there is no hover (MENU_MEDIA, the phone
 * breakpoint the build writes into this bundle and the stylesheet), the ¶ number opens a paragraph's tools as a
 * small menu, and a tap on a heading its own. Escape closes an open menu (after an open popover: see popovers.js).
 */

var MENU_MODE = window.matchMedia(MENU_MEDIA);

/** @type {HTMLElement | null} the tools opened as a menu (narrow or touch screens): from a ¶ number, or a heading */
var openMenu = null;
/** @type {HTMLElement | null} the ¶ number or heading that opened it */
var menuOpener = null;
/** A press on the opener is under way: its click toggles the menu, focus moving doesn't. */
var openerPressed = false;

/**
 * The tools a ¶ number or a heading opens: the paragraph's own (after its words), or the heading's slot's.
 * @param {Element} opener
 * @returns {HTMLElement | null}
 */
function toolsOf(opener) {
  if (opener.classList.contains("para-num")) {
    var paragraph = opener.parentElement;
    return paragraph ? paragraph.querySelector(":scope > .anchor-tools") : null;
  }
  var next = opener.nextElementSibling;
  return next && next.classList.contains("anchor-slot") ? next.querySelector(":scope > .anchor-tools") : null;
}

/** The ¶ numbers are disclosure buttons for their tools only where they open them as a menu. */
function syncNumbers() {
  if (!current.article) {
    return;
  }
  var numbers = current.article.querySelectorAll(".brief-para > .para-num");
  Array.prototype.forEach.call(numbers, function (/** @type {Element} */ number) {
    if (MENU_MODE.matches) {
      number.setAttribute("aria-expanded", toolsOf(number) === openMenu ? "true" : "false");
    } else {
      number.removeAttribute("aria-expanded");
    }
  });
}

/**
 * Close the open menu (and its panel); give the focus back to a ¶ number if asked and the focus was in the menu.
 * @param {boolean} returnFocus
 */
function closeMenu(returnFocus) {
  if (!openMenu || !menuOpener) {
    return;
  }
  var tools = openMenu;
  var opener = menuOpener;
  openMenu = menuOpener = null;
  tools.classList.remove("is-open");
  if (opener.classList.contains("para-num") && returnFocus && tools.contains(doc.activeElement)) {
    opener.focus({ preventScroll: true });
  }
  setPanelOpen(tools, false);
  syncNumbers();
}

/**
 * Open or close, as a menu, the tools of a ¶ number (they follow it) or of a heading (in the slot after it).
 * @param {HTMLElement} opener
 */
function toggleMenu(opener) {
  var tools = toolsOf(opener);
  if (!tools || !tools.classList.contains("anchor-tools")) {
    return;
  }
  if (openMenu === tools) {
    closeMenu(false);
    return;
  }
  closeMenu(false);
  openMenu = tools;
  menuOpener = opener;
  tools.classList.add("is-open");
  syncNumbers();
}

/** The openers' clicks, closing on a press or a focus elsewhere, Escape; each page starts with no menu open. */
function setupMenus() {
  // Before Material's instant navigation sees the click (window, capture): a ¶ number is a link to itself.
  window.addEventListener(
    "click",
    function (event) {
      openerPressed = false;
      var article = current.article;
      if (!MENU_MODE.matches || !article) {
        return;
      }
      var number = closestIn(event.target, ".brief-para > .para-num");
      if (number && article.contains(number)) {
        event.preventDefault();
        event.stopPropagation();
        toggleMenu(number);
        return;
      }
      // Where nothing hovers, a tap on a heading (not on a link in it) shows its tools, as a ¶ number does.
      var heading = closestIn(event.target, "h1[id], h2[id], h3[id]");
      if (heading && article.contains(heading) && !closestIn(event.target, "a")) {
        toggleMenu(heading);
      }
    },
    true
  );

  doc.addEventListener("focusout", function (event) {
    var next = /** @type {Node | null} */ (event.relatedTarget);
    if (openMenu && openMenu.contains(/** @type {Node} */ (event.target)) && !openMenu.contains(next)) {
      if (next !== menuOpener && !openerPressed) {
        closeMenu(false);
      }
    }
  });

  doc.addEventListener(
    "pointerdown",
    function (event) {
      var target = /** @type {Node} */ (event.target);
      openerPressed = Boolean(openMenu && menuOpener && menuOpener.contains(target));
      if (openMenu && !openMenu.contains(target) && !openerPressed) {
        closeMenu(false);
      }
    },
    true
  );

  doc.addEventListener(
    "keydown",
    function (event) {
      if (event.key === "Escape" && openMenu) {
        closeMenu(true);
        // The topmost thing is closed: not the passage link's button too.
        event.stopImmediatePropagation();
      }
    },
    true
  );

  MENU_MODE.addEventListener("change", function () {
    closeMenu(false);
    syncNumbers();
  });

  onPage(function () {
    closeMenu(false);
    syncNumbers();
  });
}

setupMenus();
