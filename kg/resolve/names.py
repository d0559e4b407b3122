"""Name normalization shared by within-article and cross-article resolution."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from types import SimpleNamespace

from ..nlp.lexicon import first_names, lexicon

__all__ = ["name_data", "first_names", "clean_surface", "name_key", "name_tokens", "leading_title", "initials",
           "initialisms", "defines_acronym", "is_clipping", "clipping_key", "clipping_probes", "clipping_start",
           "edit_distance", "clear_caches", "variant_keys", "number_forms", "known_alias", "known_full_name",
           "is_abbreviation", "is_generic"]

_POSSESSIVE = re.compile(r"(?:'s|')$", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w\s&+]", re.UNICODE)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def name_data() -> SimpleNamespace:
    raw = json.loads(resources.files("kg").joinpath("data", "names.json").read_text("utf-8"))
    return SimpleNamespace(**{k: frozenset(v) for k, v in raw.items() if not k.startswith("_")})


# Names repeat across the sentences and articles of a corpus; these two are asked of the same
# surface forms again and again. A few thousand keep the repeats, in little memory.
@lru_cache(maxsize=8192)
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
    return list(_name_words(text))


@lru_cache(maxsize=8192)
def _name_words(text: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKD", clean_surface(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = [w for w in _PUNCT.sub(" ", text.replace("'s ", " ")).split() if w]
    data = name_data()
    while len(words) > 1 and words[-1] in data.corporate_suffixes:
        words.pop()
    while len(words) > 1 and leading_title(words):
        words.pop(0)
    return tuple(words)


def leading_title(words: list[str]) -> bool:
    """Whether the first of a name's words (case-folded, without dots) is a person's title that
    the rest of the name follows: an honorific ("Mr Ebbers", "Lord Drayson", "Gen. Franks") before
    any name; a title that also begins names of organizations ("General Motors", "Justice
    Department", "King Digital") only before a full name ("President George Bush") that no
    organization word ends.

    >>> leading_title(["mr", "ebbers"]), leading_title(["general", "motors"]), leading_title(["president", "george", "bush"])
    (True, False, True)
    """
    data = name_data()
    if len(words) < 2 or words[0] not in data.person_titles or words[1] in _ORDER_WORDS:
        return False
    if words[0] in data.honorifics:
        return True
    return len(words) > 2 and words[-1] not in data.corporate_suffixes and words[-1] not in _org_words()


@lru_cache(maxsize=1)
def _org_words() -> frozenset[str]:
    return lexicon().organization_words | name_data().generic_names


def name_key(text: str) -> str:
    """Key under which two surface forms count as the same name ("Microsoft Corp." = "microsoft")."""
    return " ".join(name_tokens(text))


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Key of a known name (short or full) -> the full name as written in kg/data/aliases.json."""
    raw = json.loads(resources.files("kg").joinpath("data", "aliases.json").read_text("utf-8"))
    table: dict[str, str] = {}
    for full, shorts in raw.items():
        if full.startswith("_"):
            continue
        for name in [full, *shorts]:
            table[name_key(name)] = full
    return table


def known_alias(key: str) -> str | None:
    """The key of the full name a well-known short form stands for (kg/data/aliases.json).

    >>> known_alias(name_key("the Tories")), known_alias("microsoft")
    ('conservative party', None)
    """
    full = _aliases().get(key)
    return name_key(full) if full else None


def known_full_name(key: str) -> str | None:
    """The full name, as written, of the organization a well-known name stands for.

    >>> known_full_name(name_key("Lib Dems")), known_full_name(name_key("Tory")), known_full_name("bbc")
    ('Liberal Democrats', 'Conservative Party', None)
    """
    return _aliases().get(key)


_ORDER_WORDS = frozenset({"of", "for", "the", "and", "&"})


@lru_cache(maxsize=8192)
def variant_keys(key: str) -> frozenset[str]:
    """Other keys the same name goes by in one article: singular for plural ("cesars" ->
    "cesar"), without a generic head ("stansted airport" -> "stansted"), the content words in
    order ("ministry of finance" = "finance ministry"), and the full name of a known short form.

    >>> sorted(variant_keys("ministry of finance"))
    ['finance ministry', 'ministry of finance']
    """
    words = key.split()
    out = {key}
    if not words:
        return frozenset(out)
    last = words[-1]
    singular = _singular(last)
    if singular:
        out.add(" ".join(words[:-1] + [singular]))
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
    return frozenset(out)


def _singular(word: str) -> str | None:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return None


def number_forms(key: str) -> set[str]:
    """The key, its singular and its plural (last word): "cesars" -> "cesar", "domain name" ->
    "domain names".

    >>> sorted(number_forms("cesars")), sorted(number_forms("domain name"))
    (['cesar', 'cesars'], ['domain name', 'domain names'])
    """
    words = key.split()
    if not words:
        return {key}
    singular = _singular(words[-1])
    if singular:
        return {key, " ".join(words[:-1] + [singular])}
    plural = words[-1][:-1] + "ies" if words[-1].endswith("y") and words[-1][-2:-1] not in "aeiou" else words[-1] + "s"
    return {key, " ".join(words[:-1] + [plural])}


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


@lru_cache(maxsize=8192)
def initialisms(text: str) -> frozenset[str]:
    """Every acronym a name may go by: the initials of its words, with or without those of its
    function words and of a corporate suffix at its end ("Department of Transportation" -> "dt",
    "dot"; "British Broadcasting Corporation" -> "bb", "bbc").

    >>> sorted(initialisms("Department of Transportation")), initialisms("Microsoft")
    (['dot', 'dt'], frozenset())
    """
    words = [w for w in _PUNCT.sub(" ", clean_surface(text).casefold()).split() if w]
    data = name_data()
    optional = [w in _ORDER_WORDS or (i == len(words) - 1 and w in data.corporate_suffixes)
                for i, w in enumerate(words)]
    if len(words) - sum(optional) < 2 or sum(optional) > 4:
        return frozenset()
    out = {""}
    for word, skip in zip(words, optional):
        out = {a + word[0] for a in out} | (out if skip else set())
    return frozenset(a for a in out if len(a) >= 2)


def defines_acronym(short: str, full: str) -> bool:
    """Whether ``short``, written in brackets after ``full``, can be its acronym (Schwartz and Hearst
    2003): its letters occur in ``full`` in order, the first at the start of a word.

    >>> defines_acronym("ECOP", "Empresa Colombiana de Petroleos"), defines_acronym("GM", "Guardian Media Group")
    (True, True)
    >>> defines_acronym("SEC", "Bank of England")
    False
    """
    letters = [c for c in short.casefold() if c.isalnum()]
    words = [w for w in _PUNCT.sub(" ", full.casefold()).split() if w]
    if len(letters) < 2 or not words or letters[0] != words[0][0]:
        return False
    text, at = " ".join(words), 1
    for letter in letters[1:]:
        at = text.find(letter, at)
        if at < 0:
            return False
        at += 1
    return True


@lru_cache(maxsize=65536)
def _content_words(full: str) -> tuple[str, ...]:
    return tuple(w for w in _PUNCT.sub(" ", full.casefold()).split() if w not in _ORDER_WORDS)


def clear_caches() -> None:
    """Empty the caches of names' words (the merge's holds up to 65,536 names): once a build has
    merged its entities, it needs none of them, and what it makes next can reuse their memory.

    >>> _ = name_tokens("Elon Musk"); clear_caches(); _name_words.cache_info().currsize
    0
    """
    for cached in (clean_surface, _name_words, _content_words, variant_keys, initialisms):
        cached.cache_clear()


def is_clipping(short: str, full: str) -> bool:
    """Whether a one-word ``short`` is made of the beginnings of ``full``'s words, in order, each
    word cut short and giving two letters or more ("Amex" = "American Express", "Nabisco" =
    "National Biscuit Company"); a corporate suffix at the end may give one or none.

    >>> is_clipping("amex", "american express"), is_clipping("amex", "american stock exchange")
    (True, False)
    >>> is_clipping("pemex", "petroleos mexicanos"), is_clipping("swire", "swiss re")
    (True, False)
    """
    words = _content_words(full)
    short = short.casefold()
    if " " in short or len(short) < 4 or len(words) < 2:
        return False
    data = name_data()
    # What any fit needs, checked first (an article asks it of its earlier names that start alike):
    # the first word gives the first two letters, and every later word but a closing corporate
    # suffix gives two letters of its own further on.
    if short[:2] != words[0][:2] or any(w[:2] not in short[2:] for w in _given_words(words)[1:]):
        return False

    def fits(rest: str, i: int) -> bool:
        if i == len(words):
            return not rest
        if not rest:
            return i == len(words) - 1 and words[i] in data.corporate_suffixes
        least = 1 if i == len(words) - 1 and words[i] in data.corporate_suffixes else 2
        # every word is cut short: "Swire" is no clipping of "Swiss Re"
        return any(words[i].startswith(rest[:n]) and fits(rest[n:], i + 1)
                   for n in range(least, min(len(words[i]) - 1, len(rest)) + 1))
    return short != words[0] and fits(short, 0)


def clipping_key(full: str) -> tuple[str, str] | None:
    """What every clipping of ``full`` (:func:`is_clipping`) has: the first two letters of its
    first word, and further on the first two of the next word that must give letters ("" when
    only a corporate suffix follows the first word); None for a name of one word, which has no
    clipping. A corpus's merge looks clippings up by it, not by trying every name.

    >>> clipping_key("American Express"), clipping_key("Nabisco Inc"), clipping_key("Microsoft")
    (('am', 'ex'), ('na', ''), None)
    """
    words = _content_words(full)
    if len(words) < 2:
        return None
    given = _given_words(words)
    return words[0][:2], given[1][:2] if len(given) > 1 else ""


def _given_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a name that each give a clipping letters of their own: all but a closing
    corporate suffix, which may give one or none."""
    return words[:-1] if words[-1] in name_data().corporate_suffixes else words


def clipping_probes(short: str) -> set[tuple[str, str]]:
    """The :func:`clipping_key` of every name that ``short`` may be a clipping of.

    >>> ("am", "ex") in clipping_probes("Amex"), ("am", "st") in clipping_probes("Amex")
    (True, False)
    """
    short = short.casefold()
    rest = short[2:]
    return {(short[:2], "")} | {(short[:2], rest[i:i + n]) for n in (1, 2) for i in range(len(rest) - n + 1)}


def clipping_start(full: str) -> str:
    """What every clipping of ``full`` starts with (:func:`is_clipping`): the first two letters
    of its first word; "" for a name of one word, which has none.

    >>> clipping_start("American Express"), clipping_start("Microsoft")
    ('am', '')
    """
    words = _content_words(full)
    return words[0][:2] if len(words) >= 2 else ""


def initials(text: str) -> str:
    """"British Broadcasting Corporation" -> "bbc" (a corporate suffix counts here)."""
    words = [w for w in _PUNCT.sub(" ", clean_surface(text).casefold()).split()
             if w not in ("of", "and", "for", "the", "&")]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance (rapidfuzz's), or ``limit + 1`` once it exceeds ``limit``.

    >>> edit_distance("volkswagen", "volkswagon", 1), edit_distance("volkswagen", "vw", 2)
    (1, 3)
    """
    return _levenshtein()(a, b, score_cutoff=limit)


@lru_cache(maxsize=1)
def _levenshtein():
    """rapidfuzz's Levenshtein distance, imported when first needed (the merge asks thousands
    of times: an import statement in :func:`edit_distance` cost more than the distance)."""
    from rapidfuzz.distance import Levenshtein
    return Levenshtein.distance
