"""MinHash signatures and LSH band shapes in datasketch's ``affine32`` scheme, with numpy alone.

datasketch's package imports scipy whatever one takes from it (its LSH index integrates with
``scipy.integrate``): 0.4 s of every build's start-up, for a signature that is a few lines of
numpy. This module gives the same signatures, bit for bit, and the same band shapes as
datasketch 2's ``MinHash(scheme="affine32")`` and ``MinHashLSH``; the tests check both against
datasketch itself, so that an index file written with either matches the other.

>>> sig = minhash([b"the cat sat on the", b"cat sat on the mat"], seed=1, num_perm=4)
>>> sig.dtype, len(sig)
(dtype('uint32'), 4)
>>> band_shape(0.8, 128)
(9, 13)
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Iterable

import numpy as np

__all__ = ["minhash", "band_shape", "EMPTY"]

EMPTY = np.uint32(0xFFFFFFFF)
"""Every value of the signature of no items."""

_NODES = 80
"""Gauss–Legendre nodes: exact for polynomials of degree up to 159, and the banding
probabilities are polynomials of degree b × r ≤ the number of permutations."""


@lru_cache(maxsize=4)
def _permutations(seed: int, num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of the affine maps h → a·h + b mod 2³², drawn as datasketch draws them."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _premix(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which datasketch applies to each item's hash once."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def minhash(items: Iterable[bytes], *, seed: int, num_perm: int) -> np.ndarray:
    """The MinHash signature (``num_perm`` unsigned 32-bit values) of a set of byte strings,
    each hashed with the first four bytes of its SHA-1, little-endian (datasketch's
    ``sha1_hash32``)."""
    sha1 = hashlib.sha1
    # Whole 20-byte digests, each one's first four bytes taken by numpy: a slice per item in
    # Python cost a quarter of the signature's time.
    digests = b"".join([sha1(item).digest() for item in items])
    if not digests:
        return np.full(num_perm, EMPTY, dtype=np.uint32)
    hashed = _premix(np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32))
    a, b = _permutations(seed, num_perm)
    return (hashed[:, np.newaxis] * a + b).min(axis=0)  # uint32 arithmetic wraps: mod 2³²


@lru_cache(maxsize=8)
def band_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) that minimize the sum of the false-positive and the false-negative
    probability at ``threshold``, each weighted one half (``MinHashLSH``'s defaults); of equal
    sums, the fewest bands, then the fewest rows, as datasketch's search finds."""
    shapes = np.array([(bands, rows) for bands in range(1, num_perm + 1) for rows in range(1, num_perm // bands + 1)],
                      dtype=float)
    bands, rows = shapes[:, :1], shapes[:, 1:]
    nodes, weights = np.polynomial.legendre.leggauss(_NODES)

    def integral(low: float, high: float, candidate: bool) -> np.ndarray:
        """Of each shape, the integral over [low, high] of the chance that a pair of that
        similarity is a candidate (or is not)."""
        similarity = (high - low) / 2 * nodes + (low + high) / 2
        missed = (1 - similarity ** rows) ** bands
        return (high - low) / 2 * ((1 - missed if candidate else missed) @ weights)

    error = (integral(0.0, threshold, True) + integral(threshold, 1.0, False)) * 0.5
    best = int(np.argmin(error))  # the first of equal minima
    return int(shapes[best, 0]), int(shapes[best, 1])
