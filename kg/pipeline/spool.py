"""Article results on disk between reading and writing, so memory stays flat and builds resume.

A build reads every article first (the entity merge needs all of them) and writes RDF second.
Between the two, results wait in shard files of a work folder, not in memory. Each shard is
written atomically (a temporary file, then a rename), so a build killed at any moment leaves
only complete shards; run again with the same arguments, it finds them, skips their articles
(keyed by content hash) and reads the rest.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from ..model import ArticleResult

__all__ = ["ResultSpool", "work_key"]

_SHARD = "shard-{:06d}.pkl"


def work_key(*parts: object) -> str:
    """A folder name for one build configuration: the same arguments find the same folder."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


class ResultSpool:
    """Shards of :class:`ArticleResult` in a folder (a temporary one if None).

    :meth:`close` deletes the folder: call it when the build is done. A build that stops before
    that leaves its shards for the next run to resume from.
    """

    def __init__(self, folder: str | os.PathLike | None = None, *, shard_size: int = 16) -> None:
        self.temporary = folder is None
        self.folder = Path(tempfile.mkdtemp(prefix="kg-spool-")) if folder is None else Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.shard_size = shard_size
        self._pending: list[ArticleResult] = []
        self._next = len(self._shards())

    def _shards(self) -> list[Path]:
        return sorted(self.folder.glob("shard-*.pkl"))

    def resumed(self) -> Iterator[ArticleResult]:
        """The results an earlier, interrupted run of this build already wrote."""
        for shard in self._shards():
            with open(shard, "rb") as handle:
                yield from pickle.load(handle)

    def add(self, result: ArticleResult) -> None:
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
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(self._pending, handle, protocol=pickle.HIGHEST_PROTOCOL)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        self._next += 1
        self._pending = []

    def __iter__(self) -> Iterator[ArticleResult]:
        """Every result, in the order it was added (earlier runs first)."""
        self.flush()
        return self.resumed()

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
