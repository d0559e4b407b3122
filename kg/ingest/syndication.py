"""Syndicated copies: the same story read twice (a wire copy in several outlets, a re-post).

Each article gets a MinHash signature of its word 5-shingles (in datasketch's scheme, made by
:mod:`.minhash`); an LSH index over the signatures of the articles read so far finds, as each
article arrives, the earlier ones that are probably near-duplicates, and the best of them
above the threshold is the article it copies. The first article of a story to be read carries the text; a later copy is
marked with :attr:`~kg.model.ArticleMeta.based_on` (the original's id) and
:attr:`~kg.model.ArticleMeta.similarity`, and the pipeline does not read its text again, so
its statements are not counted twice as evidence.

The index lives in an SQLite database, not in memory, so that it does not grow a build's
memory with the corpus (it was 1.75 KB an article, a gigabyte and more at a million articles):
with a ``path``, a file that a build into a store (``kg build --store``) keeps, so that the next
build recognizes copies of the articles earlier builds stored and an article read again keeps
the role it had (original or copy); without one, a private temporary database that SQLite
deletes when the index is closed. The working tables of a build (the band tables, the order in
which articles were read, the content hashes) are temporary tables beside it, on disk too.

>>> index = CopyIndex(threshold=0.8)
>>> story = ("Shares in Acme Corp rose sharply on Monday after the company said it would buy its rival "
...          "Widget Works for 2 billion dollars, ending a long fight between the two firms over the market "
...          "for garden tools. Acme said the deal would close next year.")
>>> a = Article(story, id="wire-1", content_hash="1")
>>> b = Article(story + " Reporting by A. Writer.", id="paper-7", content_hash="2")
>>> [(x.id, x.based_on) for x in index.mark([a, b])]
[('wire-1', None), ('paper-7', 'wire-1')]
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator

from ..defaults import COPY_THRESHOLD
from ..errors import Errors, KGError
from ..model import Article

__all__ = ["CopyIndex", "CopyMatch", "SHINGLE", "NUM_PERM", "shingles", "signature", "INDEX_FILE"]

SHINGLE = 5
"""Words per shingle."""
NUM_PERM = 128
"""Hash functions per signature: the similarity estimate's standard error is about 0.035 at 0.8."""
SEED = 1
SCHEME = "affine32"
"""datasketch's permutation scheme. Signatures are comparable only under the same scheme, seed,
number of permutations and shingle size; an index file made under others is started afresh."""
SETTINGS = f"{SCHEME}/{SEED}/{NUM_PERM}/{SHINGLE}"
CACHE_KIB = 1024
"""The page cache of each of the index's two databases (its own, and the temporary one of a
build's working tables), in KiB: all the memory the index takes, whatever the corpus."""
INDEX_FILE = "kg-copies.sqlite"
"""The file, inside a store folder, that keeps the signatures of the store's articles."""

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """The text's word ``k``-shingles, lower case, punctuation ignored; a text shorter than
    ``k`` words is one shingle.

    >>> sorted(shingles("The cat sat on the mat.", k=5))
    [b'cat sat on the mat', b'the cat sat on the']
    """
    words = _WORD.findall(text.lower())
    if len(words) <= k:
        return {" ".join(words).encode("utf-8")} if words else set()
    # zip over k shifted views: a slice per shingle took a quarter longer on a whole article
    return set(map(str.encode, map(" ".join, zip(*(words[i:] for i in range(k))))))


def signature(text: str) -> bytes:
    """The MinHash signature of :func:`shingles` of ``text`` (deterministic: a fixed seed), as
    the index keeps it and a cluster's worker sends it: :data:`NUM_PERM` little-endian 8-byte
    values (1 KB).

    >>> len(signature("The cat sat on the mat."))
    1024
    """
    from .minhash import minhash  # numpy: only when articles are read
    return minhash(shingles(text), seed=SEED, num_perm=NUM_PERM).astype("<u8").tobytes()


@dataclass(frozen=True)
class CopyMatch:
    """An article found to copy an earlier one."""

    original: str
    """The id of the article that carries the text."""
    similarity: float
    """1 for the same text; otherwise the estimated Jaccard similarity of the shingle sets,
    rounded to three decimals and at most 0.999."""


class CopyIndex:
    """The articles read so far, for finding copies as articles arrive (see the module).

    Parameters
    ----------
    threshold : float
        Estimated Jaccard similarity at or above which an article is a copy (0.5 to 1;
        1 finds only copies with the same word shingles).
    path : path, optional
        An SQLite file that keeps the signatures across builds; created when missing.
        :meth:`save` writes what this build added.
    """

    def __init__(self, threshold: float = COPY_THRESHOLD, path: str | os.PathLike | None = None) -> None:
        if not 0.5 <= threshold <= 1:
            raise KGError(Errors.E335.format(value=threshold))
        self.threshold = threshold
        self.path = Path(path) if path is not None else None
        self.copies = 0
        self._db = self._open()
        self.bands = _Bands(self._db, min(threshold, 0.99))
        if self.path is not None:
            self._load()

    # -- persistence ---------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """The signature database (the index file, or a private temporary one: ``""``), with this
        build's working tables (rows, content hashes, bands) as temporary tables beside it."""
        try:
            db = sqlite3.connect(self.path if self.path is not None else "", check_same_thread=False)
            if self.path is None:
                db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA temp_store = FILE")  # the working tables grow with the corpus: on disk
            db.execute(f"PRAGMA main.cache_size = -{CACHE_KIB}")
            db.execute(f"PRAGMA temp.cache_size = -{CACHE_KIB}")
            db.execute("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, hash TEXT NOT NULL, "
                       "based_on TEXT, similarity REAL, signature BLOB)")
            # row: the order in which the articles were first read (of equally similar originals,
            # the first wins); banded: 1 while the row's signature is in the band table.
            db.execute("CREATE TEMP TABLE rows (row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
                       "banded INTEGER NOT NULL DEFAULT 0)")
            db.execute("CREATE TEMP TABLE hashes (hash TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID")
            with db:
                row = db.execute("SELECT value FROM settings WHERE key = 'minhash'").fetchone()
                if row is None or row[0] != SETTINGS:
                    db.execute("DELETE FROM articles")  # signatures made otherwise cannot be compared
                    db.execute("INSERT OR REPLACE INTO settings VALUES ('minhash', ?)", (SETTINGS,))
        except sqlite3.Error as exc:
            raise KGError(Errors.E336.format(path=self.path or "(temporary)", detail=exc)) from exc
        return db

    def _sql(self, query: str, args: tuple = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(query, args)
        except sqlite3.Error as exc:
            raise KGError(Errors.E336.format(path=self.path or "(temporary)", detail=exc)) from exc

    def _load(self) -> None:
        originals = self._sql("SELECT id, hash, signature FROM articles "
                              "WHERE based_on IS NULL AND signature IS NOT NULL").fetchall()
        try:
            for art_id, digest, blob in originals:
                self._add(art_id, digest, bytes(blob))
        except sqlite3.Error as exc:
            raise KGError(Errors.E336.format(path=self.path, detail=exc)) from exc

    def save(self) -> None:
        """Make what this build added or changed part of the index file: until then it is one open
        transaction, which a build that stops before the end leaves undone."""
        if self.path is None:
            return
        try:
            self._db.commit()
        except sqlite3.Error as exc:
            raise KGError(Errors.E336.format(path=self.path, detail=exc)) from exc

    def close(self) -> None:
        """Let go of the database; what :meth:`save` did not commit is undone (a temporary one is deleted)."""
        self._db.close()

    def __len__(self) -> int:
        """The number of articles the index knows (originals and copies)."""
        return self._sql("SELECT COUNT(*) FROM articles").fetchone()[0]

    def role(self, art_id: str) -> tuple[str, str | None, float | None] | None:
        """(content hash, the id of the original it copies or None, similarity or None) of an
        article the index knows, or None."""
        return self._sql("SELECT hash, based_on, similarity FROM articles WHERE id = ?", (art_id,)).fetchone()

    # -- matching ------------------------------------------------------------------------------

    def _row(self, art_id: str) -> int | None:
        """The row of an article read before, or None."""
        found = self._sql("SELECT row FROM rows WHERE id = ?", (art_id,)).fetchone()
        return found[0] if found is not None else None

    def _unband(self, row: int) -> None:
        found = self._sql("SELECT a.signature FROM rows r JOIN articles a ON a.id = r.id "
                          "WHERE r.row = ? AND r.banded = 1", (row,)).fetchone()
        if found is not None:
            self.bands.remove(row, bytes(found[0]))
            self._sql("UPDATE rows SET banded = 0 WHERE row = ?", (row,))

    def _add(self, art_id: str, digest: str, sig: bytes) -> None:
        row = self._row(art_id)
        if row is None:
            row = self._sql("INSERT INTO rows (id) VALUES (?)", (art_id,)).lastrowid
            assert row is not None  # set by a successful INSERT
        else:
            self._unband(row)
        self.bands.insert(row, sig)
        self._sql("UPDATE rows SET banded = 1 WHERE row = ?", (row,))
        self._sql("INSERT OR IGNORE INTO hashes VALUES (?, ?)", (digest, art_id))

    def match(self, article: Article, sig: bytes | None = None) -> CopyMatch | None:
        """The article ``article`` copies, or None; either way it is added to the index. ``sig`` is
        the signature of its text, if it was made elsewhere (by a worker of a cluster build)."""
        try:
            return self._match(article, sig)
        except sqlite3.Error as exc:  # from the band table (a full temporary folder)
            raise KGError(Errors.E336.format(path=self.path or "(temporary)", detail=exc)) from exc

    def _match(self, article: Article, sig: bytes | None) -> CopyMatch | None:
        art_id, digest = article.id, article.meta.content_hash
        before = self.role(art_id)
        if before is not None and before[0] == digest:
            # Read again (a rebuild into the same store): it keeps the role it had.
            return CopyMatch(before[1], before[2] or 1.0) if before[1] is not None else None
        row = self._row(art_id)
        if before is not None and row is not None:
            self._unband(row)  # its text changed: it is matched anew
        blob = sig if sig is not None else signature(article.text)
        found = self._find(digest, blob, art_id)
        if found is None:
            self._add(art_id, digest, blob)
            self._remember(art_id, digest, None, None, blob)
        else:
            self.copies += 1
            self._remember(art_id, digest, found.original, found.similarity, None)
        return found

    def _find(self, digest: str, sig: bytes, art_id: str) -> CopyMatch | None:
        same = self._sql("SELECT h.id FROM hashes h JOIN rows r ON r.id = h.id "
                         "WHERE h.hash = ? AND r.banded = 1", (digest,)).fetchone()
        if same is not None and same[0] != art_id:
            return CopyMatch(same[0], 1.0)
        where, args = self.bands.where(sig)
        candidates = self._sql("SELECT DISTINCT r.row, r.id, a.signature FROM bands b JOIN rows r ON r.row = b.row "
                               f"JOIN articles a ON a.id = r.id WHERE {where}", args).fetchall()
        # The most similar; of equally similar ones, the one read first.
        scored = [(_jaccard(sig, bytes(blob)), -row, other) for row, other, blob in candidates if other != art_id]
        best = max((s for s in scored if s[0] >= self.threshold), default=None)
        if best is None:
            return None
        return CopyMatch(best[2], min(round(best[0], 3), 0.999))

    def _remember(self, art_id: str, digest: str, based_on: str | None, similarity: float | None,
                  sig: bytes | None) -> None:
        self._sql("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)", (art_id, digest, based_on, similarity, sig))

    def mark(self, articles: Iterable[Article]) -> Iterator[Article]:
        """The articles, each copy with ``based_on`` and ``similarity`` set (streaming)."""
        for article in articles:
            found = self.match(article)
            if found is not None:
                article = replace(article, based_on=found.original, similarity=found.similarity)
            yield article


class _Bands:
    """The LSH banding index over the signatures (the scheme of datasketch's ``MinHashLSH``, with
    its band count and width for the threshold: :func:`~.minhash.band_shape`), as a temporary
    table of the index's database: (band, the Python hash of the band's bytes, row). datasketch's index keeps about
    6 KB per article in memory (a byte-string key and a set per band); this one keeps none.
    A hash collision only adds a candidate, which the full signatures' similarity rejects.
    """

    def __init__(self, db: sqlite3.Connection, threshold: float) -> None:
        from .minhash import band_shape
        self.count, rows = band_shape(threshold, NUM_PERM)
        self.width = rows * 8  # bytes per band: r hash values of 8 bytes
        self.db = db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS bands (band INTEGER, key INTEGER, row INTEGER)")
        db.execute("CREATE INDEX IF NOT EXISTS temp.bands_key ON bands (band, key)")

    def _keys(self, sig: bytes) -> list[tuple[int, int]]:
        width = self.width
        return [(band, hash(sig[band * width:(band + 1) * width])) for band in range(self.count)]

    def insert(self, row: int, sig: bytes) -> None:
        self.db.executemany("INSERT INTO bands VALUES (?, ?, ?)", [(b, k, row) for b, k in self._keys(sig)])

    def remove(self, row: int, sig: bytes) -> None:
        self.db.executemany("DELETE FROM bands WHERE band = ? AND key = ? AND row = ?",
                            [(b, k, row) for b, k in self._keys(sig)])

    def where(self, sig: bytes) -> tuple[str, tuple[int, ...]]:
        """The condition on the band table (as ``b``) that finds the rows sharing a band with
        ``sig``, and its arguments: the same text for every signature, so that SQLite prepares it once."""
        keys = self._keys(sig)
        return " OR ".join(["(b.band = ? AND b.key = ?)"] * len(keys)), tuple(v for pair in keys for v in pair)

    def query(self, sig: bytes) -> set[int]:
        where, args = self.where(sig)
        return {row for (row,) in self.db.execute(f"SELECT row FROM bands b WHERE {where}", args)}


def _jaccard(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two signatures: the share of equal hash values."""
    import numpy as np
    return float(np.count_nonzero(np.frombuffer(a, dtype="<u8") == np.frombuffer(b, dtype="<u8"))) / NUM_PERM
