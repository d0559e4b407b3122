"""``kg export``: the graph as a network file for Gephi, Cytoscape or D3."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..analytics import to_networkx
from ..errors import Errors, KGError, Warnings
from ..export.networks import NETWORK_FORMATS, SUFFIXES, serialize_network, write_network
from ..sources import load_source
from ._util import EXIT_OK, app, err, fail


@app.command("export")
def export_cli(
    graph: Path = typer.Argument(..., help="A graph written by kg build (graph.ttl)."),
    fmt: str = typer.Option(..., "--format", "-f", help="graphml, gexf, json (node-link) or cyjs (Cytoscape.js)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="The file to write (default: GRAPH with the format's suffix; - for stdout)."),
) -> None:
    """Write GRAPH as a network, one edge per evidence statement, for Gephi, Cytoscape or D3."""
    if fmt not in NETWORK_FORMATS:
        raise fail(Errors.E012.format(fmt=fmt, choices=", ".join(NETWORK_FORMATS)))
    try:
        g = to_networkx(load_source(graph))
    except KGError as exc:
        raise fail(str(exc))
    if g.number_of_nodes() == 0:
        err.print(f"warning: {Warnings.W200.format(path=graph)}", markup=False)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(serialize_network(g, fmt))
        sys.stdout.flush()
        raise typer.Exit(EXIT_OK)
    target = output or graph.with_suffix(SUFFIXES[fmt])
    try:
        write_network(g, target, fmt)
    except OSError as exc:
        raise fail(Errors.E204.format(path=target, detail=exc.strerror or exc))
    err.print(f"wrote {target}: {g.number_of_nodes():,} entities, {g.number_of_edges():,} statements", markup=False)
    raise typer.Exit(EXIT_OK)
