from __future__ import annotations

import pytest

from kg.extract.literals import parse_money, parse_percent, resolve_date

MONEY = [
    ("$44 billion", ("44000000000", "USD")),
    ("£35.4 billion", ("35400000000", "GBP")),
    ("$44bn", ("44000000000", "USD")),
    ("approximately $2.8m", ("2800000", "USD")),
    ("259.7m euros", ("259700000", "EUR")),
    ("$100", ("100", "USD")),
    ("three dollars", None),
]

DATES = [  # resolved against an article dated 2023-04-20
    ("October", ("2022-10", "gYearMonth")),
    ("last October", ("2022-10", "gYearMonth")),
    ("April", ("2023-04", "gYearMonth")),
    ("Tuesday, April 25", ("2023-04-25", "date")),
    ("2019", ("2019", "gYear")),
    ("October 2021", ("2021-10", "gYearMonth")),
    ("8 December", ("2022-12-08", "date")),
    ("25 December 2004", ("2004-12-25", "date")),
    ("last year", ("2022", "gYear")),
    ("last week", None),
    ("the second quarter of 2023", None),
]


@pytest.mark.parametrize("text,expected", MONEY)
def test_money_amount_and_currency(text, expected):
    assert parse_money(text) == expected


@pytest.mark.parametrize("text,expected", [("approximately 80%", "80"), ("12.5 per cent", "12.5"), ("80", None)])
def test_percentages(text, expected):
    assert parse_percent(text) == expected


@pytest.mark.parametrize("text,expected", DATES)
def test_dates_resolve_against_the_article_date(text, expected):
    assert resolve_date(text, "2023-04-20") == expected


def test_relative_dates_need_an_article_date():
    assert resolve_date("October", None) is None
    assert resolve_date("October 2021", None) == ("2021-10", "gYearMonth")
