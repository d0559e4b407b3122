"""Name normalization shared by within-article and cross-article resolution."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from types import SimpleNamespace

__all__ = ["name_data", "first_names", "clean_surface", "name_key", "name_tokens", "initials", "edit_distance"]

_POSSESSIVE = re.compile(r"(?:'s|')$", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w\s&+]", re.UNICODE)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def name_data() -> SimpleNamespace:
    raw = json.loads(resources.files("kg").joinpath("data", "names.json").read_text("utf-8"))
    return SimpleNamespace(**{k: frozenset(v) for k, v in raw.items() if not k.startswith("_")})


@lru_cache(maxsize=1)
def first_names() -> dict[str, frozenset[str]]:
    raw = json.loads(resources.files("kg").joinpath("data", "first_names.json").read_text("utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


def clean_surface(text: str) -> str:
    """The name as a reader would write it: no possessive, no leading 'the', single spaces."""
    text = _SPACES.sub(" ", text).strip().strip(",;:-\"'()[]")
    text = _POSSESSIVE.sub("", text).strip()
    words = text.split(" ")
    while len(words) > 1 and words[0].lower() in name_data().leading_words:
        words = words[1:]
    return " ".join(words)


def name_tokens(text: str) -> list[str]:
    """Case-folded, accent-folded words of a name without corporate suffixes or titles."""
    text = unicodedata.normalize("NFKD", clean_surface(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = [w for w in _PUNCT.sub(" ", text.replace("'s ", " ")).split() if w]
    data = name_data()
    while len(words) > 1 and words[-1] in data.corporate_suffixes:
        words.pop()
    while len(words) > 1 and words[0] in data.person_titles:
        words.pop(0)
    return words


def name_key(text: str) -> str:
    """Key under which two surface forms count as the same name ("Microsoft Corp." = "microsoft")."""
    return " ".join(name_tokens(text))


def initials(text: str) -> str:
    """"British Broadcasting Corporation" -> "bbc" (a corporate suffix counts here)."""
    words = [w for w in _PUNCT.sub(" ", clean_surface(text).casefold()).split()
             if w not in ("of", "and", "for", "the", "&")]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping early once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]
