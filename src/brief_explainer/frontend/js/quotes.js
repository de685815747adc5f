/*
 * quotes.js: "Copy quote" and "Add to briefing", for a whole ¶ (its tools) and for a selection of the brief's words
 * (beside "Copy link to this passage"; Alt+Shift+Q and Alt+Shift+B, as Alt+Shift+L copies its link).
 *
 * A quote is the brief's words exactly: whole words (a selection that cuts a word is widened to it, never to the
 * sentence), white space collapsed, without ¶ numbers, footnote marks or the tools' text; then the pinpoint citation
 * and the passage's link (its sentence ids and text fragment), as text and as HTML with the citation linked.
 * "Add to briefing" stores the passage's address (briefing-store.js), never its words.
 */

ICONS.quoteOpen = "m10 7-2 4h3v6H5v-6l2-4zm8 0-2 4h3v6h-6v-6l2-4z";
ICONS.briefingAdd =
  "M10 2h4a2 2 0 0 1 2 2v2h4a2 2 0 0 1 2 2v5.53a5.7 5.7 0 0 0-2-1.19V8H4v11h8.08c.12.72.37 1.39.72 2H4a2 2 0 0 1-2-2V8" +
  "a2 2 0 0 1 2-2h4V4a2 2 0 0 1 2-2m4 4V4h-4v2zm0 11h3v-3h2v3h3v2h-3v3h-2v-3h-3z";

/**
 * A passage of the page being read: its address, its words (one string per paragraph) and its link.
 * @typedef {{ address: PassageAddress, paragraphs: string[], url: string }} Passage
 */

/**
 * A sentence's or paragraph's words, as the site's data has them.
 * @param {Element} node
 * @returns {string}
 */
function wordsOf(node) {
  var range = doc.createRange();
  range.selectNodeContents(node);
  return squash(cleanText(range));
}

/**
 * A whole numbered paragraph.
 * @param {HTMLElement} paragraph
 * @returns {Passage}
 */
function paragraphPassage(paragraph) {
  var sentences = paragraph.querySelectorAll(".brief-sentence[id]");
  var text = Array.prototype.map
    .call(sentences, function (/** @type {Element} */ sentence) {
      return wordsOf(sentence);
    })
    .join(" ");
  return { address: { start: paragraph.id }, paragraphs: [text], url: anchorUrl(paragraph.id) };
}

/**
 * The selected words of the sentences covered, whole words, with their address: a range of whole sentences, or
 * character offsets into the first and the last one's words where the selection starts or ends inside them.
 * @param {Range} range
 * @param {HTMLElement[]} covered
 * @returns {Passage}
 */
function selectionPassage(range, covered) {
  var wide = wholeWords(range);
  var first = covered[0];
  var last = covered[covered.length - 1];
  var opening = doc.createRange();
  opening.setStart(first, 0);
  var firstPart = clip(wide, first);
  opening.setEnd(firstPart.startContainer, firstPart.startOffset);
  var from = leftSquash(cleanText(opening)).length;
  var through = doc.createRange();
  through.setStart(last, 0);
  var lastPart = clip(wide, last);
  through.setEnd(lastPart.endContainer, lastPart.endOffset);
  var to = leftSquash(cleanText(through)).replace(/ $/, "").length;
  var lastWords = wordsOf(last);
  /** @type {PassageAddress} */
  var address = { start: first.id };
  if (last !== first) {
    address.end = last.id;
  }
  if (from > 0 || to < lastWords.length) {
    address.from = from;
    address.to = to;
  }
  var url = passageUrl(range, covered);
  var directive = url.split("#")[1] ? url.split("#")[1].split(":~:")[1] : "";
  if (directive) {
    address.text = ":~:" + directive;
  }
  /** @type {string[]} */
  var paragraphs = [];
  var paragraphId = "";
  covered.forEach(function (sentence, index) {
    var text = wordsOf(sentence);
    if (index === covered.length - 1) {
      text = text.slice(0, to);
    }
    if (index === 0) {
      text = text.slice(from);
    }
    text = text.trim();
    if (!text) {
      return;
    }
    if (paragraphOf(sentence.id) === paragraphId) {
      paragraphs[paragraphs.length - 1] += " " + text;
    } else {
      paragraphs.push(text);
      paragraphId = paragraphOf(sentence.id);
    }
  });
  return { address: address, paragraphs: paragraphs, url: url };
}

/** @returns {string} the brief's citation (author, title, series, publisher, date), from the page's meta tag */
function quoteCitation() {
  return meta("brief-quote-citation");
}

/* ---------------------------------------------------------------------------------------- copy by hand -- */

/** @type {HTMLDialogElement | null} */
var handCopyDialog = null;

/**
 * Where nothing can reach the clipboard: the text, selected, in a dialog, to copy by hand.
 * @param {string} text
 */
function showToCopy(text) {
  if (!handCopyDialog) {
    var dialog = /** @type {HTMLDialogElement} */ (
      make("dialog", { class: "hand-copy", "aria-labelledby": "hand-copy-title" })
    );
    dialog.appendChild(make("p", { id: "hand-copy-title", class: "hand-copy__title" }, "Copy this text by hand"));
    var area = make("textarea", { class: "hand-copy__text", readonly: "", rows: "6", "aria-labelledby": "hand-copy-title" });
    dialog.appendChild(area);
    var close = make("button", { type: "button", class: "md-button hand-copy__close" }, "Close");
    close.addEventListener("click", function () {
      dialog.close();
    });
    dialog.appendChild(close);
    doc.body.appendChild(dialog);
    handCopyDialog = dialog;
  }
  var field = /** @type {HTMLTextAreaElement} */ (handCopyDialog.querySelector("textarea"));
  field.value = text;
  if (typeof handCopyDialog.showModal === "function") {
    handCopyDialog.showModal();
  } else {
    handCopyDialog.setAttribute("open", "");
  }
  field.focus();
  field.select();
}

/* ------------------------------------------------------------------------------------------- the actions -- */

/**
 * Copy a passage's words with its citation and link; say what happened, beside the control and to screen readers.
 * @param {Passage} passage
 * @param {(message: string) => void} confirm shows a short note beside the control used
 */
function copyQuote(passage, confirm) {
  var pinpoint = addressPinpoint(passage.address);
  var clipText = quotationClip(passage.paragraphs, quoteCitation(), pinpoint, passage.url);
  copyText(clipText).then(function (ok) {
    if (ok) {
      confirm("Quote copied");
      announce(
        "Quote of " + pinpoint + " copied with its citation" + (passage.url ? " and link." : ", without a web address.")
      );
    } else {
      confirm("Could not copy");
      announce("Could not copy to the clipboard: the quote is shown to copy by hand.");
      showToCopy(clipText.text);
    }
  });
}

/**
 * Add a passage to the reader's briefing; say so.
 * @param {Passage} passage
 * @param {(message: string) => void} confirm
 */
function addPassage(passage, confirm) {
  var pinpoint = addressPinpoint(passage.address);
  var result = addToBriefing(passage.address);
  if (result === "failed") {
    confirm("Could not add");
    announce("This browser keeps no data for this site, so the briefing cannot be stored.");
    return;
  }
  var count = passagesCount(readBriefing().length);
  confirm(result === "added" ? "Added to briefing" : "Already in briefing");
  announce(
    pinpoint + (result === "added" ? " added to your briefing (" : " is already in your briefing (") + count + ")."
  );
}

/** The two actions in every paragraph's tools and beside every selection's passage link. */
function setupQuotes() {
  addAnchorAction({
    id: "quote",
    icon: "quoteOpen",
    tip: "Copy quote",
    short: "Copy quote",
    paragraphsOnly: true,
    label: function (name) {
      return "Copy quote of " + name;
    },
    run: function (button, target) {
      copyQuote(paragraphPassage(target), function (message) {
        confirmNear(button, message);
      });
    },
  });
  addAnchorAction({
    id: "briefing",
    icon: "briefingAdd",
    tip: "Add to briefing",
    short: "Add to briefing",
    paragraphsOnly: true,
    label: function (name) {
      return "Add to briefing: " + name;
    },
    run: function (button, target) {
      addPassage(paragraphPassage(target), function (message) {
        confirmNear(button, message);
      });
    },
  });
  addPassageAction({
    id: "quote",
    icon: "quoteOpen",
    text: "Copy quote",
    label: "Copy quote of this passage",
    key: "KeyQ",
    hint: "copy it as a quote",
    run: function (range, covered, confirm) {
      copyQuote(selectionPassage(range, covered), confirm);
    },
  });
  addPassageAction({
    id: "briefing",
    icon: "briefingAdd",
    text: "Add to briefing",
    label: "Add to briefing: this passage",
    key: "KeyB",
    hint: "add it to the briefing",
    run: function (range, covered, confirm) {
      addPassage(selectionPassage(range, covered), confirm);
    },
  });
}

setupQuotes();
