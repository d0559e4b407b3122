"""Word lists the extraction rules read, kept as data in ``kg/data/lexicon.json``."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from types import SimpleNamespace

__all__ = ["lexicon", "first_names"]


@lru_cache(maxsize=1)
def lexicon() -> SimpleNamespace:
    raw = json.loads(resources.files("kg").joinpath("data", "lexicon.json").read_text("utf-8"))
    return SimpleNamespace(**{k: v if isinstance(v, dict) else frozenset(v)
                              for k, v in raw.items() if not k.startswith("_")})


@lru_cache(maxsize=1)
def first_names() -> dict[str, frozenset[str]]:
    """Common given names by usual gender (``kg/data/first_names.json``): they keep "he" and
    "she" apart when pronouns are linked, and tell a person's name from a firm's in apposition
    to a person's role ("its lawyers, Andrew Hall").

    >>> "andrew" in first_names()["male"]
    True
    """
    raw = json.loads(resources.files("kg").joinpath("data", "first_names.json").read_text("utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}
