"""Money, percentages and dates as typed values.

"$44 billion" -> 44000000000 USD; "approximately 80%" -> 80; "in October", read in an article
dated 2023-04-20 -> 2022-10 (xsd:gYearMonth): a month or day without a year is the nearest
one that fits the tense of news (the most recent past month; the nearest day either side).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from ..model import Quantity

__all__ = ["QUANTITY_LABELS", "parse_money", "parse_percent", "resolve_date", "quantity"]

QUANTITY_LABELS = frozenset({"MONEY", "PERCENT", "DATE"})

_CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "a$": "AUD", "c$": "CAD",
                     "hk$": "HKD", "₹": "INR", "rs": "INR"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
                   "euro": "EUR", "euros": "EUR", "yen": "JPY", "yuan": "CNY", "rupee": "INR", "rupees": "INR",
                   "usd": "USD", "gbp": "GBP", "eur": "EUR", "jpy": "JPY", "cny": "CNY"}
_SCALE = {"thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "mn": 10**6, "billion": 10**9,
          "bn": 10**9, "b": 10**9, "trillion": 10**12, "tn": 10**12, "trn": 10**12}
_MONEY = re.compile(
    r"(?P<sym>us\$|a\$|c\$|hk\$|[$£€¥₹])?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>thousand|million|billion|trillion|"
    r"mn|bn|tn|trn|[kmb])?\b\s*(?P<word>dollars?|pounds?|sterling|euros?|yen|yuan|rupees?|usd|gbp|eur|jpy|cny)?",
    re.IGNORECASE)
_PERCENT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def parse_money(text: str) -> tuple[str, str] | None:
    """(amount, ISO currency) or None: "$44bn" -> ("44000000000", "USD")."""
    for m in _MONEY.finditer(text):
        symbol, word = (m.group("sym") or "").lower(), (m.group("word") or "").lower()
        currency = _CURRENCY_SYMBOLS.get(symbol) or _CURRENCY_WORDS.get(word)
        number = _decimal(m.group("num"))
        if currency is None or number is None:
            continue
        scale = _SCALE.get((m.group("scale") or "").lower(), 1)
        return _plain(number * scale), currency
    return None


def parse_percent(text: str) -> str | None:
    m = _PERCENT.search(text)
    if m is None:
        return None
    value = _decimal(m.group("num"))
    return None if value is None else _plain(value)


def _article_date(value: str | None) -> date | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _nearest_day(month: int, day: int, ref: date) -> date | None:
    options = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - ref).days)) if options else None


def resolve_date(text: str, article_date: str | None) -> tuple[str, str] | None:
    """(ISO value, XSD datatype) for a date expression, or None when it cannot be pinned down."""
    t = " ".join(text.lower().replace(",", " ").split())
    ref = _article_date(article_date)
    m = re.fullmatch(r"(?:on |in )?(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}", "date"
    m = re.search(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH}(?: (?P<year>\d{{4}}))?\b", t) or \
        re.search(rf"\b{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?: (?P<year>\d{{4}}))?", t)
    if m:
        month, day = _MONTHS[m.group("month")[:3]], int(m.group("day"))
        if m.group("year"):
            try:
                return date(int(m.group("year")), month, day).isoformat(), "date"
            except ValueError:
                return None
        found = _nearest_day(month, day, ref) if ref else None
        return (found.isoformat(), "date") if found else None
    m = re.search(rf"\b(?P<rel>last |next |this )?{_MONTH}(?: (?P<year>\d{{4}}))?\b", t)
    if m:
        month = _MONTHS[m.group("month")[:3]]
        if m.group("year"):
            return f"{int(m.group('year')):04d}-{month:02d}", "gYearMonth"
        if ref is None:
            return None
        rel = (m.group("rel") or "").strip()
        year = ref.year
        if rel == "next":
            year = ref.year + (1 if month <= ref.month else 0)
        elif rel == "this":
            year = ref.year
        elif month > ref.month or (rel == "last" and month == ref.month):
            year = ref.year - 1  # news reports the past: "in October", read in April, is last October
        return f"{year:04d}-{month:02d}", "gYearMonth"
    m = re.search(r"\b(?:in |since |by )?(?P<year>1[89]\d\d|20\d\d)\b", t)
    if m and re.fullmatch(r"(?:(?:in|since|by|the year|early|late|mid) )*\d{4}s?", t) is not None:
        return m.group("year"), "gYear"
    if ref is not None:
        if t in ("yesterday",):
            return (ref - timedelta(days=1)).isoformat(), "date"
        if t in ("today", "this morning", "this afternoon", "tonight"):
            return ref.isoformat(), "date"
        for word, delta in (("last year", -1), ("this year", 0), ("next year", 1)):
            if t == word:
                return str(ref.year + delta), "gYear"
    return None


def quantity(label: str, text: str, article_date: str | None) -> Quantity | None:
    """The typed value of a MONEY, PERCENT or DATE entity, or None."""
    if label == "MONEY":
        parsed = parse_money(text)
        return Quantity("money", text, parsed[0], parsed[1]) if parsed else None
    if label == "PERCENT":
        value = parse_percent(text)
        return Quantity("percent", text, value) if value else None
    if label == "DATE":
        resolved = resolve_date(text, article_date)
        return Quantity("date", text, resolved[0], resolved[1]) if resolved else None
    return None
