"""Article results on disk between reading and writing, so memory stays flat and builds resume.

A build reads every article first (the entity merge needs all of them) and writes RDF second.
Between the two, results wait in shard files of a work folder, not in memory. Each shard is
written atomically (a temporary file, then a rename), so a build killed at any moment leaves
only complete shards. Run again with the same arguments, the build finds them and reuses a
result only for an article that is still among the inputs exactly as it was (the same id, text
and metadata, see :meth:`ResultSpool.reuse`): an edited article is read again, a deleted one is
left out, and neither leaves anything of its old version behind.

A shard holds the metadata of its articles first and their results second, so that finding
what can be reused does not load the results.

A spool of a temporary folder (nothing to resume from) keeps its first :data:`IN_MEMORY`
results in memory instead: most builds are small, and their results need not be pickled,
written and read back.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator

from ..model import ArticleMeta, ArticleResult

__all__ = ["ResultSpool", "work_key", "stored"]

_SHARD = "shard-{:06d}.pkl"
_FORMAT = 2
"""Shards of another layout (an older kg's) are not reused."""
IN_MEMORY = 512
"""Results a temporary spool keeps in memory before it writes shards: about 18 KB each for BBC
articles (9 MB in all), a fixed amount whatever the corpus, where the shards' pickling cost a
build of 400 articles about 2% of its own CPU time (a sampling profile)."""


def work_key(*parts: object) -> str:
    """A folder name for one build configuration: the same arguments find the same folder."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


class ResultSpool:
    """Shards of :class:`ArticleResult` in a folder (a temporary one if None).

    :meth:`close` deletes the folder: call it when the build is done. A build that stops before
    that leaves its shards for the next run to resume from.
    """

    def __init__(self, folder: str | os.PathLike | None = None, *, shard_size: int = 16,
                 in_memory: int = IN_MEMORY) -> None:
        self.temporary = folder is None
        self._held: list[ArticleResult] = []
        self._room = in_memory if self.temporary else 0
        self.folder = Path(tempfile.mkdtemp(prefix="kg-spool-")) if folder is None else Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.shard_size = shard_size
        self._pending: list[ArticleResult] = []
        self._earlier = self._shards()
        self._next = int(self._earlier[-1].stem.split("-")[1]) + 1 if self._earlier else 0
        self._index: dict[ArticleMeta, Path] | None = None
        self._reused: dict[ArticleMeta, ArticleMeta] = {}

    def _shards(self) -> list[Path]:
        return sorted(self.folder.glob("shard-*.pkl"))

    @staticmethod
    def _read(shard: Path) -> tuple[list[ArticleMeta], list[ArticleResult]]:
        """A shard's metadata and results; nothing from a shard that cannot be read whole."""
        try:
            with open(shard, "rb") as handle:
                header = pickle.load(handle)
                if not (isinstance(header, tuple) and len(header) == 2 and header[0] == _FORMAT):
                    return [], []
                results = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
            return [], []
        metas = list(header[1])
        if [r.meta for r in results] != metas:
            return [], []
        return metas, results

    def reuse(self, meta: ArticleMeta) -> bool:
        """Whether an earlier, interrupted run already read this article exactly as it is now (its
        id, text hash and every other field of its metadata but the line it was read from); if so
        its result, with this metadata, will be among :meth:`resumed`, and it need not be read
        again."""
        if self._index is None:
            self._index = {}
            for shard in self._earlier:
                for known in self._read(shard)[0]:
                    self._index.setdefault(_key(known), shard)
        key = _key(meta)
        if key in self._index and key not in self._reused:
            self._reused[key] = meta
            return True
        return False

    def resumed(self) -> Iterator[ArticleResult]:
        """The results of an earlier run that :meth:`reuse` accepted, each once, with the metadata
        the article has now."""
        if not self._reused or self._index is None:
            return
        useful = {self._index[key] for key in self._reused}
        seen: set[ArticleMeta] = set()
        for shard in self._earlier:
            if shard in useful:
                for result in self._read(shard)[1]:
                    key = _key(result.meta)
                    if key in self._reused and key not in seen:
                        seen.add(key)
                        yield replace(result, meta=self._reused[key])

    def add(self, result: ArticleResult) -> None:
        if len(self._held) < self._room:
            self._held.append(result)
            return
        self._pending.append(result)
        if len(self._pending) >= self.shard_size:
            self.flush()

    def extend(self, results: Iterable[ArticleResult]) -> None:
        for result in results:
            self.add(result)

    def flush(self) -> None:
        if not self._pending:
            return
        target = self.folder / _SHARD.format(self._next)
        fd, tmp = tempfile.mkstemp(prefix=".shard-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((_FORMAT, tuple(r.meta for r in self._pending)), handle, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(self._pending, handle, protocol=pickle.HIGHEST_PROTOCOL)
                if not self.temporary:
                    # on disk before it counts, for a run that resumes from it; a temporary
                    # folder is never resumed from, and its files are gone before the system
                    # would write them out
                    handle.flush()
                    os.fsync(handle.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from exc
        self._next += 1
        self._pending = []

    def __iter__(self) -> Iterator[ArticleResult]:
        """Every result of this build: those reused from an earlier run, then those read now."""
        self.flush()
        yield from self.resumed()
        yield from self._held
        earlier = set(self._earlier)
        for shard in self._shards():
            if shard not in earlier:
                yield from self._read(shard)[1]

    def compact(self) -> None:
        """Leave in the folder exactly this build's results: the reused ones are written again into
        shards of this run, then the earlier run's shards are removed (a kill in between leaves
        both, and :meth:`reuse` reads each article once). :func:`stored` then reads them all."""
        if not self._earlier:
            self.flush()
            return
        for result in list(self.resumed()):
            self.add(result)
        self.flush()
        for shard in self._earlier:
            shard.unlink(missing_ok=True)
        self._earlier, self._index, self._reused = [], None, {}

    def close(self) -> None:
        self._held = []
        shutil.rmtree(self.folder, ignore_errors=True)


def stored(folder: str | os.PathLike) -> Iterator[ArticleResult]:
    """Every result in the shards of ``folder`` (after :meth:`ResultSpool.compact`: one build's)."""
    for shard in sorted(Path(folder).glob("shard-*.pkl")):
        yield from ResultSpool._read(shard)[1]


def _key(meta: ArticleMeta) -> ArticleMeta:
    """The metadata that decides an article's result: all of it but the line number in its origin
    (an article deleted above moves the others up a line, and changes nothing of theirs)."""
    path, _, line = meta.origin.rpartition(":")
    return replace(meta, origin=path) if path and line.isdigit() else meta
