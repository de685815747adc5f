/*
 * passages.js: the address of a passage of the brief (no listeners). A selection covers sentences; its fragment is
 * #p-3.2 or #p-3.2~p-4.1 (first and last sentence), and its link adds a standard text fragment (:~:text=…) for the
 * exact words. Used by passage-links.js, and by any feature that quotes or collects passages.
 */

/**
 * The reader's selection, when it is inside the article (and not in the tools).
 * @returns {Range | null}
 */
function selectionRange() {
  var selection = window.getSelection();
  if (!current.article || !selection || selection.rangeCount === 0 || selection.isCollapsed) {
    return null;
  }
  var range = selection.getRangeAt(0);
  var container = range.commonAncestorContainer;
  var element = container.nodeType === 1 ? /** @type {Element} */ (container) : container.parentElement;
  if (!element || !current.article.contains(element) || element.closest(".anchor-tools")) {
    return null;
  }
  return range;
}

/**
 * The part of a range inside a node.
 * @param {Range} range
 * @param {Node} node
 * @returns {Range}
 */
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

/**
 * The sentences a range really covers (at least one visible character), in document order.
 * @param {Range} range
 * @returns {HTMLElement[]}
 */
function sentencesIn(range) {
  return current.sentences.filter(function (sentence) {
    return range.intersectsNode(sentence) && squash(clip(range, sentence).toString()) !== "";
  });
}

/**
 * The fragment for these sentences: the one's id, or the first's and the last's joined by ~.
 * @param {HTMLElement[]} covered
 * @returns {string}
 */
function fragmentFor(covered) {
  if (!covered.length) {
    return "";
  }
  var first = covered[0].id;
  var last = covered[covered.length - 1].id;
  return first === last ? first : first + "~" + last;
}

/**
 * A range widened to whole words: a text fragment only matches whole words.
 * @param {Range} range
 * @returns {Range}
 */
function wholeWords(range) {
  var wide = range.cloneRange();
  var start = wide.startContainer;
  if (start.nodeType === 3) {
    var startText = /** @type {Text} */ (start).data;
    var from = wide.startOffset;
    while (from > 0 && /[\w\u00C0-\u024F’'-]/.test(startText.charAt(from - 1))) {
      from -= 1;
    }
    wide.setStart(start, from);
  }
  var end = wide.endContainer;
  if (end.nodeType === 3) {
    var endText = /** @type {Text} */ (end).data;
    var to = wide.endOffset;
    while (to < endText.length && /[\w\u00C0-\u024F’'-]/.test(endText.charAt(to))) {
      to += 1;
    }
    wide.setEnd(end, to);
  }
  return wide;
}

/**
 * @param {Node} startNode
 * @param {number} startOffset
 * @param {Node} endNode
 * @param {number} endOffset
 * @returns {string}
 */
function textBetween(startNode, startOffset, endNode, endOffset) {
  var part = doc.createRange();
  part.setStart(startNode, startOffset);
  part.setEnd(endNode, endOffset);
  return part.toString();
}

/**
 * @param {string} text
 * @returns {string}
 */
function encodeDirective(text) {
  return encodeURIComponent(text).replace(/-/g, "%2D");
}

/**
 * @param {string} haystack
 * @param {string} needle
 * @returns {number}
 */
function occurrences(haystack, needle) {
  var count = 0;
  var at = haystack.indexOf(needle);
  while (at !== -1) {
    count += 1;
    at = haystack.indexOf(needle, at + 1);
  }
  return count;
}

/**
 * The standard text directive (:~:text=…) for the selected words: the words themselves when few, else the first
 * and last few; with the words around them (prefix-, -suffix) when the start or end is not unique.
 * @param {Range} range
 * @param {HTMLElement[]} covered
 * @returns {string}
 */
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
    var after = words(textBetween(wide.endContainer, wide.endOffset, lastParagraph, lastParagraph.childNodes.length));
    if (before.length) {
      directive = encodeDirective(before.slice(-3).join(" ")) + "-," + directive;
    }
    if (after.length) {
      directive += ",-" + encodeDirective(after.slice(0, 3).join(" "));
    }
  }
  return ":~:text=" + directive;
}

/**
 * The link to the sentences covered (with the words of the range, when given), or "" without a web address.
 * @param {Range | null} range
 * @param {HTMLElement[]} covered
 * @returns {string}
 */
function passageUrl(range, covered) {
  var url = anchorUrl(fragmentFor(covered));
  return url ? url + (range ? textDirective(range, covered) : "") : "";
}
