"""``kg query``: SPARQL over a graph file or a store."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import Errors, KGError
from ._util import app, fail, out

FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("ttl", "nt", "jsonld", "rdfxml")


@app.command("query")
def query_cli(
    graph: Path = typer.Argument(..., help="A graph file (.ttl, .nt, .nq, .trig, .jsonld) or a store folder."),
    query: Optional[str] = typer.Argument(None, help="The SPARQL query text."),
    file: Optional[Path] = typer.Option(None, "-f", "--file", help="Read the query from FILE.rq."),
    fmt: str = typer.Option("table", "--format",
                            help="SELECT/ASK: table, csv, tsv, json (SPARQL 1.1 JSON results) or xml. "
                                 "CONSTRUCT/DESCRIBE print Turtle, or N-Triples with --format nt."),
) -> None:
    """Run a SPARQL query over GRAPH. Prefixes a kg graph binds (kg:, schema:, person: ...) are predeclared;
    the default graph is the union of all graphs."""
    if fmt not in FORMATS and fmt not in GRAPH_FORMATS:
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
    import pyoxigraph as ox
    from rich.table import Table
    from rich.text import Text

    from ..read.load import kg_prefixes, open_graph
    from ..read.sparql import RESULT_FORMATS, display, execute, serialize_result
    try:
        store = open_graph(graph)
        prefixes = kg_prefixes(store)
        result = execute(store, query, prefixes=prefixes)
        if isinstance(result, ox.QueryTriples):
            data, _ = serialize_result(result, fmt if fmt in GRAPH_FORMATS else "ttl", prefixes=prefixes)
        elif fmt not in FORMATS:
            raise KGError(Errors.E012.format(fmt=fmt, choices=", ".join(FORMATS)))
        elif fmt in RESULT_FORMATS:
            data, _ = serialize_result(result, fmt)
        elif isinstance(result, ox.QueryBoolean):
            data = (str(bool(result)).lower() + "\n").encode()
        else:
            table = Table(*[v.value for v in result.variables], show_lines=False)
            for row in result:
                table.add_row(*[Text(display(value, prefixes)) for value in row])  # data, not markup
            out.print(table)
            return
    except KGError as exc:
        raise fail(str(exc))
    typer.echo(data.decode("utf-8"), nl=False)
