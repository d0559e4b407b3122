"""Ingest: news articles from files, folders, JSONL, feeds, tables, URLs, stdin, texts, records
and data frames.

:func:`iter_articles` turns inputs into :class:`~kg.model.Article` values and a
:class:`Problem` for each bad input, so a caller reports it and goes on. The modules:
:mod:`.readers` (the inputs), :mod:`.decode` (bytes to text), :mod:`.htmltext` (HTML to
text), :mod:`.web` (a page's article, with trafilatura), :mod:`.feeds` (RSS and Atom, with
feedparser), :mod:`.tables` (CSV, TSV, Parquet, data frames), :mod:`.fetch` (HTTP, polite
and bounded, with a cache), :mod:`.syndication` (copies of one story, with the MinHash of
:mod:`.minhash`), :mod:`.language` (is it English?) and :mod:`.meta` (metadata safe to publish).
"""

from __future__ import annotations

from .fetch import Fetcher, HttpOptions, is_url
from .problems import Problem
from .readers import (NON_ENGLISH, SUFFIXES, InputItem, check_inputs, content_hash, iter_articles, looks_like_text,
                      normalize_text, parse_text_document)
from .syndication import CopyIndex
from .tables import is_dataframe

__all__ = ["NON_ENGLISH", "SUFFIXES", "CopyIndex", "Fetcher", "HttpOptions", "InputItem", "Problem", "check_inputs",
           "content_hash", "is_dataframe", "is_url", "iter_articles", "looks_like_text", "normalize_text",
           "parse_text_document"]
