"""A web page's article: body, title, date and author, extracted with ``trafilatura``.

trafilatura finds the main text of a page (dropping menus, footers, comments and related
links) and its metadata. When it finds no body, the page's visible text is kept instead
(:func:`kg.ingest.htmltext.html_to_text`, menus included) and the reader warns (W301).

>>> page = ("<html><head><title>Acme buys Widget Works</title></head><body>"
...         "<nav><a href='/'>Home</a> <a href='/business'>Business</a></nav>"
...         "<article><h1>Acme buys Widget Works</h1><p>Acme Corp said on Monday it had agreed to buy "
...         "its rival Widget Works for two billion dollars, ending a long fight over the garden tool "
...         "market.</p><p>The deal is expected to close next year, the company said.</p></article>"
...         "<footer>Copyright Example News</footer></body></html>")
>>> text, meta, extracted = page_article(page)
>>> extracted, meta["title"], "Home" in text, "two billion dollars" in text
(True, 'Acme buys Widget Works', False, True)
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, cast

from .htmltext import html_to_text

if TYPE_CHECKING:
    from trafilatura.settings import Document

__all__ = ["page_article"]

_LINE = re.compile(r"\s*\n\s*")


def page_article(html: str | bytes, url: str | None = None) -> tuple[str, dict[str, str], bool]:
    """(text, metadata, extracted): the article's body with paragraphs separated by blank
    lines; ``title``, ``date``, ``author`` and ``url`` where the page has them; and whether
    trafilatura found the body (False: the text is the whole page's, see the module)."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        # No extensive date search: it takes a page's copyright year for the date it was published.
        # A Document, not a dict: as_dict is left False.
        doc = cast("Document | None", trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False, deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True}))
    except Exception:  # a parser failure inside the extractor: fall back, as for an empty result
        doc = None
    text = _LINE.sub("\n\n", (doc.text or "").strip()) if doc is not None else ""
    if not text:
        if isinstance(html, bytes):
            html = html.decode("utf-8", errors="replace")
        plain, title = html_to_text(html)
        return plain, {"title": title} if title else {}, False
    meta = {key: value for key in ("title", "date", "author", "url")
            if isinstance(value := getattr(doc, key, None), str) and value.strip()}
    return text, meta, True
