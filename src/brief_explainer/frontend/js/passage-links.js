/*
 * passage-links.js: select text in the brief, then "Copy link to this passage" (#p-3.2 or #p-3.2~p-4.1, plus a
 * standard text fragment, :~:text=…, for the exact words: passages.js). Keyboard: Alt+Shift+L, announced on
 * selection. Escape hides the button (after an open popover or menu: see popovers.js).
 *
 * Other features add their own buttons beside it with addPassageAction() (quotes.js: "Copy quote", "Add to
 * briefing"), each with its Alt+Shift shortcut, announced with the link's.
 */

var PASSAGE_LABEL = "Copy link to this passage";

/**
 * A button beside the passage link, for the selection.
 * @typedef {Object} PassageAction
 * @property {string} id  its data-action
 * @property {string} icon  a key of ICONS
 * @property {string} text  its visible label
 * @property {string} label  its accessible name (beginning with its visible label)
 * @property {string} key  the physical key of its Alt+Shift shortcut ("KeyQ")
 * @property {string} hint  what the shortcut does, for the announcement ("copy the quote")
 * @property {(range: Range, covered: HTMLElement[], confirm: (message: string) => void) => void} run
 */

/** @type {PassageAction[]} */
var passageActions = [];

/**
 * Add a button beside "Copy link to this passage", after those added so far.
 * @param {PassageAction} action
 */
function addPassageAction(action) {
  passageActions.push(action);
}

/** @type {HTMLElement | null} the passage link and the other actions' buttons, placed below the selection */
var passageTools = null;
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
 * @param {string} code a physical key ("KeyQ")
 * @returns {string} its shortcut with Alt and Shift ("Alt+Shift+Q")
 */
function shortcutOf(code) {
  return "Alt+Shift+" + code.replace(/^Key/, "");
}

/**
 * Don't take the reader's selection: a mouse press on a button must not move focus or collapse the selection.
 * @param {HTMLElement} button
 */
function keepSelection(button) {
  button.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });
}

/** Hide the buttons once neither they nor the selection hold the focus. */
function hideUnlessFocused() {
  window.setTimeout(function () {
    if (!(passageTools && passageTools.contains(doc.activeElement)) && !selectionRange()) {
      hidePassageButton();
    }
  }, 0);
}

/**
 * The button of another feature's action; a click runs it on the selection as it is now.
 * @param {PassageAction} action
 * @returns {HTMLElement}
 */
function passageActionButton(action) {
  var shortcut = shortcutOf(action.key);
  var button = make("button", {
    type: "button",
    class: "passage-action",
    "data-action": action.id,
    "aria-label": action.label,
    title: action.label + " (" + shortcut + ")",
    "aria-keyshortcuts": shortcut,
  });
  button.appendChild(icon(action.icon));
  var label = make("span", { class: "passage-link__label" }, action.text);
  button.appendChild(label);
  keepSelection(button);
  var resetTimer = 0;
  /** @param {string} message */
  function confirm(message) {
    label.textContent = message;
    button.classList.add("is-done");
    window.clearTimeout(resetTimer);
    resetTimer = window.setTimeout(function () {
      label.textContent = action.text;
      button.classList.remove("is-done");
    }, CONFIRM_MS);
  }
  button.addEventListener("click", function () {
    var range = selectionRange();
    var covered = range ? sentencesIn(range) : [];
    if (range && covered.length) {
      action.run(range, covered, confirm);
    }
  });
  button.addEventListener("blur", hideUnlessFocused);
  return button;
}

/**
 * The passage link's button (and the others' beside it), made the first time it is needed.
 * @returns {HTMLButtonElement}
 */
function ensurePassageButton() {
  if (passageButton) {
    return passageButton;
  }
  var tools = make("div", { class: "passage-tools", role: "group", "aria-label": "Selected passage", hidden: "" });
  passageTools = tools;
  var button = /** @type {HTMLButtonElement} */ (
    make("button", {
      type: "button",
      class: "passage-link",
      title: PASSAGE_LABEL + " (Alt+Shift+L)",
      "aria-keyshortcuts": "Alt+Shift+L",
    })
  );
  passageButton = button;
  button.appendChild(icon("link"));
  passageLabel = make("span", { class: "passage-link__label" }, PASSAGE_LABEL);
  button.appendChild(passageLabel);
  keepSelection(button);
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
  button.addEventListener("blur", hideUnlessFocused);
  tools.appendChild(button);
  passageActions.forEach(function (action) {
    tools.appendChild(passageActionButton(action));
  });
  // Outside the article, so that it is never part of the text or of a selection.
  doc.body.appendChild(tools);
  return button;
}

/** @returns {boolean} whether the buttons are showing */
function passageToolsShown() {
  return !!passageTools && !passageTools.hidden;
}

/** Hide the buttons (they forget their passage). */
function hidePassageButton() {
  if (passageTools && !passageTools.hidden) {
    passageTools.hidden = true;
    passageFragment = "";
  }
}

/** @returns {string} what selecting says: the shortcuts of the link and of the other actions */
function selectionHint() {
  var hints = ["Alt+Shift+L to copy a link to this passage"].concat(
    passageActions.map(function (action) {
      return shortcutOf(action.key) + " to " + action.hint;
    })
  );
  var last = hints.pop();
  return "Text selected. Press " + (hints.length ? hints.join(", ") + " or " : "") + last + ".";
}

/**
 * Show the button below the end of the selection (and, the first time for this passage, announce the shortcut).
 * @param {Range} range
 * @param {HTMLElement[]} covered
 */
function showPassageButton(range, covered) {
  ensurePassageButton();
  var tools = /** @type {HTMLElement} */ (passageTools);
  passageFragment = fragmentFor(covered);
  tools.hidden = false;
  var rects = /** @type {DOMRect[]} */ (
    Array.prototype.filter.call(range.getClientRects(), function (/** @type {DOMRect} */ rect) {
      return rect.width > 1 && rect.height > 0;
    })
  );
  var end = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
  var width = tools.offsetWidth;
  var maxX = viewportWidth() - width - 8;
  placeAt(tools, Math.max(8, Math.min(end.right - width / 2, maxX)), end.bottom + 8);
  if (hintedFragment !== passageFragment) {
    hintedFragment = passageFragment;
    announce(selectionHint());
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
    if (!passageTools || !passageTools.contains(doc.activeElement)) {
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
  if (!passageButton || !passageToolsShown() || !passageLabel) {
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

/**
 * Another action's Alt+Shift shortcut: run it on the selection, shown with its buttons (its button confirms).
 * @param {KeyboardEvent} event
 */
function runPassageShortcut(event) {
  var action = passageActions.filter(function (candidate) {
    return candidate.key === event.code;
  })[0];
  if (!action) {
    return;
  }
  event.preventDefault();
  var range = selectionRange();
  var covered = range ? sentencesIn(range) : [];
  if (!range || !covered.length) {
    announce("Select text in the brief first, then press " + shortcutOf(action.key) + " to " + action.hint + ".");
    return;
  }
  dismissedFragment = "";
  hintedFragment = fragmentFor(covered); // about to announce what the action did: no hint on top of it
  showPassageButton(range, covered);
  var button = passageTools && passageTools.querySelector('.passage-action[data-action="' + action.id + '"]');
  if (button) {
    /** @type {HTMLElement} */ (button).click();
  }
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
      if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey) {
        runPassageShortcut(event);
      }
      if (event.key === "Escape" && passageTools && passageToolsShown()) {
        var focused = /** @type {HTMLElement | null} */ (doc.activeElement);
        var hadFocus = !!focused && passageTools.contains(focused);
        // A check of the selection still pending (selectionchange, keyup) must not bring the button back.
        dismissedFragment = passageFragment;
        hidePassageButton();
        if (hadFocus && focused) {
          focused.blur();
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
    if (passageToolsShown()) {
      updatePassage();
    }
  });

  onPage(hidePassageButton);
}

setupPassageLinks();
