"""A streaming HTML rewriter: re-emits a fragment unchanged except where callbacks change tags or text.

Built on :class:`html.parser.HTMLParser`, so structure is parsed, never guessed with regexes. It keeps the
stack of open elements, so a text callback knows where it is (inside a heading, a link, a paragraph …).
Used by the glossary linker (text), the PDF assembler (ids and hrefs) and the page hardening (attributes, inline
scripts, the theme's markup fixes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape, unescape
from html.parser import HTMLParser

VOID_ELEMENTS = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
"""HTML's heading elements, from the page title's level down."""


@dataclass
class OpenElement:
    """An element whose start tag has been seen and whose end tag has not."""

    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)

    @property
    def classes(self) -> list[str]:
        """The element's class names."""
        return (self.attrs.get("class") or "").split()


AttrsCallback = Callable[[str, dict[str, str | None], list[OpenElement]], dict[str, str | None] | None]
"""Given tag, attributes and the open elements, return new attributes, or None to keep the tag as it was."""
TextCallback = Callable[[str, list[OpenElement]], str | None]
"""Given unescaped text and the open elements, return replacement HTML, or None to keep the text as it was."""
StartCallback = Callable[[str, dict[str, str | None], list[OpenElement]], None]
"""Observe a start tag (after it has been pushed on the stack)."""
DropCallback = Callable[[str, dict[str, str | None], list[OpenElement]], bool]
"""Given tag, attributes and the open elements, return True to leave out the element with everything inside it."""
RawTextCallback = Callable[[str, OpenElement], None]
"""Observe the whole text of a script or style element (given at its end tag), with the element."""

RAW_TEXT_ELEMENTS = frozenset(["script", "style"])
"""Elements whose content is text for another language, never HTML: re-emitted exactly, never rewritten."""


def serialize_start_tag(tag: str, attrs: dict[str, str | None], *, self_closing: bool = False) -> str:
    """Write a start tag, escaping every attribute value."""
    parts = [tag]
    for name, value in attrs.items():
        parts.append(name if value is None else f'{name}="{escape(value, quote=True)}"')
    return "<" + " ".join(parts) + (" />" if self_closing else ">")


class _Rewriter(HTMLParser):
    def __init__(
        self,
        on_attrs: AttrsCallback | None,
        on_text: TextCallback | None,
        on_start: StartCallback | None,
        drop: DropCallback | None = None,
        on_raw_text: RawTextCallback | None = None,
    ) -> None:
        super().__init__(convert_charrefs=False)
        self.on_attrs = on_attrs
        self.on_text = on_text
        self.on_start = on_start
        self.drop = drop
        self.on_raw_text = on_raw_text
        self.out: list[str] = []
        self.stack: list[OpenElement] = []
        self._text: list[str] = []
        self._raw_text: list[str] = []
        # While an element is being left out: its depth in the stack; everything until it closes is skipped.
        self._dropping: int | None = None

    def _emit(self, html: str) -> None:
        if self._dropping is None:
            self.out.append(html)

    # Text arrives in pieces (data, entity and character references): gather them, then rewrite once.
    def _flush(self) -> None:
        if not self._text:
            return
        raw = "".join(self._text)
        self._text = []
        if self._dropping is not None:
            return
        replacement = self.on_text(unescape(raw), self.stack) if self.on_text else None
        self.out.append(raw if replacement is None else replacement)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        self._flush()
        void = tag in VOID_ELEMENTS or self_closing
        if self._dropping is not None:
            if not void:  # still tracked, so that the dropped element's own end tag is recognised
                self.stack.append(OpenElement(tag, dict(attrs)))
            return
        if self.drop is not None and self.drop(tag, dict(attrs), self.stack):
            if not void:
                self._dropping = len(self.stack)
                self.stack.append(OpenElement(tag, dict(attrs)))
            return
        original = self.get_starttag_text() or ""
        attributes = dict(attrs)
        new = self.on_attrs(tag, attributes, self.stack) if self.on_attrs else None
        self.out.append(original if new is None else serialize_start_tag(tag, new, self_closing=self_closing))
        element = OpenElement(tag, attributes if new is None else new)
        if not void:
            self.stack.append(element)
            if self.on_start:
                self.on_start(tag, element.attrs, self.stack)
        elif self.on_start:
            self.on_start(tag, element.attrs, [*self.stack, element])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=True)

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        if tag in RAW_TEXT_ELEMENTS and self.stack and self.stack[-1].tag == tag:
            if self.on_raw_text and self._dropping is None:
                self.on_raw_text("".join(self._raw_text), self.stack[-1])
            self._raw_text = []
        self._emit(f"</{tag}>")
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break
        if self._dropping is not None and len(self.stack) <= self._dropping:
            self._dropping = None

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1].tag in RAW_TEXT_ELEMENTS:
            self._flush()
            self._emit(data)
            self._raw_text.append(data)
        else:
            self._text.append(data)

    def handle_entityref(self, name: str) -> None:
        self._text.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._text.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self._flush()
        self._emit(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._flush()
        self._emit(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._flush()
        self._emit(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._flush()
        self._emit(f"<![{data}]>")

    def close(self) -> None:
        super().close()
        self._flush()


def rewrite_html(
    html: str,
    *,
    on_attrs: AttrsCallback | None = None,
    on_text: TextCallback | None = None,
    on_start: StartCallback | None = None,
    drop: DropCallback | None = None,
    on_raw_text: RawTextCallback | None = None,
) -> str:
    """Re-emit ``html``, letting callbacks replace start tags' attributes and text nodes.

    Args:
        html: An HTML fragment or document.
        on_attrs: Called for every start tag; returns new attributes or None.
        on_text: Called for every text node outside script and style; returns HTML or None.
        on_start: Called for every start tag once it is open (to observe, not to change).
        drop: Called for every start tag before the others; when it returns True the element, its end tag and
            everything inside it are left out (no callback sees them).
        on_raw_text: Called with the whole text of every script and style element, at its end tag (to observe).

    Returns:
        The rewritten HTML; identical to the input where no callback changed anything.
    """
    rewriter = _Rewriter(on_attrs, on_text, on_start, drop, on_raw_text)
    rewriter.feed(html)
    rewriter.close()
    return "".join(rewriter.out)


def collect_ids(html: str) -> list[str]:
    """Every ``id`` attribute in ``html``, in document order."""
    found: list[str] = []

    def remember(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if attrs.get("id"):
            found.append(attrs["id"] or "")

    rewrite_html(html, on_start=remember)
    return found
