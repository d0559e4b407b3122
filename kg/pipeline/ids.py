"""Unique article ids: no two articles of a build share an article IRI, none is merged with
another or lost.

The rule depends on the order articles are read in (the first one keeps its id), so a build on a
cluster applies it to the workers' scans of the input in input order (:class:`UniqueIds`), as a
one-process build does to the stream of articles (:func:`unique_articles`).
"""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import replace
from typing import Callable, Iterable, Iterator

from ..errors import Errors, KGError, Warnings
from ..ingest import Problem
from ..model import Article

__all__ = ["UniqueIds", "unique_articles"]


class UniqueIds:
    """The ids seen so far: :meth:`check` says what becomes of the next article's id.

    * an exact repeat (the same id and text as one before it) is read once (``W312``);
    * an article whose id another text already has is read under a new one, the id with the first
      8 hex digits of its text's hash, and a number too if that is taken (``W311``).

    >>> ids = UniqueIds()
    >>> ids.check("a", "f00dcafe99", "x.jsonl:1")
    ('a', None)
    >>> ids.check("a", "f00dcafe99", "x.jsonl:2")[0] is None
    True
    >>> ids.check("a", "0123456789", "x.jsonl:3")[0]
    'a-01234567'
    """

    def __init__(self) -> None:
        from ..ingest import syndication
        from ..rdf.iri import Minter
        self.minter = Minter()
        # article IRI -> (id, content hash, origin), in a private temporary SQLite database that
        # SQLite deletes when it is closed: about 0.5 KB an article, which in memory would grow
        # with the corpus (a million articles: half a gigabyte).
        self._db = sqlite3.connect("", check_same_thread=False)
        self._sql("PRAGMA journal_mode = OFF")
        self._sql(f"PRAGMA cache_size = -{syndication.CACHE_KIB}")  # the memory it takes
        self._sql("CREATE TABLE seen (iri TEXT PRIMARY KEY, id TEXT, hash TEXT, origin TEXT) WITHOUT ROWID")

    def _sql(self, query: str, args: tuple = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(query, args)
        except sqlite3.Error as exc:  # the temporary folder is full or cannot be written
            raise KGError(Errors.E307.format(path=tempfile.gettempdir(), detail=f"the ids seen so far: {exc}")) from exc

    def _get(self, key: str) -> tuple[str, str, str] | None:
        return self._sql("SELECT id, hash, origin FROM seen WHERE iri = ?", (key,)).fetchone()

    def check(self, art_id: str, digest: str, origin: str) -> tuple[str | None, Problem | None]:
        """(the id to read the article under, or None to skip it as a repeat; the warning, if any)."""
        key = str(self.minter.article(art_id))
        previous = self._get(key)
        if previous is not None and previous[:2] == (art_id, digest):
            return None, _duplicate(Warnings.W312.format(path=origin, first=previous[2], id=art_id), origin)
        problem = None
        if previous is not None:
            new_id, number = f"{art_id}-{digest[:8]}", 1
            while self._get(str(self.minter.article(new_id))) is not None:
                number += 1
                new_id = f"{art_id}-{digest[:8]}-{number}"
            problem = _duplicate(Warnings.W311.format(path=origin, id=art_id, first=previous[2], new=new_id), origin)
            art_id = new_id
            key = str(self.minter.article(new_id))
        self._sql("INSERT INTO seen VALUES (?, ?, ?, ?)", (key, art_id, digest, origin))
        return art_id, problem

    def close(self) -> None:
        """Let go of the ids seen (their temporary database is deleted)."""
        self._db.close()


def unique_articles(items: Iterable[Article | Problem], on_problem: Callable[[Problem], None]) -> Iterator[Article]:
    """Articles with unique ids (:class:`UniqueIds`); problems go to ``on_problem``, and so does
    the warning of each duplicate, naming both places."""
    ids = UniqueIds()
    try:
        for item in items:
            if isinstance(item, Problem):
                on_problem(item)
                continue
            new_id, problem = ids.check(item.id, item.meta.content_hash, item.origin)
            if problem is not None:
                on_problem(problem)
            if new_id is None:
                continue
            yield item if new_id == item.id else replace(item, id=new_id)
    finally:
        ids.close()


def _duplicate(message: str, origin: str) -> Problem:
    path, _, line = origin.rpartition(":")
    if path and line.isdigit():
        return Problem(message, path, int(line), severity="warning", skipped=False)
    return Problem(message, origin, None, severity="warning", skipped=False)
