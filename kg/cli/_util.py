"""Shared pieces of the command-line interface."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable

import typer
from rich.console import Console

from ..errors import Errors
from ..ingest import Problem

__all__ = ["app", "err", "out", "EXIT_OK", "EXIT_SKIPPED", "EXIT_USAGE", "fail", "check_inputs",
           "report_problem"]

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="kg",
    help="Knowledge graphs from news text: extract triples with spaCy, write RDF with evidence, "
         "query it with SPARQL and browse it as an interactive HTML network.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
out = Console(highlight=False, soft_wrap=True, emoji=False)


def fail(message: str, code: int = EXIT_USAGE) -> "typer.Exit":
    err.print(message, markup=False)
    return typer.Exit(code)


def check_inputs(inputs: Iterable[str]) -> None:
    """A path that does not exist is a usage error: stop before doing any work."""
    for raw in inputs:
        if raw != "-" and not Path(raw).exists():
            raise fail(Errors.E001.format(path=raw))


def report_problem(problem: Problem) -> None:
    prefix = "error" if problem.severity == "error" else "warning"
    err.print(f"{prefix}: {problem.message}", markup=False)


def stdin_is_tty() -> bool:
    return sys.stdin.isatty()
