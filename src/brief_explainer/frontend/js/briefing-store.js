/*
 * briefing-store.js: the reader's briefing, kept by this browser only (localStorage; no cookie, nothing sent), and
 * what both its ends share: the article tools that add to it (quotes.js) and the page that shows it (briefing.js).
 *
 * A briefing holds addresses, never words: a paragraph ({start: "p-3"}), a range of sentences ({start: "p-3.2",
 * end: "p-3.4"}) or a selection (the same, with `from`/`to`: character offsets into the first and the last sentence's
 * words as the site's data has them), and the passage link's text directive (`text`, ":~:text=…"). The page renders
 * the words from the site's own data, so it can never show words that are not the brief's.
 *
 * Stored as {version, passages}; anything else under the key (an older shape, a hand edit, a full disk) reads as an
 * empty briefing rather than an error, and an unreadable entry is kept, to be shown with a note, not dropped.
 */

var BRIEFING_KEY = "brief-explainer:briefing";
var BRIEFING_VERSION = 1;
var PARAGRAPH_ID_RE = /^p-[1-9][0-9]*$/;
var SENTENCE_ID_RE = /^p-[1-9][0-9]*\.[1-9][0-9]*$/;
/** Not the brief's words, left out of every quotation (the build's data leaves out the same: briefing.py). */
var APPARATUS_SELECTOR = 'sup[id^="fnref"], .para-num, .anchor-tools';

/**
 * Where a passage is; see the file's comment.
 * @typedef {{ start: string, end?: string, from?: number, to?: number, text?: string }} PassageAddress
 */

/** @type {Array<(count: number) => void>} */
var briefingListeners = [];

/**
 * A stored entry as an address, keeping only the fields of their type (an unreadable one keeps its start, or "").
 * @param {unknown} value
 * @returns {PassageAddress | null} null for what is not an entry at all
 */
function toAddress(value) {
  if (!value || typeof value !== "object") {
    return null;
  }
  var raw = /** @type {Record<string, unknown>} */ (value);
  /** @type {PassageAddress} */
  var address = { start: typeof raw.start === "string" ? raw.start : "" };
  if (typeof raw.end === "string") {
    address.end = raw.end;
  }
  if (typeof raw.from === "number" && typeof raw.to === "number") {
    address.from = raw.from;
    address.to = raw.to;
  }
  if (typeof raw.text === "string" && raw.text.indexOf(":~:text=") === 0) {
    address.text = raw.text;
  }
  return address;
}

/**
 * The passages of the briefing, in the order they were added.
 * @returns {PassageAddress[]}
 */
function readBriefing() {
  var stored = null;
  try {
    stored = JSON.parse(window.localStorage.getItem(BRIEFING_KEY) || "null");
  } catch (error) {
    return []; // storage switched off, or not JSON
  }
  if (!stored || stored.version !== BRIEFING_VERSION || !Array.isArray(stored.passages)) {
    return [];
  }
  return /** @type {PassageAddress[]} */ (
    stored.passages.map(toAddress).filter(function (/** @type {PassageAddress | null} */ address) {
      return address !== null;
    })
  );
}

/**
 * Store the briefing and tell the listeners; false where the browser keeps nothing (storage off or full).
 * @param {PassageAddress[]} passages
 * @returns {boolean}
 */
function writeBriefing(passages) {
  try {
    window.localStorage.setItem(BRIEFING_KEY, JSON.stringify({ version: BRIEFING_VERSION, passages: passages }));
  } catch (error) {
    return false;
  }
  notifyBriefing(passages.length);
  return true;
}

/**
 * @param {PassageAddress} a
 * @param {PassageAddress} b
 * @returns {boolean} whether both are the same passage
 */
function sameAddress(a, b) {
  return a.start === b.start && a.end === b.end && a.from === b.from && a.to === b.to;
}

/**
 * Add a passage at the end of the briefing, unless it is there already.
 * @param {PassageAddress} address
 * @returns {"added" | "present" | "failed"}
 */
function addToBriefing(address) {
  var passages = readBriefing();
  if (
    passages.some(function (passage) {
      return sameAddress(passage, address);
    })
  ) {
    return "present";
  }
  passages.push(address);
  return writeBriefing(passages) ? "added" : "failed";
}

/**
 * Be told the number of passages whenever it may have changed, here or in another tab.
 * @param {(count: number) => void} listener
 */
function onBriefingChange(listener) {
  briefingListeners.push(listener);
}

/** @param {number} count */
function notifyBriefing(count) {
  briefingListeners.forEach(function (listener) {
    listener(count);
  });
}

/**
 * "1 passage", "2 passages".
 * @param {number} count
 * @returns {string}
 */
function passagesCount(count) {
  return count + (count === 1 ? " passage" : " passages");
}

/* ------------------------------------------------------------------------------------ addresses and quotes -- */

/**
 * The paragraph id of a paragraph or sentence id ("p-3.2" → "p-3").
 * @param {string} id
 * @returns {string}
 */
function paragraphOf(id) {
  return id.split(".")[0];
}

/**
 * The passage's fragment: #p-3, #p-3.2 or #p-3.2~p-3.4 (without the "#").
 * @param {PassageAddress} address
 * @returns {string}
 */
function addressFragment(address) {
  return address.end && address.end !== address.start ? address.start + "~" + address.end : address.start;
}

/**
 * The pinpoint: ¶3, ¶3.2 or ¶3.2–¶3.4.
 * @param {PassageAddress} address
 * @returns {string}
 */
function addressPinpoint(address) {
  var start = "¶" + address.start.replace(/^p-/, "");
  return address.end && address.end !== address.start ? start + "–¶" + address.end.replace(/^p-/, "") : start;
}

/**
 * @param {string} text
 * @returns {string} the text with &, <, > and " escaped for HTML
 */
function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * A quotation with its pinpoint citation and link: the words in quotation marks, then the citation and the address;
 * as HTML the same, with the citation linked to the address, so that a rich editor keeps a working link.
 * @param {string[]} paragraphs the quoted words, one string per paragraph
 * @param {string} citation the brief's citation (author, title, series, publisher, date)
 * @param {string} pinpoint
 * @param {string} url "" where the copy has no web address
 * @returns {Clip}
 */
function quotationClip(paragraphs, citation, pinpoint, url) {
  var cited = citation + ", " + pinpoint;
  var text = "“" + paragraphs.join("\n\n") + "”\n— " + cited + (url ? ", " + url : "");
  var quoted = paragraphs
    .map(function (words, index) {
      var open = index === 0 ? "“" : "";
      var close = index === paragraphs.length - 1 ? "”" : "";
      return "<p>" + open + escapeHtml(words) + close + "</p>";
    })
    .join("");
  var source = url ? '<a href="' + escapeHtml(url) + '">' + escapeHtml(cited) + "</a>" : escapeHtml(cited);
  return { text: text, html: "<blockquote>" + quoted + "</blockquote><p>— " + source + "</p>" };
}

/**
 * The text of a range without apparatus (¶ numbers, footnote marks, tools), white space as in the page.
 * @param {Range} range
 * @returns {string}
 */
function cleanText(range) {
  var copy = range.cloneContents();
  Array.prototype.forEach.call(copy.querySelectorAll(APPARATUS_SELECTOR), function (/** @type {Element} */ node) {
    node.remove();
  });
  return copy.textContent || "";
}

/**
 * White space collapsed and leading white space dropped, trailing kept: the length of a sentence's opening so
 * normalised is where the rest starts in the sentence's words as the data has them.
 * @param {string} text
 * @returns {string}
 */
function leftSquash(text) {
  return text.replace(/\s+/g, " ").replace(/^ /, "");
}

/** Another tab's change to the briefing is this one's too. */
function setupBriefingStore() {
  window.addEventListener("storage", function (event) {
    if (event.key === BRIEFING_KEY || event.key === null) {
      notifyBriefing(readBriefing().length);
    }
  });
}

setupBriefingStore();
