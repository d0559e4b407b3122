"""Ingest: news articles from files, folders, JSONL, stdin, texts and records.

:func:`iter_articles` turns inputs into :class:`~kg.model.Article` values and a
:class:`Problem` for each bad input, so a caller reports it and goes on. The modules:
:mod:`.readers` (the inputs), :mod:`.decode` (bytes to text), :mod:`.htmltext` (HTML to
text), :mod:`.language` (is it English?) and :mod:`.meta` (metadata safe to publish).
"""

from __future__ import annotations

from .readers import (NON_ENGLISH, SUFFIXES, InputItem, Problem, check_inputs, content_hash, iter_articles,
                      looks_like_text, normalize_text, parse_text_document)

__all__ = ["NON_ENGLISH", "SUFFIXES", "InputItem", "Problem", "check_inputs", "content_hash", "iter_articles",
           "looks_like_text", "normalize_text", "parse_text_document"]
