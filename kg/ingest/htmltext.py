"""The visible text of an HTML page, with block elements as paragraphs and <title> as the title.

This is markup stripping, not article extraction: navigation, footers and other boilerplate
stay in the text, which is why kg warns when it reads HTML.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["looks_like_html", "html_to_text"]

# Elements whose content is never text a reader sees.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object"})
# Elements that end a paragraph.
_BLOCKS = frozenset({"p", "div", "section", "article", "header", "footer", "aside", "nav", "main",
                     "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table",
                     "tr", "blockquote", "pre", "figure", "figcaption", "hr", "form", "address", "body"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
_WHITESPACE = re.compile(r"\s+")
# Word's conditional comments (<![if !supportLists]>) and other marked sections: html.parser
# raises AssertionError on the ones it does not know.
_MARKED = re.compile(r"<!\[(?!CDATA\[).*?\]>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANKS = re.compile(r"\s*\n\s*\n\s*")


def looks_like_html(text: str) -> bool:
    """A whole HTML document (a doctype or an <html> tag first), not a text that mentions a tag."""
    return bool(_START.match(text[:4096]))


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.hidden = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _HIDDEN and tag not in _VOID:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            # Line breaks in the source are spaces in HTML; only <br> and blocks break lines.
            self.parts.append(_WHITESPACE.sub(" ", data))


def html_to_text(html: str) -> tuple[str, str | None]:
    """(text, title): paragraphs separated by blank lines, whitespace inside them collapsed."""
    parser = _TextParser()
    try:
        parser.feed(_MARKED.sub("", html))
        parser.close()
        parts = parser.parts
    except AssertionError:  # markup html.parser cannot read: drop anything tag-like instead
        parts = [_TAG.sub(" ", html)]
    text = _SPACES.sub(" ", "".join(parts))
    text = "\n\n".join(p.strip() for p in _BLANKS.split(text) if p.strip())
    title = " ".join("".join(parser.title).split()) or None
    return text, title
