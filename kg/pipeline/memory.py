"""Process-wide memory settings for a long build.

glibc's malloc gives threads that allocate at the same time arenas of their own, up to eight
per core, and an arena keeps what was freed in it for reuse rather than handing it back. The
store's RocksDB runs flushes and compactions in background threads, so a build into a store
ends up holding several arenas' worth of freed memory: 9 MB more at the peak of writing 19,043
Reuters articles into a store than with two arenas, at the same speed (bench/memory.py and
docs/BENCHMARKS.md). :func:`limit_malloc_arenas` caps them; ``kg build`` calls it first.

Python's cycle collector scans every object it tracks whenever the objects that survived its
last full scan have grown by a quarter. A build keeps growing what survives (spaCy's pipeline
first, then the name table, then the graph), so the collector scanned the pipeline again and
again while articles were read, and the graph again and again while it was written: 1.1 s
of a 400-article build, for garbage it almost never found. :class:`FrozenHeap` leaves what
was alive before the reading out of those scans (``gc.freeze``), and :func:`frozen_while_reading`
does the same for the parts a Dask worker reads, several at once if it runs several threads;
:func:`collection_paused` stops them while the graph, which has no cycles, is filled, and
:func:`merged` while the entities are merged.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import threading
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from ..resolve.corpus import EntityMerger, Resolution

__all__ = ["ARENAS", "YOUNG", "limit_malloc_arenas", "return_freed_memory", "FrozenHeap", "frozen_while_reading",
           "collection_paused", "merged"]

ARENAS = 2
"""The arenas a build keeps: the main one and one for all other threads."""
_M_ARENA_MAX = -8  # glibc's malloc.h


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas for this process at ``arenas`` (threads started before keep
    theirs). Returns whether it did: not when ``MALLOC_ARENA_MAX`` already says how many (the
    user's choice wins), nor with another C library.

    >>> limit_malloc_arenas() in (True, False)
    True
    """
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    libc = _glibc()
    return libc is not None and libc.mallopt(_M_ARENA_MAX, arenas) == 1


@lru_cache(maxsize=1)
def _glibc() -> ctypes.CDLL | None:
    """The C library, if it is glibc (found once: ``find_library`` runs ldconfig, 1.5 ms)."""
    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return None
        return ctypes.CDLL(ctypes.util.find_library("c"))
    except (AttributeError, OSError, ValueError):  # no confstr, no libc found
        return None


def return_freed_memory() -> bool:
    """Give the system back what glibc's malloc holds free (``malloc_trim``). Returns whether
    it could: not with another C library.

    A build lets go of its spaCy pipeline once the articles are read, and of the name table
    once the entities are merged. malloc keeps what they held for its own reuse, but the RDF is
    written with Python's allocator, which takes memory of its own: on 19,043 Reuters articles
    the peak grew another 12 MB while the store was written.

    >>> return_freed_memory() in (True, False)
    True
    """
    libc = _glibc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


YOUNG = 7_000
"""New objects between two collections of the youngest ones while articles are read (Python's
default is 700). Reading makes and drops many small objects, nearly all freed by their counts:
in a 400-article build the collector ran 299 times (all generations) and freed 1,797 objects
in cycles, in 0.13 s; with 7,000 while the articles are read, 43 times, the same 1,797 objects,
0.06 s."""


class FrozenHeap:
    """Keeps the objects alive at :meth:`freeze` out of the cycle collector's scans until
    :meth:`thaw`, and collects the youngest objects every :data:`YOUNG` allocations meanwhile.
    It leaves alone a heap that its caller froze: thawing that is the caller's.

    Objects frozen here are still freed when nothing refers to them; only garbage in cycles
    waits for :meth:`thaw`, so a pipeline that is let go is thawed before it is collected.

    >>> heap = FrozenHeap()
    >>> heap.freeze(); gc.get_freeze_count() > 0
    True
    >>> heap.thaw(); gc.get_freeze_count()
    0
    """

    def __init__(self) -> None:
        self.owned = False
        self.thresholds: tuple[int, ...] | None = None

    def freeze(self) -> None:
        if self.thresholds is None:
            self.thresholds = gc.get_threshold()
            gc.set_threshold(max(YOUNG, self.thresholds[0]), *self.thresholds[1:])
        if not self.owned and gc.get_freeze_count() == 0:
            gc.freeze()
            self.owned = True

    def thaw(self) -> None:
        if self.thresholds is not None:
            gc.set_threshold(*self.thresholds)
            self.thresholds = None
        if self.owned:
            gc.unfreeze()
            self.owned = False


_READERS = [0]
_READING = FrozenHeap()
_READERS_LOCK = threading.Lock()


@contextmanager
def frozen_while_reading() -> Iterator[None]:
    """A :class:`FrozenHeap` for readers that may run in several threads of one process at once
    (the tasks of a Dask worker): the heap is frozen when the first of them starts and thawed
    when the last one ends. Load what the readers share (the pipeline) before.

    >>> with frozen_while_reading():
    ...     with frozen_while_reading():
    ...         pass
    ...     gc.get_freeze_count() > 0
    True
    >>> gc.get_freeze_count()
    0
    """
    with _READERS_LOCK:
        if _READERS[0] == 0:
            _READING.freeze()
        _READERS[0] += 1
    try:
        yield
    finally:
        with _READERS_LOCK:
            _READERS[0] -= 1
            if _READERS[0] == 0:
                _READING.thaw()


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cycle collection in the block (for filling a structure without cycles); the collector
    is on again after it if it was on before.

    >>> with collection_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def merged(merger: "EntityMerger") -> "Resolution":
    """``merger.finalize()`` with the collector paused. The merge makes no cycles, but it makes
    objects by the hundred thousand beside the name table, which grows with the corpus, and the
    collector ran hundreds of times over them: 0.55 to 0.67 s of the 1.8 to 2.1 s that merging
    the 31,559 names of 19,043 Reuters articles took, none with it paused."""
    with collection_paused():
        return merger.finalize()
