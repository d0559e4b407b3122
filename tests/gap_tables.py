"""Regression tables whose known gaps are strict expected failures, one aspect at a time: the
helpers of ``tests/resolve/test_issue12_examples.py`` and ``tests/extract/test_issue13_examples.py``.

A row names the aspects that today's code does not meet yet (``gap="why"``, or any other aspect
name); :meth:`GapTables.cases` turns a table into pytest params for one aspect, xfail(strict) where
the row has that gap, so an unexpected pass fails the suite and the table is updated when a fix
lands. :meth:`GapTables.unchecked_gaps` finds a gap under an aspect no test checks (a misspelt
aspect would mark nothing xfail).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

__all__ = ["Row", "row", "GapTables"]


@dataclass(frozen=True)
class Row:
    id: str
    values: tuple
    gaps: dict[str, str] = field(default_factory=dict)
    """aspect -> why today's code does not meet it yet (the row is xfail for that aspect)."""


def row(id_: str, *values, **gaps: str) -> Row:
    return Row(id_, values, gaps)


class GapTables:
    """The tables of one test module and the aspects its tests check of each."""

    def __init__(self) -> None:
        self.checked: dict[int, set[str]] = {}
        """id of a table -> the aspects that tests check of its rows."""

    def cases(self, rows: list[Row], aspect: str = "gap") -> list:
        """The rows as pytest params for one aspect: xfail(strict) where that aspect is a known gap."""
        self.checked.setdefault(id(rows), set()).add(aspect)
        return [pytest.param(*r.values, id=r.id,
                             marks=[pytest.mark.xfail(strict=True, reason=r.gaps[aspect])] if aspect in r.gaps else [])
                for r in rows]

    def assert_every_gap_checked(self, namespace: dict) -> None:
        """Every table of the module's ``namespace`` is checked by a test, and each of its rows' gaps
        names an aspect that a test checks."""
        tables = {name: rows for name, rows in namespace.items()
                  if isinstance(rows, list) and rows and all(isinstance(r, Row) for r in rows)}
        assert set(map(id, tables.values())) == set(self.checked)
        for name, rows in tables.items():
            for r in rows:
                assert set(r.gaps) <= self.checked[id(rows)], (name, r.id, set(r.gaps) - self.checked[id(rows)])
