/*
 * explainer.js: reader tools for the brief. Vanilla JavaScript, no dependencies, no network access (works from
 * file://), no eval and no style attributes set through setAttribute (a strict Content-Security-Policy applies).
 *
 *  1. Anchor tools: "Copy link" and "Copy citation" for every numbered paragraph and every h1–h3 with an id, and
 *     for a paragraph the citation as BibTeX, RIS or CSL-JSON (a download, so it works offline). On wide screens
 *     they sit in the margin; on narrow or touch screens the ¶ number opens them as a small menu. They never take
 *     space from the text.
 *  2. Passage links: select text in the brief, then "Copy link to this passage" (#p-3.2 or #p-3.2~p-4.1, plus a
 *     standard text fragment, :~:text=…, for the exact words). Keyboard: Alt+Shift+L, announced on selection.
 *  3. Deep-link landing: #p-3, #p-3.2, #heading-id or #start~end is scrolled to (with its paragraph's first line
 *     in view when it fits) and highlighted (class is-target).
 *  4. Glossary popovers (WCAG 1.4.13): hover, focus or first tap on a glossary link shows its entry; dismissible
 *     with Escape, hoverable, and persistent until the pointer or focus leaves. The popovers are rendered once per
 *     page after the footer, outside the article's text; this script only shows and places them. Nothing is set
 *     up per link: the listeners are delegated, so a page with many terms costs nothing more at load.
 *
 * Material's document$ (its public hook) delivers every page, the first and each one reached by instant
 * navigation: document-wide listeners are installed once, and setup() prepares each page's article.
 */
(function () {
  "use strict";

  if (window.__briefExplainer) {
    return;
  }
  window.__briefExplainer = true;

  var doc = document;
  var SVG_NS = "http://www.w3.org/2000/svg";
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
  var CONFIRM_MS = 2500;
  var HIGHLIGHT_MS = 4000;
  var HOVER_OPEN_MS = 150;
  var HOVER_CLOSE_MS = 300;
  // Where the margin is too narrow for the tools, or there is no hover: the ¶ number opens them as a menu.
  // The same query is in explainer.css.
  var MENU_MODE = window.matchMedia("(max-width: 76.2344em), (hover: none)");
  var FORMATS = [
    { id: "bibtex", label: "BibTeX", extension: "bib", type: "application/x-bibtex" },
    { id: "ris", label: "RIS", extension: "ris", type: "application/x-research-info-systems" },
    { id: "csl", label: "CSL-JSON", extension: "json", type: "application/vnd.citationstyles.csl+json" },
  ];

  /** The page being read: its article, sentences and kind. Reset by setup() for each page. */
  var current = { article: null, sentences: [], isBrief: false };

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

  function words(text) {
    var squashed = squash(text);
    return squashed ? squashed.split(" ") : [];
  }

  function meta(name, property) {
    var node = doc.querySelector(property ? 'meta[property="' + name + '"]' : 'meta[name="' + name + '"]');
    return node ? squash(node.getAttribute("content")) : "";
  }

  /** The page's address for a briefing: its canonical link when the build had a public one; the address in the
   *  bar when the site is served; none from a local copy without one (a file:// path means nothing to a reader). */
  function pageUrl() {
    var canonical = doc.querySelector('link[rel="canonical"]');
    var href = canonical ? canonical.getAttribute("href") || "" : "";
    if (/^https?:\/\//.test(href)) {
      return href.split("#")[0];
    }
    return location.protocol === "http:" || location.protocol === "https:" ? location.href.split("#")[0] : "";
  }

  /** The address of a fragment of this page, or "" when the page has no address to give (see pageUrl). */
  function anchorUrl(fragment) {
    var base = pageUrl();
    return base ? base + "#" + fragment : "";
  }

  var NO_ADDRESS = "This copy has no web address";

  function byId(id) {
    return id ? doc.getElementById(id) : null;
  }

  function closestIn(node, selector) {
    return node && node.nodeType === 1 && node.closest ? node.closest(selector) : null;
  }

  /** Place an absolutely positioned element with its top left at viewport point (x, y), whatever its containing
   *  block (the body, the top layer): set, measure, correct once. */
  function placeAt(node, x, y) {
    node.style.left = Math.round(x + window.scrollX) + "px";
    node.style.top = Math.round(y + window.scrollY) + "px";
    var rect = node.getBoundingClientRect();
    if (Math.abs(rect.left - x) > 0.5 || Math.abs(rect.top - y) > 0.5) {
      node.style.left = Math.round(x + window.scrollX + (x - rect.left)) + "px";
      node.style.top = Math.round(y + window.scrollY + (y - rect.top)) + "px";
    }
  }

  function viewportWidth() {
    return doc.documentElement.clientWidth || window.innerWidth;
  }

  function isContent(node) {
    return !node.closest(".gloss-popovers, .footnote, .md-source-file");
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

  /** Save text as a file: a blob and a download link, so that it works offline and from file:// too. */
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

  /* ------------------------------------------------------------------------------------------- citations -- */

  function headingText(heading) {
    var copy = heading.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll("sup, .anchor-tools"), function (node) {
      node.remove();
    });
    return squash(copy.textContent);
  }

  function describe(target) {
    return target.classList.contains("brief-para")
      ? "¶" + target.getAttribute("data-para")
      : "section “" + headingText(target) + "”";
  }

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
    var pageHeading = current.article.querySelector("h1");
    var pageTitle = pageHeading ? headingText(pageHeading) : "";
    var where = pageTitle && pageTitle !== text ? ', in "' + pageTitle + '"' : "";
    return '"' + text + '"' + where + ", " + siteName + " (companion to " + briefCitation + ")" + address;
  }

  /** The brief's bibliographic data, from the citation_* meta tags the template writes from mkdocs.yml's
   *  extra.brief. Nothing else: what the site does not know (series number, the original's URL) stays absent. */
  function briefData() {
    var author = meta("citation_author").split(",");
    var date = meta("citation_publication_date").split("/");
    return {
      title: meta("citation_title"),
      family: squash(author[0]),
      given: squash(author.slice(1).join(",")),
      year: parseInt(date[0], 10) || 0,
      month: parseInt(date[1], 10) || 0,
      series: meta("citation_series_title"),
      publisher: meta("citation_publisher"),
      language: meta("citation_language"),
    };
  }

  function asciiWord(text) {
    return (text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/ł/g, "l")
      .replace(/Ł/g, "L")
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "");
  }

  function citeKey(data) {
    var firstWord = (data.title.split(/\s+/).filter(function (word) {
      return !/^(a|an|the)$/i.test(word);
    })[0] || "");
    return asciiWord(data.family) + (data.year || "") + asciiWord(firstWord);
  }

  var MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

  function bibtexValue(text) {
    return text.replace(/[\\{}]/g, "").replace(/([&%$#_])/g, "\\$1");
  }

  function formatCitation(format, target) {
    var data = briefData();
    var paragraph = target.getAttribute("data-para");
    var url = anchorUrl(target.id);
    var pinpoint = "¶" + paragraph;
    if (format === "bibtex") {
      var fields = [
        ["author", "{" + bibtexValue(data.family + (data.given ? ", " + data.given : "")) + "}"],
        ["title", "{{" + bibtexValue(data.title) + "}}"],
        ["howpublished", "{" + bibtexValue(data.series) + "}"],
        ["publisher", "{" + bibtexValue(data.publisher) + "}"],
        ["year", data.year ? "{" + data.year + "}" : ""],
        ["month", data.month ? MONTHS[data.month - 1] : ""],
        ["language", data.language ? "{" + bibtexValue(data.language) + "}" : ""],
        ["note", "{" + pinpoint + "}"],
        ["url", url ? "{" + url + "}" : ""],
      ].filter(function (field) {
        return field[1] && field[1] !== "{}";
      });
      return (
        "@misc{" +
        citeKey(data) +
        ",\n" +
        fields
          .map(function (field) {
            return "  " + field[0] + " = " + field[1];
          })
          .join(",\n") +
        "\n}\n"
      );
    }
    if (format === "ris") {
      var lines = [
        ["TY", "RPRT"],
        ["AU", data.family + (data.given ? ", " + data.given : "")],
        ["TI", data.title],
        ["T3", data.series],
        ["PB", data.publisher],
        ["PY", data.year ? String(data.year) : ""],
        ["DA", data.year ? data.year + "/" + (data.month ? ("0" + data.month).slice(-2) : "") + "//" : ""],
        ["LA", data.language],
        ["UR", url],
        ["N1", "Cited at " + pinpoint],
        ["ER", ""],
      ].filter(function (line) {
        return line[1] || line[0] === "ER";
      });
      return (
        lines
          .map(function (line) {
            return line[0] + "  - " + line[1];
          })
          .join("\r\n") + "\r\n"
      );
    }
    var item = {
      id: citeKey(data),
      type: "report",
      title: data.title,
      author: [{ family: data.family, given: data.given }],
      "collection-title": data.series,
      publisher: data.publisher,
      language: data.language,
      note: "Cited at " + pinpoint,
    };
    if (url) {
      item.URL = url;
    }
    if (data.year) {
      item.issued = { "date-parts": [data.month ? [data.year, data.month] : [data.year]] };
    }
    return JSON.stringify([item], null, 2) + "\n";
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
    // Shown on touch screens, where there is no hover tooltip (the button's name begins with it).
    var shortLabel = label.split(" for ")[0].split(" to ")[0];
    button.appendChild(make("span", { class: "anchor-tools__label", "aria-hidden": "true" }, shortLabel));
    return button;
  }

  function buildTools(target, isParagraph) {
    var name = describe(target);
    var tools = make(isParagraph ? "span" : "div", {
      class: "anchor-tools " + (isParagraph ? "anchor-tools--para" : "anchor-tools--" + target.tagName.toLowerCase()),
    });
    tools.appendChild(toolButton("link", target, "Copy link to " + name, "Copy link", "link"));
    tools.appendChild(toolButton("cite", target, "Copy citation for " + name, "Copy citation", "quote"));
    if (isParagraph) {
      var toggle = toolButton("formats", target, "Download citation for " + name, "Cite as…", "download");
      toggle.setAttribute("aria-expanded", "false");
      tools.appendChild(toggle);
      var formats = make("span", { class: "anchor-tools__formats", role: "group", "aria-label": "Citation formats" });
      formats.hidden = true;
      FORMATS.forEach(function (format) {
        formats.appendChild(
          make(
            "button",
            {
              type: "button",
              class: "anchor-tools__format",
              "data-action": "download",
              "data-format": format.id,
              "data-target": target.id,
              "aria-label": format.label + " citation for " + name,
            },
            format.label
          )
        );
      });
      tools.appendChild(formats);
    }
    return tools;
  }

  /** Tools for every paragraph and heading of the article: absolutely positioned, so adding them moves nothing.
   *  A heading's tools follow it in a slot of no height (its margins collapse through), never around it: a
   *  positioned ancestor would change the heading's offsetTop, which Material reads for the header's title and
   *  the table of contents. */
  function addTools(article) {
    Array.prototype.forEach.call(article.querySelectorAll("p.brief-para[id]"), function (paragraph) {
      if (!isContent(paragraph) || paragraph.querySelector(":scope > .anchor-tools")) {
        return;
      }
      var tools = buildTools(paragraph, true);
      // After the paragraph's words in reading order (Tab reaches them after its links); placed in the margin.
      paragraph.append(tools);
    });
    Array.prototype.forEach.call(article.querySelectorAll("h1[id], h2[id], h3[id]"), function (heading) {
      var next = heading.nextElementSibling;
      if (!isContent(heading) || (next && next.classList.contains("anchor-slot"))) {
        return;
      }
      var slot = make("div", { class: "anchor-slot anchor-slot--" + heading.tagName.toLowerCase() });
      slot.appendChild(buildTools(heading, false));
      heading.after(slot);
    });
  }

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

  var openMenu = null; // the tools opened as a menu (narrow or touch screens): from a ¶ number, or a heading
  var menuOpener = null; // the ¶ number or heading that opened it
  var openerPressed = false; // a press on the opener is under way: its click toggles the menu, focus moving doesn't

  /** The ¶ numbers are disclosure buttons for their tools only where they open them as a menu. */
  function syncNumbers() {
    if (!current.article) {
      return;
    }
    Array.prototype.forEach.call(current.article.querySelectorAll(".brief-para > .para-num"), function (number) {
      if (MENU_MODE.matches) {
        number.setAttribute("aria-expanded", toolsOf(number) === openMenu ? "true" : "false");
      } else {
        number.removeAttribute("aria-expanded");
      }
    });
  }

  function closeMenu(returnFocus) {
    if (!openMenu) {
      return;
    }
    var tools = openMenu;
    var opener = menuOpener;
    openMenu = menuOpener = null;
    tools.classList.remove("is-open");
    if (opener.classList.contains("para-num") && returnFocus && tools.contains(doc.activeElement)) {
      opener.focus({ preventScroll: true });
    }
    setFormatsOpen(tools, false);
    syncNumbers();
  }

  /** Open or close, as a menu, the tools of a ¶ number (they follow it) or of a heading (in the slot after it). */
  /** The tools a ¶ number or a heading opens: the paragraph's own (after its words), or the heading's slot's. */
  function toolsOf(opener) {
    if (opener.classList.contains("para-num")) {
      return opener.parentElement.querySelector(":scope > .anchor-tools");
    }
    var next = opener.nextElementSibling;
    return next && next.classList.contains("anchor-slot") ? next.querySelector(":scope > .anchor-tools") : null;
  }

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

  function setFormatsOpen(tools, open) {
    var toggle = tools.querySelector('[data-action="formats"]');
    var formats = tools.querySelector(".anchor-tools__formats");
    if (toggle && formats) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      formats.hidden = !open;
      tools.classList.toggle("has-formats", open);
    }
  }

  function onToolClick(button) {
    var target = byId(button.getAttribute("data-target"));
    if (!target) {
      return;
    }
    var action = button.getAttribute("data-action");
    var tools = button.closest(".anchor-tools");
    if (action === "formats") {
      setFormatsOpen(tools, button.getAttribute("aria-expanded") !== "true");
      return;
    }
    if (action === "download") {
      var format = FORMATS.filter(function (candidate) {
        return candidate.id === button.getAttribute("data-format");
      })[0];
      var name = citeKey(briefData()) + "-p" + target.getAttribute("data-para") + "." + format.extension;
      download(name, format.type, formatCitation(format.id, target));
      confirmNear(button, format.label + " saved");
      announce(format.label + " citation for " + describe(target) + " saved as " + name + ".");
      return;
    }
    var isLink = action === "link" && !!pageUrl();
    // Without a web address, "copy link" gives the citation with its pinpoint, and says why.
    var unlinked = action === "link" && !isLink;
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

  /* ---------------------------------------------------------------------------------- 3. deep-link landing -- */

  var highlightTimer = 0;
  var userMoved = false;

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
    var inside = current.sentences.filter(function (sentence) {
      var afterStart =
        first.contains(sentence) || !!(first.compareDocumentPosition(sentence) & Node.DOCUMENT_POSITION_FOLLOWING);
      var beforeEnd =
        last.contains(sentence) || !!(last.compareDocumentPosition(sentence) & Node.DOCUMENT_POSITION_PRECEDING);
      return afterStart && beforeEnd;
    });
    return inside.length ? inside : [first];
  }

  /** The fragment without a text directive (browsers that do not support text fragments leave it in the hash). */
  function currentFragment() {
    var raw = location.hash.slice(1).split(":~:")[0];
    try {
      return decodeURIComponent(raw);
    } catch (error) {
      return raw;
    }
  }

  function clearHighlight() {
    window.clearTimeout(highlightTimer);
    Array.prototype.forEach.call(doc.querySelectorAll(".is-target"), function (node) {
      node.classList.remove("is-target", "is-target--settled", "is-target--range");
    });
  }

  /** Scroll to a target; a sentence with its paragraph's first line (and ¶ number) in view, when both fit. */
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

  /** Highlight (and optionally scroll to) what the fragment points at; returns the first target or null. */
  /** A deep link to a glossary entry opens its collapsed details, which follow its heading. */
  function openEntry(fragment) {
    var heading = byId(fragment);
    if (!heading || heading.tagName !== "H3") {
      return;
    }
    for (var node = heading.nextElementSibling; node && !/^H[1-6]$/.test(node.tagName); node = node.nextElementSibling) {
      if (node.tagName === "DETAILS" && node.classList.contains("gloss-more")) {
        node.open = true;
        return;
      }
    }
  }

  function land(scroll) {
    var fragment = currentFragment();
    var targets = [];
    openEntry(fragment);
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
      scrollToTarget(targets[0]);
    }
    return targets[0];
  }

  /* ---------------------------------------------------------------------------------- 2. passage links -- */

  var passageButton = null;
  var passageLabel = null;
  var passageFragment = "";
  var dismissedFragment = ""; // the passage whose button Escape closed: not shown again until the selection changes
  var hintedFragment = ""; // the passage whose keyboard shortcut was last announced
  var pointerSelecting = false;
  var selectionTimer = 0;
  var passageResetTimer = 0;

  function selectionRange() {
    var selection = window.getSelection();
    if (!current.article || !selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return null;
    }
    var range = selection.getRangeAt(0);
    var container = range.commonAncestorContainer;
    var element = container.nodeType === 1 ? container : container.parentElement;
    if (!element || !current.article.contains(element) || element.closest(".anchor-tools")) {
      return null;
    }
    return range;
  }

  /** The part of a range inside a node. */
  function clip(range, node) {
    var part = doc.createRange();
    part.selectNodeContents(node);
    if (range.compareBoundaryPoints(Range.START_TO_START, part) > 0) {
      part.setStart(range.startContainer, range.startOffset);
    }
    if (range.compareBoundaryPoints(Range.END_TO_END, part) < 0) {
      part.setEnd(range.endContainer, range.endOffset);
    }
    return part;
  }

  /** The sentences a range really covers (at least one visible character), in document order. */
  function sentencesIn(range) {
    return current.sentences.filter(function (sentence) {
      return range.intersectsNode(sentence) && squash(clip(range, sentence).toString()) !== "";
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

  /** A range widened to whole words: a text fragment only matches whole words. */
  function wholeWords(range) {
    var wide = range.cloneRange();
    var start = wide.startContainer;
    if (start.nodeType === 3) {
      var from = wide.startOffset;
      while (from > 0 && /[\w\u00C0-\u024F’'-]/.test(start.data.charAt(from - 1))) {
        from -= 1;
      }
      wide.setStart(start, from);
    }
    var end = wide.endContainer;
    if (end.nodeType === 3) {
      var to = wide.endOffset;
      while (to < end.data.length && /[\w\u00C0-\u024F’'-]/.test(end.data.charAt(to))) {
        to += 1;
      }
      wide.setEnd(end, to);
    }
    return wide;
  }

  function textBetween(startNode, startOffset, endNode, endOffset) {
    var part = doc.createRange();
    part.setStart(startNode, startOffset);
    part.setEnd(endNode, endOffset);
    return part.toString();
  }

  function encodeDirective(text) {
    return encodeURIComponent(text).replace(/-/g, "%2D");
  }

  function occurrences(haystack, needle) {
    var count = 0;
    var at = haystack.indexOf(needle);
    while (at !== -1) {
      count += 1;
      at = haystack.indexOf(needle, at + 1);
    }
    return count;
  }

  /** The standard text directive (:~:text=…) for the selected words: the words themselves when few, else the
   *  first and last few; with the words around them (prefix-, -suffix) when the start or end is not unique. */
  function textDirective(range, covered) {
    var wide = wholeWords(range);
    var firstWords = words(clip(wide, covered[0]).toString());
    var lastWords = words(clip(wide, covered[covered.length - 1]).toString());
    if (!firstWords.length || !lastWords.length) {
      return "";
    }
    var start;
    var end = "";
    if (covered.length === 1 && firstWords.length <= 8) {
      start = firstWords.join(" ");
    } else {
      start = firstWords.slice(0, 4).join(" ");
      end = lastWords.slice(-4).join(" ");
    }
    var directive = encodeDirective(start) + (end ? "," + encodeDirective(end) : "");
    var page = squash(doc.body.textContent).toLowerCase();
    if (occurrences(page, start.toLowerCase()) > 1 || (end && occurrences(page, end.toLowerCase()) > 1)) {
      var firstParagraph = covered[0].closest("p") || covered[0];
      var lastParagraph = covered[covered.length - 1].closest("p") || covered[covered.length - 1];
      var before = words(textBetween(firstParagraph, 0, wide.startContainer, wide.startOffset));
      before = before.filter(function (word) {
        return !/^¶\d+$/.test(word);
      });
      var after = words(
        textBetween(wide.endContainer, wide.endOffset, lastParagraph, lastParagraph.childNodes.length)
      );
      if (before.length) {
        directive = encodeDirective(before.slice(-3).join(" ")) + "-," + directive;
      }
      if (after.length) {
        directive += ",-" + encodeDirective(after.slice(0, 3).join(" "));
      }
    }
    return ":~:text=" + directive;
  }

  function passageUrl(range, covered) {
    var url = anchorUrl(fragmentFor(covered));
    return url ? url + (range ? textDirective(range, covered) : "") : "";
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
      var fragment = covered.length ? fragmentFor(covered) : passageFragment;
      if (fragment && !pageUrl()) {
        copyUnlinkedPassage(fragment);
        return;
      }
      copyPassage(covered.length ? passageUrl(range, covered) : passageFragment && anchorUrl(passageFragment));
    });
    passageButton.addEventListener("blur", function () {
      window.setTimeout(function () {
        if (doc.activeElement !== passageButton && !selectionRange()) {
          hidePassageButton();
        }
      }, 0);
    });
    // Outside the article, so that it is never part of the text or of a selection.
    doc.body.appendChild(passageButton);
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
    button.hidden = false;
    var rects = Array.prototype.filter.call(range.getClientRects(), function (rect) {
      return rect.width > 1 && rect.height > 0;
    });
    var end = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
    var width = button.offsetWidth;
    var maxX = viewportWidth() - width - 8;
    placeAt(button, Math.max(8, Math.min(end.right - width / 2, maxX)), end.bottom + 8);
    if (hintedFragment !== passageFragment) {
      hintedFragment = passageFragment;
      announce("Text selected. Press Alt+Shift+L to copy a link to this passage.");
    }
  }

  function updatePassage() {
    if (pointerSelecting) {
      return;
    }
    var range = selectionRange();
    var covered = range ? sentencesIn(range) : [];
    if (!covered.length) {
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

  /** Show on the passage button, for a moment, what its copy did. */
  function confirmPassage(text) {
    if (!passageButton || passageButton.hidden) {
      return;
    }
    passageLabel.textContent = text;
    passageButton.classList.add("is-done");
    window.clearTimeout(passageResetTimer);
    passageResetTimer = window.setTimeout(function () {
      passageLabel.textContent = "Copy link to this passage";
      passageButton.classList.remove("is-done");
    }, CONFIRM_MS);
  }

  /** Without a web address: the passage's citation, its paragraph and sentence ids as the pinpoint. */
  function copyUnlinkedPassage(fragment) {
    var paragraph = byId(fragment.split("~")[0].split(".")[0]);
    var citation = paragraph ? citationFor(paragraph) + " (sentences " + fragment.replace("~", " to ") + ")" : "";
    copyText(citation).then(function (ok) {
      announce(ok ? NO_ADDRESS + ": the passage's citation was copied instead of a link." : "Could not copy.");
      confirmPassage(ok ? "No web address: citation copied" : "Could not copy");
    });
  }

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

  // One pending check of the selection at a time: a mouse selection ends with both selectionchange and mouseup.
  function scheduleUpdate(delay) {
    window.clearTimeout(selectionTimer);
    selectionTimer = window.setTimeout(updatePassage, delay);
  }

  /* ----------------------------------------------------------------------------- 4. glossary popovers -- */

  var openState = null; // { link, pop }
  var openTimer = 0;
  var closeTimer = 0;
  var dismissed = null; // the link whose popover was closed with Escape: not reopened until pointer/focus leave
  var lastPointerType = "";
  var tapOpened = null;

  function glossLink(node) {
    var link = closestIn(node, "a.gloss-link");
    return link && current.article && current.article.contains(link) ? link : null;
  }

  function popoverFor(link) {
    var pop = byId("gloss-pop-" + link.getAttribute("data-gloss"));
    return pop && pop.closest(".gloss-popovers") ? pop : null;
  }

  function inOpenPopover(node) {
    return !!openState && !!node && openState.pop.contains(node);
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

  /** Show a term's popover. Opened by focus or hover it is a preview, out of the tab order (Tab goes on through
   *  the text); opened by a tap, the term is its source. */
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
        pop.showPopover(viaTap ? { source: link } : undefined);
      } catch (error) {
        pop.classList.add("gloss-popover--inline");
      }
    }
    openState = { link: link, pop: pop };
    link.classList.add("has-open-popover");
    positionPopover(link, pop);
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

  /* ------------------------------------------------------------------------- document-wide listeners -- */

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
        return;
      }
      openerPressed = false;
      var number = closestIn(event.target, ".brief-para > .para-num");
      if (number && MENU_MODE.matches && current.article && current.article.contains(number)) {
        event.preventDefault();
        event.stopPropagation();
        toggleMenu(number);
        return;
      }
      // Where nothing hovers, a tap on a heading (not on a link in it) shows its tools, as a ¶ number does.
      var heading = closestIn(event.target, "h1[id], h2[id], h3[id]");
      if (heading && MENU_MODE.matches && current.article && current.article.contains(heading)) {
        if (!closestIn(event.target, "a")) {
          toggleMenu(heading);
        }
      }
    },
    true
  );

  doc.addEventListener("click", function (event) {
    if (closestIn(event.target, ".gloss-pop__close")) {
      closePopover(true);
      return;
    }
    var button = closestIn(event.target, ".anchor-tools__btn, .anchor-tools__format");
    if (button) {
      onToolClick(button);
      return;
    }
    // Following a link to the fragment already in the address bar fires no hashchange: highlight again anyway.
    var link = closestIn(event.target, 'a[href^="#"]');
    if (link && link.getAttribute("href") === location.hash && !event.defaultPrevented) {
      window.setTimeout(function () {
        land(false);
      }, 0);
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
    openTimer = window.setTimeout(function () {
      openPopover(link);
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
    if (openMenu && openMenu.contains(event.target) && !openMenu.contains(event.relatedTarget)) {
      if (event.relatedTarget !== menuOpener && !openerPressed) {
        closeMenu(false);
      }
    }
  });

  doc.addEventListener(
    "pointerdown",
    function (event) {
      lastPointerType = event.pointerType || "mouse";
      var target = event.target;
      var link = glossLink(target);
      tapOpened = null;
      if (link && event.pointerType !== "mouse") {
        dismissed = null;
        if (!(openState && openState.link === link)) {
          tapOpened = link;
        }
      }
      openerPressed = Boolean(openMenu && menuOpener.contains(target));
      if (openMenu && !openMenu.contains(target) && !openerPressed) {
        closeMenu(false);
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
      // Alt+Shift+L (by physical key, so that it also works where Alt+Shift+L types a character).
      if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === "KeyL") {
        var range = selectionRange();
        var covered = range ? sentencesIn(range) : [];
        event.preventDefault();
        if (covered.length) {
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
      if (event.key === "Tab" || event.key === "Enter" || event.key === " ") {
        lastPointerType = "keyboard";
      }
      if (event.key !== "Escape") {
        return;
      }
      if (openState) {
        var state = openState;
        var focusInside = inOpenPopover(doc.activeElement) || doc.activeElement === state.link;
        dismissed = state.link;
        closePopover(focusInside);
        event.stopPropagation();
        return;
      }
      if (openMenu) {
        closeMenu(true);
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
    if (openState) {
      positionPopover(openState.link, openState.pop);
    }
  });

  /* ------------------------------------------------------------------------------------- each page -- */

  /** Prepare the page Material delivers (the first, then each reached by instant navigation). */
  function setup() {
    closePopover(false);
    closeMenu(false);
    hidePassageButton();
    var article = doc.querySelector(".md-content article") || doc.querySelector(".md-content .md-typeset");
    current = { article: article, sentences: [], isBrief: false };
    if (!article) {
      return;
    }
    current.sentences = Array.prototype.filter.call(article.querySelectorAll(".brief-sentence[id]"), isContent);
    current.isBrief = !!article.querySelector("p.brief-para");
    addTools(article);
    syncNumbers();
    // For print: a link whose text already is its address is not followed by the address again.
    Array.prototype.forEach.call(article.querySelectorAll('a[href^="http"]'), function (link) {
      var text = squash(link.textContent).replace(/\/$/, "");
      var href = link.getAttribute("href").replace(/\/$/, "");
      if (text === href || text === href.replace(/^https?:\/\//, "")) {
        link.classList.add("is-bare-url");
      }
    });
    if (location.hash) {
      land(true);
    }
  }

  MENU_MODE.addEventListener("change", function () {
    closeMenu(false);
    syncNumbers();
  });

  // Late images or fonts can move the target: land once more after load, unless the reader has moved meanwhile.
  window.addEventListener("load", function () {
    if (!userMoved && location.hash) {
      land(true);
    }
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    setup();
  }
})();
