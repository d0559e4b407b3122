"""Process-wide memory settings for a long build.

glibc's malloc gives threads that allocate at the same time arenas of their own, up to eight
per core, and an arena keeps what was freed in it for reuse rather than handing it back. The
store's RocksDB runs flushes and compactions in background threads, so a build into a store
ends up holding several arenas' worth of freed memory: 9 MB more at the peak of writing 19,043
Reuters articles into a store than with two arenas, at the same speed (bench/memory.py and
docs/BENCHMARKS.md). :func:`limit_malloc_arenas` caps them; ``kg build`` calls it first.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

__all__ = ["ARENAS", "limit_malloc_arenas"]

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
    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return False
        mallopt = ctypes.CDLL(ctypes.util.find_library("c")).mallopt
    except (AttributeError, OSError, ValueError):  # no confstr, no such name, no libc found
        return False
    return mallopt(_M_ARENA_MAX, arenas) == 1
