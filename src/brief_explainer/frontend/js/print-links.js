/*
 * print-links.js: on paper, an external link's address is printed after its text (the stylesheet's print rules),
 * except where the text already is the address: such a link is marked is-bare-url.
 */

/**
 * Mark the article's links whose text is their own address.
 * @param {HTMLElement} article
 */
function markBareUrls(article) {
  Array.prototype.forEach.call(article.querySelectorAll('a[href^="http"]'), function (/** @type {Element} */ link) {
    var text = squash(link.textContent).replace(/\/$/, "");
    var href = (link.getAttribute("href") || "").replace(/\/$/, "");
    if (text === href || text === href.replace(/^https?:\/\//, "")) {
      link.classList.add("is-bare-url");
    }
  });
}

/** Each page's links, once. */
function setupPrintLinks() {
  onPage(function () {
    if (current.article) {
      markBareUrls(current.article);
    }
  });
}

setupPrintLinks();
