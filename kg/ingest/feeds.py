"""RSS and Atom feeds, read with ``feedparser``: one entry per item, with the line it starts on.

Each item gives its title, link, published (or updated) date, author, id (the ``guid`` or Atom
``id``, else the link) and text: the longest of its ``content`` and its ``summary``, as plain
text. The feed's own title is the items' source. The reader (:mod:`kg.ingest.readers`) turns
entries into articles and, with ``--fetch``, reads each item's linked page instead.

>>> rss = b'''<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>
... <item><title>Acme buys Widget Works</title><link>https://news.example/acme</link>
... <pubDate>Mon, 06 May 2024 09:30:00 GMT</pubDate>
... <description>Acme Corp agreed to buy &lt;b&gt;Widget Works&lt;/b&gt;.</description></item>
... </channel></rss>'''
>>> feed = parse_feed(rss, "news.xml")
>>> [(e.line, e.title, e.date, e.text, e.source) for e in feed.entries]
[(2, 'Acme buys Widget Works', '2024-05-06T09:30:00Z', 'Acme Corp agreed to buy Widget Works.', 'Example News')]
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from ..errors import Errors, Warnings
from .htmltext import html_to_text

__all__ = ["FeedEntry", "Feed", "parse_feed", "looks_like_feed", "FEED_TYPES"]

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"})
"""Content types that are feeds. ``application/xml`` and ``text/xml`` are sniffed."""

_ITEM = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>/]")
_ROOT = re.compile(r"\A(?:\ufeff)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*)*"
                   r"<(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)[\s>]", re.DOTALL)
_MARKUP = re.compile(r"<[A-Za-z!/][^>]*>")


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed."""

    line: int | None
    """The line its ``<item>`` or ``<entry>`` starts on (None when it cannot be told)."""
    text: str
    title: str | None = None
    link: str | None = None
    date: str | None = None
    author: str | None = None
    id: str | None = None
    source: str | None = None


@dataclass
class Feed:
    """The entries of a feed, and the message for a feed that is broken (``error``: nothing was
    read) or not well-formed (``warning``: the entries found were read)."""

    entries: list[FeedEntry] = field(default_factory=list)
    error: str | None = None
    warning: str | None = None


def looks_like_feed(data: bytes) -> bool:
    """Whether XML starts with an ``<rss>``, ``<feed>`` or ``<rdf:RDF>`` root element."""
    head = data[:4096].decode("utf-8", errors="replace")
    return bool(_ROOT.match(head))


def _plain(value: str, kind: str | None) -> str:
    if kind in ("text/plain",) and not _MARKUP.search(value):
        return value.strip()
    text, _ = html_to_text(value)
    return text


def _date(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)


def _text(entry) -> str:
    """The longest of the item's contents and its summary, as plain text."""
    candidates = [(c.get("value") or "", c.get("type")) for c in entry.get("content") or []]
    if entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        candidates.append((entry["summary"], detail.get("type")))
    texts = [_plain(value, kind) for value, kind in candidates if value and value.strip()]
    return max(texts, key=len, default="")


def _detail(exc: Exception) -> str:
    line = getattr(exc, "getLineNumber", lambda: None)()
    message = getattr(exc, "getMessage", lambda: str(exc))()
    return f"line {line}: {message}" if line else str(message or type(exc).__name__)


def parse_feed(data: bytes, display: str) -> Feed:
    """The feed in ``data`` (bytes: feedparser never fetches anything here); ``display`` names it
    in messages."""
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, feedparser.CharacterEncodingOverride):
        problem = None  # declared one encoding, was another: read as it is, nothing lost
    if not parsed.entries:
        if problem is not None or not parsed.get("version"):
            detail = _detail(problem) if problem is not None else "no <rss>, <feed> or <rdf:RDF> element"
            return Feed(error=Errors.E327.format(path=display, detail=detail))
        return Feed()
    text = data.decode(parsed.get("encoding") or "utf-8", errors="replace")
    starts = [text.count("\n", 0, m.start()) + 1 for m in _ITEM.finditer(text)]
    lines = starts if len(starts) == len(parsed.entries) else [None] * len(parsed.entries)
    source = " ".join((parsed.feed.get("title") or "").split()) or None
    feed = Feed()
    if problem is not None:
        feed.warning = Warnings.W320.format(path=display, detail=_detail(problem), count=len(parsed.entries))
    for line, entry in zip(lines, parsed.entries):
        link = entry.get("link")
        feed.entries.append(FeedEntry(
            line=line, text=_text(entry), title=_plain(entry["title"], "text/html") if entry.get("title") else None,
            link=link, date=_date(entry), author=entry.get("author"), id=entry.get("id") or link, source=source))
    return feed
