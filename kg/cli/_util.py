"""Shared pieces of the command-line interface."""

from __future__ import annotations

import logging
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Iterable

import typer
from rich.console import Console

from ..errors import Errors, KGError, Warnings, printable

__all__ = ["app", "err", "out", "EXIT_OK", "EXIT_SKIPPED", "EXIT_USAGE", "EXIT_INTERRUPTED", "fail",
           "check_inputs", "report_problem", "NonEnglish", "NON_ENGLISH_HELP"]

# 0: every input was read; 1: some inputs (files or JSONL lines) were skipped, each reported;
# 2: usage error, nothing done; 130: interrupted (Ctrl-C), as shells report SIGINT.
EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class NonEnglish(str, Enum):
    skip = "skip"
    process = "process"


NON_ENGLISH_HELP = ("What to do with an article that looks non-English: skip it (default) or process it "
                    "with the English pipeline. Either way it is reported.")

app = typer.Typer(
    name="kg",
    help="Knowledge graphs from news text: extract triples with spaCy, write RDF with evidence, "
         "query it with SPARQL and browse it as an interactive HTML network.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
out = Console(highlight=False, soft_wrap=True, emoji=False)


def _print_version(value: bool) -> None:
    if value:
        from .. import DISTRIBUTION, __version__
        typer.echo(f"{DISTRIBUTION} {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                       help="Print kg's version and exit.")) -> None:
    """Knowledge graphs from news text: extract triples with spaCy, write RDF with evidence,
    query it with SPARQL and browse it as an interactive HTML network."""
    # rdflib logs a traceback for each ill-typed literal of a graph it is given ("2004-13-45" as
    # an xsd:date), which reads as a crash; it keeps the literal as written, and kg validate
    # reports it against the shapes.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)


def fail(message: str, code: int = EXIT_USAGE) -> "typer.Exit":
    err.print(printable(message), markup=False)
    return typer.Exit(code)


def check_inputs(inputs: Iterable[str]) -> None:
    """A path that does not exist is a usage error: stop before doing any work."""
    for raw in inputs:
        # A link that loops or dangles is there, but unreadable: the build reports it and goes on.
        if raw != "-" and not os.path.lexists(raw) and not _is_url(raw):
            raise fail(Errors.E001.format(path=raw))


def _is_url(value: str) -> bool:
    """An http(s) URL input, or one that fsspec opens (``s3://``, ``file://`` ...): the tests of
    :func:`kg.ingest.is_url` and :func:`kg.ingest.parts.is_fsspec_url`, without importing ingest."""
    value = value.strip()
    return "://" in value and value.split("://", 1)[0].replace("+", "").replace(".", "").replace("-", "").isalnum() \
        and not any(c.isspace() for c in value)


def network_of(graph: Path):
    """GRAPH as kg's networkx multigraph (:func:`kg.read_network`), warning when it has no entity.
    A graph that cannot be read is a usage error."""
    from ..analytics import read_network
    try:
        g = read_network(graph)
    except KGError as exc:
        raise fail(str(exc))
    if g.number_of_nodes() == 0:
        err.print(f"warning: {Warnings.W200.format(path=graph)}", markup=False)
    return g


def report_problem(problem) -> None:
    """Print a :class:`kg.ingest.Problem` as ``error:`` or ``warning:`` on stderr."""
    prefix = "error" if problem.severity == "error" else "warning"
    err.print(f"{prefix}: {printable(problem.message)}", markup=False)


def stdin_is_tty() -> bool:
    return sys.stdin.isatty()
