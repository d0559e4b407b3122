"""Name normalization shared by within-article and cross-article resolution."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from types import SimpleNamespace

from ..nlp.lexicon import first_names

__all__ = ["name_data", "first_names", "clean_surface", "name_key", "name_tokens", "initials", "edit_distance",
           "variant_keys", "known_alias", "is_abbreviation", "is_generic"]

_POSSESSIVE = re.compile(r"(?:'s|')$", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w\s&+]", re.UNICODE)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def name_data() -> SimpleNamespace:
    raw = json.loads(resources.files("kg").joinpath("data", "names.json").read_text("utf-8"))
    return SimpleNamespace(**{k: frozenset(v) for k, v in raw.items() if not k.startswith("_")})


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


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    raw = json.loads(resources.files("kg").joinpath("data", "aliases.json").read_text("utf-8"))
    table: dict[str, str] = {}
    for full, shorts in raw.items():
        if full.startswith("_"):
            continue
        for name in [full, *shorts]:
            table[name_key(name)] = name_key(full)
    return table


def known_alias(key: str) -> str | None:
    """The key of the full name a well-known short form stands for (kg/data/aliases.json).

    >>> known_alias(name_key("the Tories")), known_alias("microsoft")
    ('conservative party', None)
    """
    return _aliases().get(key)


_ORDER_WORDS = frozenset({"of", "for", "the", "and", "&"})


def variant_keys(key: str) -> set[str]:
    """Other keys the same name goes by in one article: singular for plural ("cesars" ->
    "cesar"), without a generic head ("stansted airport" -> "stansted"), the content words in
    order ("ministry of finance" = "finance ministry"), and the full name of a known short form.

    >>> sorted(variant_keys("ministry of finance"))
    ['finance ministry', 'ministry of finance']
    """
    words = key.split()
    out = {key}
    if not words:
        return out
    last = words[-1]
    if len(last) > 3 and last.endswith("ies"):
        out.add(" ".join(words[:-1] + [last[:-3] + "y"]))
    elif len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        out.add(" ".join(words[:-1] + [last[:-1]]))
    if len(words) > 1 and last in name_data().generic_heads:
        out.add(" ".join(words[:-1]))
    content = [w for w in words if w not in _ORDER_WORDS]
    if len(content) > 1 and len(content) < len(words) and "of" in words:
        head = words[: words.index("of")]
        tail = [w for w in words[words.index("of") + 1:] if w not in _ORDER_WORDS]
        out.add(" ".join(tail + head))
    if len(content) > 1:
        out.add(" ".join(sorted(content)))
    alias = known_alias(key)
    if alias:
        out.add(alias)
    return out


def is_generic(name: str) -> bool:
    """A name made only of generic words, which many organizations share ("the Treasury", "Finance
    Ministry", "the Commission"): it tells its entity apart only within a country or an article.

    >>> is_generic("Finance Ministry"), is_generic("Bank of Japan"), is_generic("Treasury")
    (True, False, True)
    """
    words = [w for w in name_key(name).split() if w not in ("of", "the", "and", "for")]
    return bool(words) and all(w in name_data().generic_names for w in words)


def is_abbreviation(short: str, full: str) -> bool:
    """"Lib Dems" shortens "Liberal Democrats": as many words, each the start of the other's.

    >>> is_abbreviation("lib dems", "liberal democrats"), is_abbreviation("lib", "liberal")
    (True, False)
    """
    a, b = short.split(), full.split()
    return len(a) == len(b) > 1 and a != b and all(
        len(x) >= 3 and (y.startswith(x) or y.startswith(x.rstrip("s"))) for x, y in zip(a, b))


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
