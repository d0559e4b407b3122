"""Caches that each thread keeps for itself.

Kept apart from :mod:`.tokens`, which ``pip install .`` compiles (``setup.py``): a compiled
class cannot extend ``threading.local``.
"""

from __future__ import annotations

import copy
import threading

__all__ = ["PerThread"]


class PerThread(threading.local):
    """Caches that each thread keeps for itself, from a copy of the given starting values: a
    process may read articles in several threads (a Dask worker with ``--nthreads 4``), and a
    cache of the doc being read must be that thread's doc.

    >>> kept = PerThread(last=[None, {}])
    >>> kept.last
    [None, {}]
    """

    def __init__(self, **start) -> None:
        for name, value in start.items():
            setattr(self, name, copy.deepcopy(value))
