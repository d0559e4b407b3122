"""``kg query``: SPARQL over a Turtle file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from ..errors import Errors, KGError
from ..query import load_graph, run_query
from ._util import app, fail, out

FORMATS = ("table", "csv", "json")


@app.command("query")
def query_cli(
    graph: Path = typer.Argument(..., help="A Turtle file written by kg build."),
    query: Optional[str] = typer.Argument(None, help="The SPARQL query text."),
    file: Optional[Path] = typer.Option(None, "-f", "--file", help="Read the query from FILE.rq."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json (SPARQL 1.1 JSON results)."),
) -> None:
    """Run a SPARQL query over GRAPH. Prefixes bound in the graph (kg:, schema:, person: ...) are predeclared."""
    if fmt not in FORMATS:
        raise fail(Errors.E012.format(fmt=fmt, choices=", ".join(FORMATS)))
    if file is not None:
        if not file.exists():
            raise fail(Errors.E001.format(path=file))
        try:
            query = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(Errors.E007.format(path=file, detail=getattr(exc, "strerror", None) or exc))
    if not query:
        raise fail(Errors.E009)
    try:
        result = run_query(load_graph(graph), query)
    except KGError as exc:
        raise fail(str(exc))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        typer.echo(result.serialize(format="turtle").decode("utf-8"), nl=False)
    elif result.type == "ASK":
        typer.echo(json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) if fmt == "json"
                   else str(bool(result.askAnswer)).lower())
    elif fmt == "csv":
        typer.echo(result.serialize(format="csv").decode("utf-8"), nl=False)
    elif fmt == "json":
        typer.echo(result.serialize(format="json").decode("utf-8"))
    else:
        table = Table(*[str(v) for v in result.vars], show_lines=False)
        for row in result:
            table.add_row(*["" if value is None else str(value) for value in row])
        out.print(table)
