/*
 * briefing-count.js: in the header, a link to the briefing page with the number of passages collected. Placed
 * after the site's title, which gives up the room: nothing to its left or right moves. Kept current when a passage
 * is added here or in another tab.
 */

ICONS.briefing =
  "M20 6c.58 0 1.05.2 1.42.59.38.41.58.86.58 1.41v11c0 .55-.2 1-.58 1.41-.37.39-.84.59-1.42.59H4c-.58 0-1.05-.2-1.42-.59" +
  "C2.2 20 2 19.55 2 19V8c0-.55.2-1 .58-1.41C2.95 6.2 3.42 6 4 6h4V4c0-.58.2-1.05.58-1.42C8.95 2.2 9.42 2 10 2h4c.58 0 " +
  "1.05.2 1.42.58.38.37.58.84.58 1.42v2zM4 8v11h16V8zm10-2V4h-4v2z";

/** @type {HTMLAnchorElement | null} */
var briefingCount = null;

/**
 * The count's link, made once per page, where the navigation lists the briefing page (whose address the page's
 * meta tag gives: the plugin's page_briefing, never a name written here).
 * @returns {HTMLAnchorElement | null}
 */
function ensureBriefingCount() {
  if (briefingCount && briefingCount.isConnected) {
    return briefingCount;
  }
  var href = meta("brief-briefing-page");
  /** @type {Element | undefined | null} */
  var navLink = href
    ? Array.prototype.find.call(doc.querySelectorAll(".md-nav__link[href]"), function (/** @type {Element} */ a) {
        return a.getAttribute("href") === href;
      })
    : null;
  var title = doc.querySelector(".md-header__inner > .md-header__title");
  if (!navLink || !title) {
    return null;
  }
  var link = /** @type {HTMLAnchorElement} */ (
    make("a", { class: "md-header__button briefing-count", href: href })
  );
  link.appendChild(icon("briefing"));
  link.appendChild(make("span", { class: "briefing-count__number", "aria-hidden": "true" }, "0"));
  if (navLink.classList.contains("md-nav__link--active")) {
    link.setAttribute("aria-current", "page");
  }
  title.after(link);
  briefingCount = link;
  return link;
}

/**
 * Show the number of passages (its name says what it counts).
 * @param {number} count
 */
function showBriefingCount(count) {
  var link = ensureBriefingCount();
  if (!link) {
    return;
  }
  var number = /** @type {HTMLElement} */ (link.querySelector(".briefing-count__number"));
  number.textContent = String(count);
  var label = "Briefing: " + passagesCount(count) + " collected";
  link.setAttribute("aria-label", label);
  link.setAttribute("title", label);
}

/** The count on every page, and after every change. */
function setupBriefingCount() {
  onBriefingChange(showBriefingCount);
  onPage(function () {
    showBriefingCount(readBriefing().length);
  });
}

setupBriefingCount();
