/*
 * passage-links.js: select text in the brief, then "Copy link to this passage" (#p-3.2 or #p-3.2~p-4.1, plus a
 * standard text fragment, :~:text=…, for the exact words: passages.js). Keyboard: Alt+Shift+L, announced on
 * selection. Escape hides the button (after an open popover or menu: see popovers.js).
 */

var PASSAGE_LABEL = "Copy link to this passage";

/** @type {HTMLButtonElement | null} */
var passageButton = null;
/** @type {HTMLElement | null} */
var passageLabel = null;
var passageFragment = "";
/** The passage whose button Escape closed: not shown again until the selection changes. */
var dismissedFragment = "";
/** The passage whose keyboard shortcut was last announced. */
var hintedFragment = "";
var pointerSelecting = false;
var selectionTimer = 0;
var passageResetTimer = 0;

/**
 * The button, made the first time it is needed.
 * @returns {HTMLButtonElement}
 */
function ensurePassageButton() {
  if (passageButton) {
    return passageButton;
  }
  var button = /** @type {HTMLButtonElement} */ (
    make("button", {
      type: "button",
      class: "passage-link",
      hidden: "",
      title: PASSAGE_LABEL + " (Alt+Shift+L)",
      "aria-keyshortcuts": "Alt+Shift+L",
    })
  );
  passageButton = button;
  button.appendChild(icon("link"));
  passageLabel = make("span", { class: "passage-link__label" }, PASSAGE_LABEL);
  button.appendChild(passageLabel);
  // Keep the reader's selection: a mouse press on the button must not move focus or collapse the selection.
  button.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });
  button.addEventListener("click", function () {
    // The selection may have changed since the button was placed (selectionchange is debounced): use the current.
    var range = selectionRange();
    var covered = range ? sentencesIn(range) : [];
    var fragment = covered.length ? fragmentFor(covered) : passageFragment;
    if (fragment && !pageUrl()) {
      copyUnlinkedPassage(fragment);
      return;
    }
    copyPassage(covered.length ? passageUrl(range, covered) : passageFragment && anchorUrl(passageFragment));
  });
  button.addEventListener("blur", function () {
    window.setTimeout(function () {
      if (doc.activeElement !== button && !selectionRange()) {
        hidePassageButton();
      }
    }, 0);
  });
  // Outside the article, so that it is never part of the text or of a selection.
  doc.body.appendChild(button);
  return button;
}

/** Hide the button (it forgets its passage). */
function hidePassageButton() {
  if (passageButton && !passageButton.hidden) {
    passageButton.hidden = true;
    passageFragment = "";
  }
}

/**
 * Show the button below the end of the selection (and, the first time for this passage, announce the shortcut).
 * @param {Range} range
 * @param {HTMLElement[]} covered
 */
function showPassageButton(range, covered) {
  var button = ensurePassageButton();
  passageFragment = fragmentFor(covered);
  button.hidden = false;
  var rects = /** @type {DOMRect[]} */ (
    Array.prototype.filter.call(range.getClientRects(), function (/** @type {DOMRect} */ rect) {
      return rect.width > 1 && rect.height > 0;
    })
  );
  var end = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
  var width = button.offsetWidth;
  var maxX = viewportWidth() - width - 8;
  placeAt(button, Math.max(8, Math.min(end.right - width / 2, maxX)), end.bottom + 8);
  if (hintedFragment !== passageFragment) {
    hintedFragment = passageFragment;
    announce("Text selected. Press Alt+Shift+L to copy a link to this passage.");
  }
}

/** Show, move or hide the button for the selection as it is now. */
function updatePassage() {
  if (pointerSelecting) {
    return;
  }
  var range = selectionRange();
  var covered = range ? sentencesIn(range) : [];
  if (!range || !covered.length) {
    dismissedFragment = "";
    hintedFragment = "";
    if (!passageButton || doc.activeElement !== passageButton) {
      hidePassageButton();
    }
    return;
  }
  if (fragmentFor(covered) === dismissedFragment) {
    return;
  }
  dismissedFragment = "";
  showPassageButton(range, covered);
}

/**
 * Show on the passage button, for a moment, what its copy did.
 * @param {string} text
 */
function confirmPassage(text) {
  if (!passageButton || passageButton.hidden || !passageLabel) {
    return;
  }
  var button = passageButton;
  var label = passageLabel;
  label.textContent = text;
  button.classList.add("is-done");
  window.clearTimeout(passageResetTimer);
  passageResetTimer = window.setTimeout(function () {
    label.textContent = PASSAGE_LABEL;
    button.classList.remove("is-done");
  }, CONFIRM_MS);
}

/**
 * Without a web address: the passage's citation, its paragraph and sentence ids as the pinpoint.
 * @param {string} fragment
 */
function copyUnlinkedPassage(fragment) {
  var paragraph = byId(fragment.split("~")[0].split(".")[0]);
  var citation = paragraph ? citationFor(paragraph) + " (sentences " + fragment.replace("~", " to ") + ")" : "";
  copyText(citation).then(function (ok) {
    announce(ok ? NO_ADDRESS + ": the passage's citation was copied instead of a link." : "Could not copy.");
    confirmPassage(ok ? "No web address: citation copied" : "Could not copy");
  });
}

/**
 * @param {string} url the passage's link ("" copies nothing)
 */
function copyPassage(url) {
  if (!url) {
    return;
  }
  var what = url.split("#")[1].split(":~:")[0].indexOf("~") > 0 ? "these sentences" : "this sentence";
  copyText(url).then(function (ok) {
    announce(
      ok ? "Link to " + what + " copied to the clipboard." : "Could not copy to the clipboard. The link is " + url
    );
    confirmPassage(ok ? "Link copied" : "Could not copy");
  });
}

/**
 * One pending check of the selection at a time: a mouse selection ends with both selectionchange and mouseup.
 * @param {number} delay
 */
function scheduleUpdate(delay) {
  window.clearTimeout(selectionTimer);
  selectionTimer = window.setTimeout(updatePassage, delay);
}

/** The selection's listeners, Alt+Shift+L and Escape; each page starts without the button. */
function setupPassageLinks() {
  doc.addEventListener(
    "keydown",
    function (event) {
      // Alt+Shift+L (by physical key, so that it also works where Alt+Shift+L types a character).
      if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === "KeyL") {
        var range = selectionRange();
        var covered = range ? sentencesIn(range) : [];
        event.preventDefault();
        if (range && covered.length) {
          dismissedFragment = "";
          hintedFragment = fragmentFor(covered); // about to announce the copy: no hint on top of it
          showPassageButton(range, covered);
          if (pageUrl()) {
            copyPassage(passageUrl(range, covered));
          } else {
            copyUnlinkedPassage(fragmentFor(covered));
          }
        } else {
          announce("Select text in the brief first, then press Alt+Shift+L to copy a link to it.");
        }
        return;
      }
      if (event.key === "Escape" && passageButton && !passageButton.hidden) {
        var hadFocus = doc.activeElement === passageButton;
        // A check of the selection still pending (selectionchange, keyup) must not bring the button back.
        dismissedFragment = passageFragment;
        hidePassageButton();
        if (hadFocus) {
          passageButton.blur();
        }
      }
    },
    true
  );

  doc.addEventListener("selectionchange", function () {
    scheduleUpdate(120);
  });
  doc.addEventListener("mousedown", function (event) {
    if (event.button === 0 && !closestIn(event.target, ".passage-link")) {
      pointerSelecting = true;
    }
  });
  doc.addEventListener("mouseup", function () {
    pointerSelecting = false;
    scheduleUpdate(0);
  });
  window.addEventListener("blur", function () {
    pointerSelecting = false; // the button was released outside the window
  });
  doc.addEventListener("keyup", function (event) {
    if (event.key !== "Tab" && event.key !== "Escape") {
      scheduleUpdate(0);
    }
  });
  window.addEventListener("resize", function () {
    if (passageButton && !passageButton.hidden) {
      updatePassage();
    }
  });

  onPage(hidePassageButton);
}

setupPassageLinks();
