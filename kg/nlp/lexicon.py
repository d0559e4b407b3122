"""Word lists the extraction rules read, kept as data in ``kg/data/lexicon.json``."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from types import SimpleNamespace

__all__ = ["lexicon"]


@lru_cache(maxsize=1)
def lexicon() -> SimpleNamespace:
    raw = json.loads(resources.files("kg").joinpath("data", "lexicon.json").read_text("utf-8"))
    return SimpleNamespace(**{k: v if isinstance(v, dict) else frozenset(v)
                              for k, v in raw.items() if not k.startswith("_")})
