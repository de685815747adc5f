/*
 * copy-tools.js: the anchor tools. "Copy link" and "Copy citation" for every numbered paragraph and every h1–h3
 * with an id. On wide screens they sit in the margin; on narrow or touch screens the ¶ number opens them as a
 * small menu (menus.js). They never take space from the text.
 *
 * The buttons come from a list of actions: a feature adds its own with addAnchorAction() (citation-formats.js adds
 * "Cite as…"), in the order the bundle holds the files. An action either runs on click or shows a panel of further
 * buttons, whose clicks are the feature's own to handle.
 */

/**
 * One button of the anchor tools.
 * @typedef {Object} AnchorAction
 * @property {string} id  its data-action
 * @property {string} icon  a key of ICONS
 * @property {string} tip  the short label shown on hover (and, on touch screens, beside the icon)
 * @property {(name: string) => string} label  its accessible name, given the target's (describe())
 * @property {string} [short]  its visible label on touch screens, where that is not its name's start before " for "
 *   or " to " (the default)
 * @property {boolean} [paragraphsOnly]  only for numbered paragraphs, not for headings
 * @property {(button: HTMLElement, target: HTMLElement) => void} [run]  what a click does
 * @property {AnchorPanel} [panel]  instead of run: the group of buttons a click shows or hides
 */

/**
 * A group of further buttons that an action shows beside the tools (one per tools at most).
 * @typedef {Object} AnchorPanel
 * @property {string} label  the group's accessible name
 * @property {(target: HTMLElement, name: string) => HTMLElement[]} buttons
 */

var TOOLS_PANEL_CLASS = "anchor-tools__formats";
var TOOLS_PANEL_OPEN_CLASS = "has-formats";

/** @type {AnchorAction[]} */
var anchorActions = [];

/**
 * Add a button to every paragraph's (and, unless paragraphsOnly, every heading's) tools, after those added so far.
 * @param {AnchorAction} action
 */
function addAnchorAction(action) {
  anchorActions.push(action);
}

/**
 * @param {string | null} id
 * @returns {AnchorAction | null}
 */
function anchorAction(id) {
  return (
    anchorActions.filter(function (action) {
      return action.id === id;
    })[0] || null
  );
}

/**
 * @param {string} action
 * @param {HTMLElement} target
 * @param {string} label
 * @param {string} tip
 * @param {string} iconName
 * @param {string} [short] the visible label on touch screens (else the name's start)
 * @returns {HTMLElement}
 */
function toolButton(action, target, label, tip, iconName, short) {
  var button = make("button", {
    type: "button",
    class: "anchor-tools__btn",
    "data-action": action,
    "data-target": target.id,
    "aria-label": label,
    "data-tip": tip,
  });
  button.appendChild(icon(iconName));
  // Shown on touch screens, where there is no hover tooltip (the button's name begins with it).
  var shortLabel = short || label.split(" for ")[0].split(" to ")[0];
  button.appendChild(make("span", { class: "anchor-tools__label", "aria-hidden": "true" }, shortLabel));
  return button;
}

/**
 * The tools of a paragraph or a heading: one button per action, and an action's panel after its button.
 * @param {HTMLElement} target
 * @param {boolean} isParagraph
 * @returns {HTMLElement}
 */
function buildTools(target, isParagraph) {
  var name = describe(target);
  var tools = make(isParagraph ? "span" : "div", {
    class: "anchor-tools " + (isParagraph ? "anchor-tools--para" : "anchor-tools--" + target.tagName.toLowerCase()),
  });
  anchorActions.forEach(function (action) {
    if (action.paragraphsOnly && !isParagraph) {
      return;
    }
    var button = toolButton(action.id, target, action.label(name), action.tip, action.icon, action.short);
    tools.appendChild(button);
    if (action.panel) {
      button.setAttribute("aria-expanded", "false");
      var panel = make("span", { class: TOOLS_PANEL_CLASS, role: "group", "aria-label": action.panel.label });
      panel.hidden = true;
      action.panel.buttons(target, name).forEach(function (child) {
        panel.appendChild(child);
      });
      tools.appendChild(panel);
    }
  });
  return tools;
}

/**
 * Tools for every paragraph and heading of the article: absolutely positioned, so adding them moves nothing. A
 * heading's tools follow it in a slot of no height (its margins collapse through), never around it: a positioned
 * ancestor would change the heading's offsetTop, which Material reads for the header's title and the table of
 * contents.
 * @param {HTMLElement} article
 */
function addTools(article) {
  var paragraphs = /** @type {NodeListOf<HTMLElement>} */ (article.querySelectorAll("p.brief-para[id]"));
  Array.prototype.forEach.call(paragraphs, function (/** @type {HTMLElement} */ paragraph) {
    if (!isContent(paragraph) || paragraph.querySelector(":scope > .anchor-tools")) {
      return;
    }
    var tools = buildTools(paragraph, true);
    // After the paragraph's words in reading order (Tab reaches them after its links); placed in the margin.
    paragraph.append(tools);
  });
  var headings = /** @type {NodeListOf<HTMLElement>} */ (article.querySelectorAll("h1[id], h2[id], h3[id]"));
  Array.prototype.forEach.call(headings, function (/** @type {HTMLElement} */ heading) {
    var next = heading.nextElementSibling;
    if (!isContent(heading) || (next && next.classList.contains("anchor-slot"))) {
      return;
    }
    var slot = make("div", { class: "anchor-slot anchor-slot--" + heading.tagName.toLowerCase() });
    slot.appendChild(buildTools(heading, false));
    heading.after(slot);
  });
}

/**
 * Show, for a moment, what a tool did, beside its tools.
 * @param {HTMLElement} anchor the button clicked
 * @param {string} message
 */
function confirmNear(anchor, message) {
  var holder = /** @type {HTMLElement} */ (anchor.closest(".anchor-tools") || anchor.parentElement);
  var old = holder.querySelector(".anchor-tools__note");
  if (old) {
    old.remove();
  }
  var note = make("span", { class: "anchor-tools__note" }, message);
  holder.appendChild(note);
  holder.classList.add("is-confirming");
  window.setTimeout(function () {
    note.remove();
    if (!holder.querySelector(".anchor-tools__note")) {
      holder.classList.remove("is-confirming");
    }
  }, CONFIRM_MS);
}

/**
 * Show or hide the panel of these tools (if they have one).
 * @param {Element} tools
 * @param {boolean} open
 */
function setPanelOpen(tools, open) {
  var toggle = tools.querySelector(".anchor-tools__btn[aria-expanded]");
  var panel = /** @type {HTMLElement | null} */ (tools.querySelector("." + TOOLS_PANEL_CLASS));
  if (toggle && panel) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    panel.hidden = !open;
    tools.classList.toggle(TOOLS_PANEL_OPEN_CLASS, open);
  }
}

/**
 * Copy a target's link or, without a web address or when asked for, its citation; say what was copied.
 * @param {HTMLElement} button
 * @param {HTMLElement} target
 * @param {boolean} wantLink
 */
function copyAnchor(button, target, wantLink) {
  var isLink = wantLink && !!pageUrl();
  // Without a web address, "copy link" gives the citation with its pinpoint, and says why.
  var unlinked = wantLink && !isLink;
  var text = isLink ? anchorUrl(target.id) : citationFor(target);
  copyText(text).then(function (ok) {
    if (ok) {
      confirmNear(button, isLink ? "Link copied" : unlinked ? "No web address: citation copied" : "Citation copied");
      announce(
        (unlinked ? NO_ADDRESS + ": the citation for " : isLink ? "Link to " : "Citation for ") +
          describe(target) +
          (unlinked ? ", without an address, was copied to the clipboard." : " copied to the clipboard.")
      );
    } else {
      confirmNear(button, "Could not copy");
      announce("Could not copy to the clipboard. " + (isLink ? "The link is " : "The citation is ") + text);
    }
  });
}

addAnchorAction({
  id: "link",
  icon: "link",
  tip: "Copy link",
  label: function (name) {
    return "Copy link to " + name;
  },
  run: function (button, target) {
    copyAnchor(button, target, true);
  },
});

addAnchorAction({
  id: "cite",
  icon: "quote",
  tip: "Copy citation",
  label: function (name) {
    return "Copy citation for " + name;
  },
  run: function (button, target) {
    copyAnchor(button, target, false);
  },
});

/** The tools on each page, and their buttons' clicks. */
function setupCopyTools() {
  doc.addEventListener("click", function (event) {
    var button = closestIn(event.target, ".anchor-tools__btn");
    var target = button && byId(button.getAttribute("data-target"));
    var action = button && anchorAction(button.getAttribute("data-action"));
    if (!button || !target || !action) {
      return;
    }
    if (action.panel) {
      var tools = /** @type {HTMLElement} */ (button.closest(".anchor-tools"));
      setPanelOpen(tools, button.getAttribute("aria-expanded") !== "true");
    } else if (action.run) {
      action.run(button, target);
    }
  });
  onPage(function () {
    if (current.article) {
      addTools(current.article);
    }
  });
}

setupCopyTools();
