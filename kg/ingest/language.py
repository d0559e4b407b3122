"""Is this text words at all, and is it English? Cheap checks before the spaCy pipeline.

A cheap guess at whether an article is English, from spaCy's bundled stop-word lists.

The English pipeline reads other languages as noise (every capitalized German noun becomes
an entity), so kg warns about non-English articles and, by default, skips them. No model is
downloaded: the guess uses the script of the letters and the share of each language's stop
words among the words, with the stop-word lists that ship inside spaCy.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["LanguageGuess", "guess_language", "has_words", "LATIN_LANGUAGES"]

# Latin-script languages with a spaCy stop-word list, compared against English.
LATIN_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk", "sl",
                   "hr", "ro", "hu", "tr", "id", "ca", "lt", "lv", "et", "af", "ga", "sq", "eu", "tl",
                   "ms", "lb", "is")
_NAMES = {"de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
          "nl": "Dutch", "sv": "Swedish", "da": "Danish", "nb": "Norwegian", "fi": "Finnish",
          "pl": "Polish", "cs": "Czech", "sk": "Slovak", "sl": "Slovenian", "hr": "Croatian",
          "ro": "Romanian", "hu": "Hungarian", "tr": "Turkish", "id": "Indonesian", "ca": "Catalan",
          "lt": "Lithuanian", "lv": "Latvian", "et": "Estonian", "af": "Afrikaans", "ga": "Irish",
          "sq": "Albanian", "eu": "Basque", "tl": "Tagalog", "ms": "Malay", "lb": "Luxembourgish",
          "is": "Icelandic", "en": "English"}

_SAMPLE = 5_000           # characters looked at: the start of an article is enough
_MIN_LETTERS = 40         # fewer letters than this: too short to tell
_MIN_WORDS = 20           # a stop-word ratio over fewer words means little
_ENGLISH_RATIO = 0.20     # English news runs at 0.35-0.55 stop words; below this it is suspect
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class LanguageGuess:
    english: bool | None
    """True or False, or None when the text is too short to tell (it is then read as English)."""
    language: str = "en"
    """A language name ("German") or a script ("Cyrillic script") for the message."""
    english_ratio: float = 0.0


@lru_cache(maxsize=None)
def _stop_words(code: str) -> frozenset[str]:
    """The language's stop words from spaCy's ``spacy/lang/<code>/stop_words.py``, run as a module
    of its own: importing it through its package would load the whole language (tokenizer
    exceptions and all), about 5 s and 34 MB for the 31 languages a table of figures is compared with.

    >>> sorted(_stop_words("de"))[:3]
    ['a', 'ab', 'aber']
    >>> _stop_words("xx")
    frozenset()
    """
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / code / "stop_words.py"
    if not path.is_file():
        return frozenset()
    module_spec = importlib.util.spec_from_file_location(f"_kg_stop_words_{code}", path)
    # A path ending in ".py" always gets a spec with a SourceFileLoader.
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(w.lower() for w in getattr(module, "STOP_WORDS", ()))


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def _is_latin(char: str) -> bool:
    code = ord(char)
    return code < 0x250 or 0x1E00 <= code <= 0x1EFF or 0xFF21 <= code <= 0xFF5A


_NOT_LATIN = re.compile("[^\u0000-\u024f\u1e00-\u1eff\uff21-\uff5a]")


def _latin_word(word: str) -> bool:
    return word.isascii() or not _NOT_LATIN.search(word)


def _ratio(words: list[str], stop: frozenset[str]) -> float:
    return sum(map(stop.__contains__, words)) / len(words) if words else 0.0


def guess_language(text: str) -> LanguageGuess:
    """English, not English, or too short to tell."""
    sample = text[:_SAMPLE]
    words = _WORD.findall(sample)
    letters = sum(map(len, words))
    if letters < _MIN_LETTERS:
        return LanguageGuess(None)
    joined = " ".join(words)
    if joined.isascii():  # news in English almost always is: every word is Latin
        lowered = joined.lower().split(" ")
    else:
        # Whole ASCII words count at once, so the per-character test runs only on the few
        # words that need it.
        latin = sum(len(w) if w.isascii() else sum(1 for c in w if _is_latin(c)) for w in words)
        if latin < letters / 2:
            script = Counter(_script(c) for w in words for c in w if not _is_latin(c)).most_common(1)[0][0]
            return LanguageGuess(False, f"{script.title()} script", 0.0)
        lowered = [w.lower() for w in words if _latin_word(w)]
    if len(lowered) < _MIN_WORDS:
        return LanguageGuess(None)
    english = _ratio(lowered, _stop_words("en"))
    if english >= _ENGLISH_RATIO:
        return LanguageGuess(True, "en", english)
    best, best_ratio = max(((code, _ratio(lowered, _stop_words(code))) for code in LATIN_LANGUAGES),
                           key=lambda pair: pair[1])
    # Headlines, tables and lists of names are low in stop words in every language: call the text
    # foreign only when another language's stop words clearly fit it better.
    if best_ratio >= _ENGLISH_RATIO and best_ratio > 1.5 * english:
        return LanguageGuess(False, _NAMES.get(best, best), english)
    return LanguageGuess(True, "en", english)


_WORDY_SHARE = 0.25  # English news: 0.85-0.95 of its tokens are words; earnings tables about 0.5


def _is_wordy(token: str) -> bool:
    if token.isalpha():
        return len(token) >= 2
    letters = sum(1 for c in token if c.isalpha())
    return letters >= 2 and 2 * letters >= len(token)


# A number ("1,080", "$5.3bn" is wordy anyway) or a lone punctuation mark is an ordinary token of a
# sentence, so it counts neither way: a list of years in a real sentence is not line noise.
_NEUTRAL = re.compile(r"^(?:[$£€]?\d[\d,.:/%-]*|[^\w\s])$")


def has_words(text: str) -> bool:
    """False for line noise: a text whose whitespace-separated tokens are mostly not words."""
    split = text[:_SAMPLE].split()
    # Plain words are never neutral and always wordy: when they alone make the share of all
    # tokens, the answer is known without looking at the rest (prose, almost always).
    if sum(1 for t in split if t.isalpha() and len(t) >= 2) >= _WORDY_SHARE * len(split) > 0:
        return True
    tokens = [t for t in split if not _NEUTRAL.match(t)]
    wordy = sum(1 for t in tokens if _is_wordy(t))
    return wordy > 0 and wordy >= _WORDY_SHARE * len(tokens)
