"""The ``kg`` command: a thin typer wrapper over :mod:`kg.build`, :mod:`kg.query`, :mod:`kg.analytics`,
the viewer and the exporters."""

from __future__ import annotations

from . import build, export, extract, push, query, serve, stats, validate, viz  # noqa: F401  (each module registers its command)
from ._util import app

__all__ = ["app", "main"]


def main() -> None:
    app()
