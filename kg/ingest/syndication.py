"""Syndicated copies: the same story read twice (a wire copy in several outlets, a re-post).

Each article gets a MinHash signature of its word 5-shingles (``datasketch``); an LSH index
over the signatures of the articles read so far finds, as each article arrives, the earlier
ones that are probably near-duplicates, and the best of them above the threshold is the
article it copies. The first article of a story to be read carries the text; a later copy is
marked with :attr:`~kg.model.ArticleMeta.based_on` (the original's id) and
:attr:`~kg.model.ArticleMeta.similarity`, and the pipeline does not read its text again, so
its statements are not counted twice as evidence.

A :class:`CopyIndex` with a ``path`` keeps the signatures in an SQLite file, so that a build
into a store (``kg build --store``) recognizes copies of the articles earlier builds stored,
and an article read again keeps the role it had (original or copy).

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
        from datasketch import MinHashLSH
        self.lsh = MinHashLSH(threshold=min(threshold, 0.99), num_perm=NUM_PERM)
        self.signatures: dict[str, LeanMinHash] = {}
        self.by_hash: dict[str, str] = {}
        self.order: dict[str, int] = {}
        # id -> (content hash, original id or None, similarity or None): every article seen.
        self.known: dict[str, tuple[str, str | None, float | None]] = {}
        self.pending: dict[str, tuple[str, str | None, float | None, bytes | None]] = {}
        self.copies = 0
        if self.path is not None and self.path.exists():
            self._load()

    # -- persistence ---------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        assert self.path is not None
        db = sqlite3.connect(self.path)
        db.execute("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, hash TEXT NOT NULL, "
                   "based_on TEXT, similarity REAL, signature BLOB)")
        with db:
            row = db.execute("SELECT value FROM settings WHERE key = 'minhash'").fetchone()
            if row is None or row[0] != SETTINGS:
                db.execute("DELETE FROM articles")  # signatures made otherwise cannot be compared
                db.execute("INSERT OR REPLACE INTO settings VALUES ('minhash', ?)", (SETTINGS,))
        return db

    def _load(self) -> None:
        try:
            db = self._connect()
            try:
                rows = db.execute("SELECT id, hash, based_on, similarity, signature FROM articles").fetchall()
            finally:
                db.close()
        except sqlite3.Error as exc:
            raise KGError(Errors.E336.format(path=self.path, detail=exc)) from exc
        for art_id, digest, based_on, similarity, blob in rows:
            self.known[art_id] = (digest, based_on, similarity)
            if based_on is None and blob is not None:
                self._add(art_id, digest, _from_bytes(blob))

    def save(self) -> None:
        """Write the articles this build added or changed to the index file (one transaction)."""
        if self.path is None or not self.pending:
            return
        try:
            db = self._connect()
            try:
                with db:
                    db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)",
                                   [(k, *row) for k, row in self.pending.items()])
            finally:
                db.close()
        except sqlite3.Error as exc:
            raise KGError(Errors.E336.format(path=self.path, detail=exc)) from exc
        self.pending.clear()

    # -- matching ------------------------------------------------------------------------------

    def _add(self, art_id: str, digest: str, sig: LeanMinHash) -> None:
        if art_id in self.signatures:
            self.lsh.remove(art_id)
        self.signatures[art_id] = sig
        self.order.setdefault(art_id, len(self.order))
        self.lsh.insert(art_id, sig, check_duplication=False)
        self.by_hash.setdefault(digest, art_id)

    def match(self, article: Article, sig: LeanMinHash | None = None) -> CopyMatch | None:
        """The article ``article`` copies, or None; either way it is added to the index. ``sig`` is
        the signature of its text, if it was made elsewhere (by a worker of a cluster build)."""
        art_id, digest = article.id, article.meta.content_hash
        before = self.known.get(art_id)
        if before is not None and before[0] == digest:
            # Read again (a rebuild into the same store): it keeps the role it had.
            return CopyMatch(before[1], before[2] or 1.0) if before[1] is not None else None
        if before is not None and before[1] is None and art_id in self.signatures:
            self.lsh.remove(art_id)  # its text changed: it is matched anew
            del self.signatures[art_id]
        sig = sig if sig is not None else signature(article.text)
        found = self._find(digest, sig, art_id)
        if found is None:
            self._add(art_id, digest, sig)
            self._remember(art_id, digest, None, None, sig)
        else:
            self.copies += 1
            self._remember(art_id, digest, found.original, found.similarity, None)
        return found

    def _find(self, digest: str, sig: LeanMinHash, art_id: str) -> CopyMatch | None:
        same = self.by_hash.get(digest)
        if same is not None and same != art_id and same in self.signatures:
            return CopyMatch(same, 1.0)
        # The most similar; of equally similar ones, the one read first.
        scored = [(sig.jaccard(self.signatures[c]), -self.order[c], c) for c in self.lsh.query(sig) if c != art_id]
        best = max((s for s in scored if s[0] >= self.threshold), default=None)
        if best is None:
            return None
        return CopyMatch(best[2], min(round(best[0], 3), 0.999))

    def _remember(self, art_id: str, digest: str, based_on: str | None, similarity: float | None,
                  sig: LeanMinHash | None) -> None:
        self.known[art_id] = (digest, based_on, similarity)
        self.pending[art_id] = (digest, based_on, similarity, _to_bytes(sig) if sig is not None else None)

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


def _to_bytes(sig: LeanMinHash) -> bytes:
    import numpy as np
    return np.asarray(sig.hashvalues, dtype="<u8").tobytes()


def _from_bytes(blob: bytes) -> LeanMinHash:
    import numpy as np
    from datasketch import LeanMinHash
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(blob, dtype="<u8").astype(np.uint64), scheme=SCHEME)
