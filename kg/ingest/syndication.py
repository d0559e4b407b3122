"""Syndicated copies: the same story read twice (a wire copy in several outlets, a re-post).

Each article gets a MinHash signature of its word 5-shingles (``datasketch``); an LSH index
over the signatures of the articles read so far finds, as each article arrives, the earlier
ones that are probably near-duplicates, and the best of them above the threshold is the
article it copies. The first article of a story to be read carries the text; a later copy is
marked with :attr:`~kg.model.ArticleMeta.based_on` (the original's id) and
:attr:`~kg.model.ArticleMeta.similarity`, and the pipeline does not read its text again, so
its statements are not counted twice as evidence.

The signatures live in an SQLite database, not in memory (1 KB an article, the biggest part of
the index): with a ``path``, a file that a build into a store (``kg build --store``) keeps, so
that the next build recognizes copies of the articles earlier builds stored and an article read
again keeps the role it had (original or copy); without one, a private temporary database that
SQLite deletes when the index is closed. Only the band tables, the ids and the content hashes
are in memory.

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
from typing import TYPE_CHECKING, Iterable, Iterator

from ..defaults import COPY_THRESHOLD
from ..errors import Errors, KGError
from ..model import Article

if TYPE_CHECKING:
    from datasketch import LeanMinHash

__all__ = ["CopyIndex", "CopyMatch", "SHINGLE", "NUM_PERM", "shingles", "signature", "signature_bytes",
           "from_signature_bytes", "INDEX_FILE"]

SHINGLE = 5
"""Words per shingle."""
NUM_PERM = 128
"""Hash functions per signature: the similarity estimate's standard error is about 0.035 at 0.8."""
SEED = 1
SCHEME = "affine32"
"""datasketch's permutation scheme. Signatures are comparable only under the same scheme, seed,
number of permutations and shingle size; an index file made under others is started afresh."""
SETTINGS = f"{SCHEME}/{SEED}/{NUM_PERM}/{SHINGLE}"
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
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def signature(text: str) -> LeanMinHash:
    """The MinHash signature of :func:`shingles` of ``text`` (deterministic: a fixed seed)."""
    from datasketch import LeanMinHash, MinHash
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return LeanMinHash(minhash)


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
        self.bands = _Bands(min(threshold, 0.99))
        self.order: dict[str, int] = {}  # id -> row, in the order the articles were first read
        self.ids: list[str] = []
        self.banded = bytearray()  # by row: 1 while the row's signature is in the band tables
        self.by_hash: dict[str, str] = {}
        # id -> (content hash, original id or None, similarity or None): every article seen.
        self.known: dict[str, tuple[str, str | None, float | None]] = {}
        self.copies = 0
        self._db = self._open()
        if self.path is not None:
            self._load()

    # -- persistence ---------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """The signature database: the index file, or a private temporary one (``""``)."""
        try:
            db = sqlite3.connect(self.path if self.path is not None else "", check_same_thread=False)
            if self.path is None:
                db.execute("PRAGMA journal_mode = OFF")
            db.execute("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, hash TEXT NOT NULL, "
                       "based_on TEXT, similarity REAL, signature BLOB)")
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
        for art_id, digest, based_on, similarity, blob in self._sql(
                "SELECT id, hash, based_on, similarity, signature FROM articles"):
            self.known[art_id] = (digest, based_on, similarity)
            if based_on is None and blob is not None:
                self._add(art_id, digest, bytes(blob))

    def save(self) -> None:
        """Make what this build added or changed part of the index file: until then it is one open
        transaction, which a build that stops before the end leaves undone."""
        if self.path is None:
            return
        try:
            self._db.commit()
        except sqlite3.Error as exc:
            raise KGError(Errors.E336.format(path=self.path, detail=exc)) from exc

    def release(self) -> None:
        """Forget the band tables, ids and hashes once no more articles will be matched (a build's
        first phase is over): about 0.8 KB an article. :meth:`save` and :meth:`close` still work."""
        self.bands = _Bands(min(self.threshold, 0.99))
        self.order, self.ids, self.banded, self.by_hash, self.known = {}, [], bytearray(), {}, {}

    def close(self) -> None:
        """Let go of the database; what :meth:`save` did not commit is undone (a temporary one is deleted)."""
        self._db.close()

    # -- matching ------------------------------------------------------------------------------

    def _row(self, art_id: str) -> int:
        row = self.order.get(art_id)
        if row is None:
            row = self.order[art_id] = len(self.ids)
            self.ids.append(art_id)
            self.banded.append(0)
        return row

    def _signature(self, row: int) -> bytes:
        return bytes(self._sql("SELECT signature FROM articles WHERE id = ?", (self.ids[row],)).fetchone()[0])

    def _unband(self, row: int) -> None:
        if self.banded[row]:
            self.bands.remove(row, self._signature(row))
            self.banded[row] = 0

    def _add(self, art_id: str, digest: str, sig: bytes) -> None:
        row = self._row(art_id)
        self._unband(row)
        self.bands.insert(row, sig)
        self.banded[row] = 1
        self.by_hash.setdefault(digest, art_id)

    def match(self, article: Article, sig: LeanMinHash | None = None) -> CopyMatch | None:
        """The article ``article`` copies, or None; either way it is added to the index. ``sig`` is
        the signature of its text, if it was made elsewhere (by a worker of a cluster build)."""
        art_id, digest = article.id, article.meta.content_hash
        before = self.known.get(art_id)
        if before is not None and before[0] == digest:
            # Read again (a rebuild into the same store): it keeps the role it had.
            return CopyMatch(before[1], before[2] or 1.0) if before[1] is not None else None
        row = self.order.get(art_id)
        if before is not None and row is not None:
            self._unband(row)  # its text changed: it is matched anew
        blob = _to_bytes(sig if sig is not None else signature(article.text))
        found = self._find(digest, blob, art_id)
        if found is None:
            self._add(art_id, digest, blob)
            self._remember(art_id, digest, None, None, blob)
        else:
            self.copies += 1
            self._remember(art_id, digest, found.original, found.similarity, None)
        return found

    def _find(self, digest: str, sig: bytes, art_id: str) -> CopyMatch | None:
        same = self.by_hash.get(digest)
        if same is not None and same != art_id and self.banded[self.order[same]]:
            return CopyMatch(same, 1.0)
        # The most similar; of equally similar ones, the one read first.
        scored = [(_jaccard(sig, self._signature(row)), -row, self.ids[row]) for row in self.bands.query(sig)
                  if self.ids[row] != art_id]
        best = max((s for s in scored if s[0] >= self.threshold), default=None)
        if best is None:
            return None
        return CopyMatch(best[2], min(round(best[0], 3), 0.999))

    def _remember(self, art_id: str, digest: str, based_on: str | None, similarity: float | None,
                  sig: bytes | None) -> None:
        self.known[art_id] = (digest, based_on, similarity)
        self._sql("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)", (art_id, digest, based_on, similarity, sig))

    def mark(self, articles: Iterable[Article]) -> Iterator[Article]:
        """The articles, each copy with ``based_on`` and ``similarity`` set (streaming)."""
        for article in articles:
            found = self.match(article)
            if found is not None:
                article = replace(article, based_on=found.original, similarity=found.similarity)
            yield article


def signature_bytes(text: str) -> bytes:
    """The :func:`signature` of ``text`` as bytes (1 KB), to send from a worker to the index."""
    return _to_bytes(signature(text))


def from_signature_bytes(blob: bytes) -> LeanMinHash:
    return _from_bytes(blob)


class _Bands:
    """The LSH banding index over the signatures (the scheme of datasketch's ``MinHashLSH``,
    whose band count and width for the threshold it takes), kept compact: each band's table
    maps the Python hash of the band's bytes to a row number, or to a list of them when
    several articles share it. datasketch's index keeps about 6 KB per article (a byte-string
    key and a set per band), this one about 0.6 KB: with the signatures in SQLite, the whole
    index of 19,042 Reuters articles holds 13.7 MB in memory, against 92.2 MB with datasketch's
    index and each signature held twice (bench/syndication.py).
    A hash collision only adds a candidate, which the full signatures' similarity rejects.
    """

    def __init__(self, threshold: float) -> None:
        from datasketch import MinHashLSH
        params = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.width = params.r * 8  # bytes per band: r hash values of 8 bytes
        self.tables: list[dict[int, int | list[int]]] = [{} for _ in range(params.b)]

    def _keys(self, sig: bytes) -> Iterator[tuple[dict, int]]:
        width = self.width
        for band, table in enumerate(self.tables):
            yield table, hash(sig[band * width:(band + 1) * width])

    def insert(self, row: int, sig: bytes) -> None:
        for table, key in self._keys(sig):
            held = table.get(key)
            if held is None:
                table[key] = row
            elif isinstance(held, int):
                table[key] = [held, row]
            else:
                held.append(row)

    def remove(self, row: int, sig: bytes) -> None:
        for table, key in self._keys(sig):
            held = table.get(key)
            if held == row:
                del table[key]
            elif isinstance(held, list) and row in held:
                held.remove(row)

    def query(self, sig: bytes) -> set[int]:
        rows: set[int] = set()
        for table, key in self._keys(sig):
            held = table.get(key)
            if isinstance(held, int):
                rows.add(held)
            elif held is not None:
                rows.update(held)
        return rows


def _jaccard(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two signatures: the share of equal hash values."""
    import numpy as np
    return float(np.count_nonzero(np.frombuffer(a, dtype="<u8") == np.frombuffer(b, dtype="<u8"))) / NUM_PERM


def _to_bytes(sig: LeanMinHash) -> bytes:
    import numpy as np
    return np.asarray(sig.hashvalues, dtype="<u8").tobytes()


def _from_bytes(blob: bytes) -> LeanMinHash:
    import numpy as np
    from datasketch import LeanMinHash
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(blob, dtype="<u8").astype(np.uint64), scheme=SCHEME)
