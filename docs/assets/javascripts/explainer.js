/*
 * explainer.js: reader tools for the brief. Vanilla JavaScript, no dependencies, no network access (works from
 * file://), no eval and no style attributes set through setAttribute (a strict Content-Security-Policy applies).
 *
 *  1. Anchor tools: "Copy link" and "Copy citation" buttons for every numbered paragraph and every h1–h3 with an id.
 *  2. Passage links: select text in the brief, then "Copy link to this passage" (#p-3.2 or #p-3.2~p-4.1).
 *     Keyboard: Tab right after selecting reaches the button; Alt+Shift+L copies the link directly.
 *  3. Deep-link landing: #p-3, #p-3.2, #heading-id or #start~end is scrolled to and highlighted (class is-target).
 *  4. Glossary popovers (WCAG 1.4.13): hover, focus or first tap on a glossary link shows its entry; dismissible
 *     with Escape, hoverable, and persistent until the pointer or focus leaves.
 *
 * The script is loaded at the end of <body>, before Material's own code runs on DOMContentLoaded: the glossary links'
 * title attributes are removed here first, so that Material's content.tooltips never turns them into a second tooltip.
 */
(function () {
  "use strict";

  if (window.__briefExplainer) {
    return;
  }
  window.__briefExplainer = true;

  var doc = document;
  var article = doc.querySelector(".md-content article") || doc.querySelector(".md-content .md-typeset");
  if (!article) {
    return;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  var ICONS = {
    // Material Design Icons (Apache 2.0): link-variant, format-quote-close.
    link:
      "M10.59 13.41c.41.39.41 1.03 0 1.42-.39.39-1.03.39-1.42 0a5.003 5.003 0 0 1 0-7.07l3.54-3.54a5.003 5.003 0 0 1 " +
      "7.07 0 5.003 5.003 0 0 1 0 7.07l-1.49 1.49c.01-.82-.12-1.64-.4-2.42l.47-.48a2.98 2.98 0 0 0 0-4.24 2.98 2.98 0 " +
      "0 0-4.24 0l-3.53 3.53a2.98 2.98 0 0 0 0 4.24m2.82-4.24c.39-.39 1.03-.39 1.42 0a5.003 5.003 0 0 1 0 7.07l-3.54 " +
      "3.54a5.003 5.003 0 0 1-7.07 0 5.003 5.003 0 0 1 0-7.07l1.49-1.49c-.01.82.12 1.64.4 2.43l-.47.47a2.98 2.98 0 0 " +
      "0 0 4.24 2.98 2.98 0 0 0 4.24 0l3.53-3.53a2.98 2.98 0 0 0 0-4.24.973.973 0 0 1 0-1.42",
    quote: "M14 17h3l2-4V7h-6v6h3M6 17h3l2-4V7H5v6h3z",
  };
  var CONFIRM_MS = 2500;
  var HIGHLIGHT_MS = 4000;
  var HOVER_OPEN_MS = 150;
  var HOVER_CLOSE_MS = 300;

  /* ------------------------------------------------------------------------------------------------ helpers -- */

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

  function icon(name) {
    var svg = doc.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = doc.createElementNS(SVG_NS, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function squash(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  function meta(name, property) {
    var node = doc.querySelector(property ? 'meta[property="' + name + '"]' : 'meta[name="' + name + '"]');
    return node ? squash(node.getAttribute("content")) : "";
  }

  function pageUrl() {
    return location.href.split("#")[0];
  }

  function anchorUrl(fragment) {
    return pageUrl() + "#" + fragment;
  }

  /** Place an absolutely positioned element at document coordinates (x, y), whatever its containing block. */
  function placeAt(node, x, y) {
    var parent = node.offsetParent;
    var baseX = 0;
    var baseY = 0;
    if (parent && !(parent === doc.body && getComputedStyle(parent).position === "static")) {
      var rect = parent.getBoundingClientRect();
      baseX = rect.left + window.scrollX + parent.clientLeft - parent.scrollLeft;
      baseY = rect.top + window.scrollY + parent.clientTop - parent.scrollTop;
    }
    node.style.left = Math.round(x - baseX) + "px";
    node.style.top = Math.round(y - baseY) + "px";
  }

  function viewportWidth() {
    return doc.documentElement.clientWidth || window.innerWidth;
  }

  /* ------------------------------------------------------------------------------- announcements, clipboard -- */

  var status = make("div", { class: "explainer-status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  doc.body.appendChild(status);
  var statusTimer = 0;

  function announce(message) {
    // Clear first, so that the same message twice in a row is announced twice.
    status.textContent = "";
    window.clearTimeout(statusTimer);
    statusTimer = window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  function copyWithTextarea(text) {
    var active = doc.activeElement;
    var selection = window.getSelection();
    var saved = [];
    if (selection) {
      for (var i = 0; i < selection.rangeCount; i += 1) {
        saved.push(selection.getRangeAt(i).cloneRange());
      }
    }
    var area = make("textarea", { class: "explainer-copybuffer", readonly: "", "aria-hidden": "true", tabindex: "-1" });
    area.value = text;
    doc.body.appendChild(area);
    area.select();
    area.setSelectionRange(0, text.length);
    var ok = false;
    try {
      ok = doc.execCommand("copy");
    } catch (error) {
      ok = false;
    }
    area.remove();
    if (active && typeof active.focus === "function") {
      active.focus({ preventScroll: true });
    }
    if (selection) {
      selection.removeAllRanges();
      saved.forEach(function (range) {
        selection.addRange(range);
      });
    }
    return ok;
  }

  /** Copy text; resolves to true when it reached the clipboard. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext && typeof navigator.clipboard.writeText === "function") {
      return navigator.clipboard.writeText(text).then(
        function () {
          return true;
        },
        function () {
          return copyWithTextarea(text);
        }
      );
    }
    return Promise.resolve(copyWithTextarea(text));
  }

  /* ------------------------------------------------------------------------------------------- citations -- */

  var briefCitation =
    meta("brief-citation") ||
    [meta("citation_author"), meta("citation_title"), meta("citation_series_title")].filter(Boolean).join(", ");
  var citationTitle = meta("citation_title");
  var siteName = meta("og:site_name", true) || squash(doc.title.split(" - ").pop());
  var isBriefPage = !!article.querySelector("p.brief-para");

  function headingText(heading) {
    var copy = heading.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll("sup, .gloss-pop, .anchor-tools"), function (node) {
      node.remove();
    });
    return squash(copy.textContent);
  }

  function citationFor(target) {
    var url = anchorUrl(target.id);
    if (target.classList.contains("brief-para")) {
      return briefCitation + ", ¶" + target.getAttribute("data-para") + ", " + url;
    }
    var text = headingText(target);
    if (isBriefPage) {
      return text === citationTitle ? briefCitation + ", " + url : briefCitation + ', "' + text + '", ' + url;
    }
    var pageHeading = article.querySelector("h1");
    var pageTitle = pageHeading ? headingText(pageHeading) : "";
    var where = pageTitle && pageTitle !== text ? ', in "' + pageTitle + '"' : "";
    return '"' + text + '"' + where + ", " + siteName + " (companion to " + briefCitation + "), " + url;
  }

  /* ----------------------------------------------------------------------------------- 1. anchor tools -- */

  function toolButton(action, target, label, tip, iconName) {
    var button = make("button", {
      type: "button",
      class: "anchor-tools__btn",
      "data-action": action,
      "data-target": target.id,
      "aria-label": label,
      "data-tip": tip,
    });
    button.appendChild(icon(iconName));
    return button;
  }

  function buildTools(target, isParagraph) {
    var name = describe(target);
    var tools = make(isParagraph ? "span" : "div", {
      class: "anchor-tools " + (isParagraph ? "anchor-tools--para" : "anchor-tools--" + target.tagName.toLowerCase()),
    });
    tools.appendChild(toolButton("link", target, "Copy link to " + name, "Copy link", "link"));
    tools.appendChild(toolButton("cite", target, "Copy citation for " + name, "Copy citation", "quote"));
    return tools;
  }

  function isContent(node) {
    return !node.closest(".gloss-popovers, .gloss-pop, .footnote, .md-source-file");
  }

  Array.prototype.forEach.call(article.querySelectorAll("p.brief-para[id]"), function (paragraph) {
    if (!isContent(paragraph) || paragraph.querySelector(":scope > .anchor-tools")) {
      return;
    }
    var tools = buildTools(paragraph, true);
    var number = paragraph.querySelector(":scope > .para-num");
    if (number) {
      number.after(tools);
    } else {
      paragraph.prepend(tools);
    }
  });

  Array.prototype.forEach.call(article.querySelectorAll("h1[id], h2[id], h3[id]"), function (heading) {
    if (!isContent(heading) || heading.parentElement.classList.contains("anchor-heading")) {
      return;
    }
    // A wrapper without padding or border: the heading's margins still collapse as before, and the buttons stay
    // out of the heading's accessible name. The wrapper is positioned (explainer.css) so that the tools sit at its
    // top right, which makes it the heading's offsetParent.
    var wrapper = make("div", { class: "anchor-heading" });
    heading.before(wrapper);
    wrapper.appendChild(buildTools(heading, false));
    wrapper.appendChild(heading);
  });

  function confirmNear(anchor, message) {
    var holder = anchor.closest(".anchor-tools") || anchor.parentElement;
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

  function describe(target) {
    return target.classList.contains("brief-para")
      ? "¶" + target.getAttribute("data-para")
      : "section “" + headingText(target) + "”";
  }

  doc.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".anchor-tools__btn");
    if (!button) {
      return;
    }
    var target = doc.getElementById(button.getAttribute("data-target"));
    if (!target) {
      return;
    }
    var isLink = button.getAttribute("data-action") === "link";
    var text = isLink ? anchorUrl(target.id) : citationFor(target);
    copyText(text).then(function (ok) {
      if (ok) {
        confirmNear(button, isLink ? "Link copied" : "Citation copied");
        announce((isLink ? "Link to " : "Citation for ") + describe(target) + " copied to the clipboard.");
      } else {
        confirmNear(button, "Could not copy");
        announce("Could not copy to the clipboard. " + (isLink ? "The link is " : "The citation is ") + text);
      }
    });
  });

  // For print: a link whose text already is its address is not followed by the address again.
  Array.prototype.forEach.call(article.querySelectorAll('a[href^="http"]'), function (link) {
    var text = squash(link.textContent).replace(/\/$/, "");
    var href = link.getAttribute("href").replace(/\/$/, "");
    if (text === href || text === href.replace(/^https?:\/\//, "")) {
      link.classList.add("is-bare-url");
    }
  });

  /* ---------------------------------------------------------------------------------- 3. deep-link landing -- */

  var sentences = Array.prototype.filter.call(article.querySelectorAll(".brief-sentence[id]"), isContent);
  var highlightTimer = 0;
  var userMoved = false;

  function isTargetable(node) {
    return (
      !!node &&
      article.contains(node) &&
      isContent(node) &&
      (node.classList.contains("brief-para") ||
        node.classList.contains("brief-sentence") ||
        /^H[1-6]$/.test(node.tagName))
    );
  }

  function byId(id) {
    return id ? doc.getElementById(id) : null;
  }

  /** The sentences from start to end (sentence, paragraph or heading ids), in document order; one end if the other
   *  is unknown; [] if neither is known. */
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
    var inside = sentences.filter(function (sentence) {
      var afterStart =
        first.contains(sentence) || !!(first.compareDocumentPosition(sentence) & Node.DOCUMENT_POSITION_FOLLOWING);
      var beforeEnd =
        last.contains(sentence) || !!(last.compareDocumentPosition(sentence) & Node.DOCUMENT_POSITION_PRECEDING);
      return afterStart && beforeEnd;
    });
    return inside.length ? inside : [first];
  }

  function currentFragment() {
    var raw = location.hash.slice(1);
    try {
      return decodeURIComponent(raw);
    } catch (error) {
      return raw;
    }
  }

  function clearHighlight() {
    window.clearTimeout(highlightTimer);
    Array.prototype.forEach.call(article.querySelectorAll(".is-target"), function (node) {
      node.classList.remove("is-target", "is-target--settled", "is-target--range");
    });
  }

  /** Highlight (and optionally scroll to) what the fragment points at; returns the first target or null. */
  function land(scroll) {
    var fragment = currentFragment();
    var targets = [];
    if (fragment.indexOf("~") > 0) {
      var ends = fragment.split("~");
      targets = rangeTargets(ends[0], ends[1]);
    } else if (isTargetable(byId(fragment))) {
      targets = [byId(fragment)];
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
      targets[0].scrollIntoView({ block: "start", behavior: "auto" });
    }
    return targets[0];
  }

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
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (link && link.getAttribute("href") === location.hash && !event.defaultPrevented) {
      window.setTimeout(function () {
        land(false);
      }, 0);
    }
  });

  /* ---------------------------------------------------------------------------------- 2. passage links -- */

  var passageButton = null;
  var passageLabel = null;
  var passageFragment = "";
  var dismissedFragment = ""; // the passage whose button Escape closed: not shown again until the selection changes
  var pointerSelecting = false;
  var selectionTimer = 0;
  var passageResetTimer = 0;

  function selectionRange() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return null;
    }
    var range = selection.getRangeAt(0);
    var container = range.commonAncestorContainer;
    var element = container.nodeType === 1 ? container : container.parentElement;
    if (!element || !article.contains(element) || element.closest(".gloss-pop, .anchor-tools, .passage-link")) {
      return null;
    }
    return range;
  }

  /** The sentences a range really covers (at least one visible character), in document order. */
  function sentencesIn(range) {
    return sentences.filter(function (sentence) {
      if (!range.intersectsNode(sentence)) {
        return false;
      }
      var part = doc.createRange();
      part.selectNodeContents(sentence);
      if (range.compareBoundaryPoints(Range.START_TO_START, part) > 0) {
        part.setStart(range.startContainer, range.startOffset);
      }
      if (range.compareBoundaryPoints(Range.END_TO_END, part) < 0) {
        part.setEnd(range.endContainer, range.endOffset);
      }
      return squash(part.toString()) !== "";
    });
  }

  function fragmentFor(covered) {
    if (!covered.length) {
      return "";
    }
    var first = covered[0].id;
    var last = covered[covered.length - 1].id;
    return first === last ? first : first + "~" + last;
  }

  function ensurePassageButton() {
    if (passageButton) {
      return passageButton;
    }
    passageButton = make("button", {
      type: "button",
      class: "passage-link",
      hidden: "",
      title: "Copy link to this passage (Alt+Shift+L)",
      "aria-keyshortcuts": "Alt+Shift+L",
    });
    passageButton.appendChild(icon("link"));
    passageLabel = make("span", { class: "passage-link__label" }, "Copy link to this passage");
    passageButton.appendChild(passageLabel);
    // Keep the reader's selection: a mouse press on the button must not move focus or collapse the selection.
    passageButton.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    passageButton.addEventListener("click", function () {
      // The selection may have changed since the button was placed (selectionchange is debounced): use the current.
      var range = selectionRange();
      var covered = range ? sentencesIn(range) : [];
      copyPassage(covered.length ? fragmentFor(covered) : passageFragment);
    });
    passageButton.addEventListener("blur", function () {
      window.setTimeout(function () {
        if (doc.activeElement !== passageButton && !selectionRange()) {
          hidePassageButton();
        }
      }, 0);
    });
    return passageButton;
  }

  function hidePassageButton() {
    if (passageButton && !passageButton.hidden) {
      passageButton.hidden = true;
      passageFragment = "";
    }
  }

  function showPassageButton(range, covered) {
    var button = ensurePassageButton();
    passageFragment = fragmentFor(covered);
    var lastParagraph = covered[covered.length - 1].closest("p") || covered[covered.length - 1];
    // In the DOM right after the paragraph that holds the end of the selection: Tab from there reaches it.
    if (button.previousElementSibling !== lastParagraph || button.parentElement !== lastParagraph.parentElement) {
      lastParagraph.after(button);
    }
    button.hidden = false;
    var rects = Array.prototype.filter.call(range.getClientRects(), function (rect) {
      return rect.width > 1 && rect.height > 0;
    });
    var end = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
    var width = button.offsetWidth;
    var maxX = viewportWidth() - width - 8;
    var x = Math.max(8, Math.min(end.right - width / 2, maxX));
    placeAt(button, x + window.scrollX, end.bottom + window.scrollY + 8);
  }

  function updatePassage() {
    if (pointerSelecting) {
      return;
    }
    var range = selectionRange();
    var covered = range ? sentencesIn(range) : [];
    if (!covered.length) {
      dismissedFragment = "";
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

  function copyPassage(fragment) {
    if (!fragment) {
      return;
    }
    var url = anchorUrl(fragment);
    var what = fragment.indexOf("~") > 0 ? "these sentences" : "this sentence";
    copyText(url).then(function (ok) {
      announce(
        ok ? "Link to " + what + " copied to the clipboard." : "Could not copy to the clipboard. The link is " + url
      );
      if (passageButton && !passageButton.hidden) {
        passageLabel.textContent = ok ? "Link copied" : "Could not copy";
        passageButton.classList.add("is-done");
        window.clearTimeout(passageResetTimer);
        passageResetTimer = window.setTimeout(function () {
          passageLabel.textContent = "Copy link to this passage";
          passageButton.classList.remove("is-done");
        }, CONFIRM_MS);
      }
    });
  }

  // One pending check of the selection at a time: a mouse selection ends with both selectionchange and mouseup.
  function scheduleUpdate(delay) {
    window.clearTimeout(selectionTimer);
    selectionTimer = window.setTimeout(updatePassage, delay);
  }

  doc.addEventListener("selectionchange", function () {
    scheduleUpdate(120);
  });
  doc.addEventListener("mousedown", function (event) {
    if (event.button === 0 && !(event.target.closest && event.target.closest(".passage-link"))) {
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

  doc.addEventListener("keydown", function (event) {
    // Alt+Shift+L (by physical key, so that it also works where Alt+Shift+L types a character).
    if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === "KeyL") {
      var range = selectionRange();
      var covered = range ? sentencesIn(range) : [];
      event.preventDefault();
      if (covered.length) {
        dismissedFragment = "";
        showPassageButton(range, covered);
        copyPassage(passageFragment);
      } else {
        announce("Select text in the brief first, then press Alt+Shift+L to copy a link to it.");
      }
      return;
    }
    // Tab straight after selecting text with the mouse (focus is nowhere in particular): go to the passage button.
    if (
      event.key === "Tab" &&
      !event.shiftKey &&
      !event.altKey &&
      !event.ctrlKey &&
      !event.metaKey &&
      passageButton &&
      !passageButton.hidden &&
      (doc.activeElement === doc.body || doc.activeElement === doc.documentElement || !doc.activeElement)
    ) {
      event.preventDefault();
      passageButton.focus();
    }
  });

  /* ----------------------------------------------------------------------------- 4. glossary popovers -- */

  var glossLinks = Array.prototype.filter.call(article.querySelectorAll("a.gloss-link"), function (link) {
    return !link.closest(".gloss-popovers");
  });
  var openState = null; // { link, pop }
  var openTimer = 0;
  var closeTimer = 0;
  var dismissed = null; // the link whose popover was closed with Escape: not reopened until pointer/focus leave
  var lastPointerType = "";
  var tapOpened = null;

  glossLinks.forEach(function (link) {
    var title = link.getAttribute("title");
    if (title) {
      link.setAttribute("data-gloss-title", title);
      link.removeAttribute("title");
    }
  });

  function templateFor(link) {
    var id = link.getAttribute("data-gloss");
    var template = id ? byId("gloss-pop-" + id) : null;
    var pop;
    if (template) {
      pop = template.cloneNode(true);
      pop.removeAttribute("id");
      Array.prototype.forEach.call(pop.querySelectorAll("[id]"), function (node) {
        node.removeAttribute("id");
      });
    } else {
      // No template (should not happen): the summary kept from the title, and the link itself.
      pop = make("div", { class: "gloss-pop" });
      pop.appendChild(make("p", { class: "gloss-pop__summary" }, link.getAttribute("data-gloss-title") || ""));
      var more = make("p", { class: "gloss-pop__links" });
      more.appendChild(make("a", { href: link.getAttribute("href") }, "Glossary entry"));
      pop.appendChild(more);
    }
    // The clone holds links, so it is not a tooltip: a labelled group that Tab moves into from the term.
    pop.removeAttribute("hidden");
    pop.setAttribute("role", "group");
    pop.setAttribute("aria-label", "Glossary: " + squash(link.textContent));
    pop.classList.add("gloss-popover");
    var summary = link.getAttribute("data-gloss-title");
    if (summary) {
      pop.setAttribute("data-title", summary);
    }
    return pop;
  }

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
    var y = below;
    if (below + height > window.innerHeight - 8 && first.top - 6 - height > headerBottom + 8) {
      y = first.top - 6 - height;
      pop.classList.add("gloss-popover--above");
    } else {
      pop.classList.remove("gloss-popover--above");
    }
    placeAt(pop, x + window.scrollX, y + window.scrollY);
  }

  function openPopover(link) {
    window.clearTimeout(openTimer);
    window.clearTimeout(closeTimer);
    if (openState && openState.link === link) {
      return;
    }
    closePopover(false);
    var pop = templateFor(link);
    link.after(pop);
    openState = { link: link, pop: pop };
    link.classList.add("has-open-popover");
    positionPopover(link, pop);
    pop.addEventListener("mouseenter", function () {
      window.clearTimeout(closeTimer);
    });
    pop.addEventListener("mouseleave", function () {
      scheduleClose();
    });
    pop.addEventListener("focusout", onFocusOut);
  }

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
    state.pop.remove();
    if (returnFocus || hadFocus) {
      dismissed = state.link;
      state.link.focus({ preventScroll: true });
    }
  }

  function scheduleClose() {
    window.clearTimeout(openTimer);
    window.clearTimeout(closeTimer);
    closeTimer = window.setTimeout(function () {
      if (!openState) {
        return;
      }
      var focused = doc.activeElement;
      var keepForFocus =
        lastPointerType !== "mouse" && (focused === openState.link || openState.pop.contains(focused));
      if (!keepForFocus && !openState.link.matches(":hover") && !openState.pop.matches(":hover")) {
        closePopover(false);
      }
    }, HOVER_CLOSE_MS);
  }

  function onFocusOut(event) {
    if (!openState) {
      return;
    }
    var next = event.relatedTarget;
    if (next && (next === openState.link || openState.pop.contains(next))) {
      return;
    }
    window.setTimeout(function () {
      if (!openState) {
        return;
      }
      var focused = doc.activeElement;
      if (focused === openState.link || openState.pop.contains(focused)) {
        return;
      }
      if (!openState.link.matches(":hover") && !openState.pop.matches(":hover")) {
        closePopover(false);
      }
    }, 0);
  }

  glossLinks.forEach(function (link) {
    link.addEventListener("mouseenter", function () {
      if (lastPointerType === "touch" || dismissed === link) {
        return;
      }
      window.clearTimeout(closeTimer);
      window.clearTimeout(openTimer);
      openTimer = window.setTimeout(function () {
        openPopover(link);
      }, HOVER_OPEN_MS);
    });
    link.addEventListener("mouseleave", function () {
      window.clearTimeout(openTimer);
      if (dismissed === link && doc.activeElement !== link) {
        dismissed = null;
      }
      if (openState && openState.link === link) {
        scheduleClose();
      }
    });
    link.addEventListener("focus", function () {
      if (dismissed === link) {
        return;
      }
      openPopover(link);
    });
    link.addEventListener("blur", function () {
      if (dismissed === link && !link.matches(":hover")) {
        dismissed = null;
      }
    });
    link.addEventListener("focusout", onFocusOut);
    link.addEventListener("pointerdown", function (event) {
      lastPointerType = event.pointerType;
      tapOpened = null;
      if (event.pointerType !== "mouse") {
        dismissed = null;
        if (!(openState && openState.link === link)) {
          tapOpened = link;
        }
      }
    });
    link.addEventListener("click", function (event) {
      // First tap on a touch screen shows the entry; the second follows the link.
      if (tapOpened === link) {
        tapOpened = null;
        event.preventDefault();
        openPopover(link);
      }
    });
  });

  doc.addEventListener(
    "pointerdown",
    function (event) {
      lastPointerType = event.pointerType || "mouse";
      if (!openState) {
        return;
      }
      var target = event.target;
      if (target === openState.link || openState.link.contains(target) || openState.pop.contains(target)) {
        return;
      }
      closePopover(false);
    },
    true
  );
  doc.addEventListener(
    "keydown",
    function (event) {
      if (event.key === "Tab" || event.key === "Enter" || event.key === " ") {
        lastPointerType = "keyboard";
      }
      if (event.key !== "Escape") {
        return;
      }
      if (openState) {
        var state = openState;
        var focusInside = state.pop.contains(doc.activeElement) || doc.activeElement === state.link;
        dismissed = state.link;
        closePopover(focusInside);
        event.stopPropagation();
        return;
      }
      if (passageButton && !passageButton.hidden) {
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
  window.addEventListener("resize", function () {
    if (openState) {
      positionPopover(openState.link, openState.pop);
    }
  });

  /* ------------------------------------------------------------------------------------------ landing -- */

  // Our buttons are in place now (they add a little height): land on the fragment, then once more after the
  // page has loaded (late images or fonts can move the target), unless the reader has moved in the meantime.
  land(true);
  window.addEventListener("load", function () {
    if (!userMoved && location.hash) {
      land(true);
    }
  });
})();
