/*
 * citation-formats.js: a paragraph's citation as BibTeX, RIS or CSL-JSON, saved as a file (a download, so it works
 * offline). "Cite as…" in the paragraph's tools shows a row of the formats.
 */

/** @typedef {{ id: string, label: string, extension: string, type: string }} CitationFormat */

/** @type {CitationFormat[]} */
var FORMATS = [
  { id: "bibtex", label: "BibTeX", extension: "bib", type: "application/x-bibtex" },
  { id: "ris", label: "RIS", extension: "ris", type: "application/x-research-info-systems" },
  { id: "csl", label: "CSL-JSON", extension: "json", type: "application/vnd.citationstyles.csl+json" },
];
var MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * @typedef {Object} BriefData
 * @property {string} title
 * @property {string} family
 * @property {string} given
 * @property {number} year  0 when unknown
 * @property {number} month  1–12; 0 when unknown
 * @property {string} series
 * @property {string} publisher
 * @property {string} language
 */

/**
 * The brief's bibliographic data, from the citation_* meta tags the template writes from mkdocs.yml's extra.brief.
 * Nothing else: what the site does not know (series number, the original's URL) stays absent.
 * @returns {BriefData}
 */
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

/**
 * A word in lower-case ASCII letters and digits only (for a citation key).
 * @param {string} text
 * @returns {string}
 */
function asciiWord(text) {
  return (text || "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/**
 * The citation key: author, year and the title's first word that is not an article (kulesa2022contested).
 * @param {BriefData} data
 * @returns {string}
 */
function citeKey(data) {
  var firstWord =
    data.title.split(/\s+/).filter(function (word) {
      return !/^(a|an|the)$/i.test(word);
    })[0] || "";
  return asciiWord(data.family) + (data.year || "") + asciiWord(firstWord);
}

/**
 * @param {string} text
 * @returns {string} the text as a BibTeX field's value
 */
function bibtexValue(text) {
  return text.replace(/[\\{}]/g, "").replace(/([&%$#_])/g, "\\$1");
}

/**
 * A paragraph's citation in one of FORMATS.
 * @param {string} format a format's id
 * @param {HTMLElement} target the paragraph
 * @returns {string}
 */
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
  /** @type {Record<string, unknown>} */
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

/**
 * Save a paragraph's citation in a format, and say so.
 * @param {HTMLElement} button the format's button
 * @param {HTMLElement} target the paragraph
 */
function saveCitation(button, target) {
  var format = FORMATS.filter(function (candidate) {
    return candidate.id === button.getAttribute("data-format");
  })[0];
  if (!format) {
    return;
  }
  var name = citeKey(briefData()) + "-p" + target.getAttribute("data-para") + "." + format.extension;
  download(name, format.type, formatCitation(format.id, target));
  confirmNear(button, format.label + " saved");
  announce(format.label + " citation for " + describe(target) + " saved as " + name + ".");
}

addAnchorAction({
  id: "formats",
  icon: "download",
  tip: "Cite as…",
  paragraphsOnly: true,
  label: function (name) {
    return "Download citation for " + name;
  },
  panel: {
    label: "Citation formats",
    buttons: function (target, name) {
      return FORMATS.map(function (format) {
        return make(
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
        );
      });
    },
  },
});

/** The format buttons' clicks. */
function setupCitationFormats() {
  doc.addEventListener("click", function (event) {
    var button = closestIn(event.target, ".anchor-tools__format");
    var target = button && byId(button.getAttribute("data-target"));
    if (button && target) {
      saveCitation(button, target);
    }
  });
}

setupCitationFormats();
