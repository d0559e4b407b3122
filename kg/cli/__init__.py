"""The ``kg`` command: a thin typer wrapper over :mod:`kg.build`, :mod:`kg.query` and the exporters."""

from __future__ import annotations

from . import build, extract, push, query, serve, validate  # noqa: F401  (each module registers its command)
from ._util import app

__all__ = ["app", "main"]


def main() -> None:
    app()
