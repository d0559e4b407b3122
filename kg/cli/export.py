"""``kg export``: the graph as a network file for Gephi, Cytoscape or D3."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..defaults import NETWORK_FORMAT_SUFFIXES
from ..errors import Errors
from ._util import EXIT_OK, app, err, fail, network_of


@app.command("export")
def export_cli(
    graph: Path = typer.Argument(..., help="A graph written by kg build (graph.ttl)."),
    fmt: str = typer.Option(..., "--format", "-f", help="graphml, gexf, json (node-link) or cyjs (Cytoscape.js)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="The file to write (default: GRAPH with the format's suffix; - for stdout)."),
) -> None:
    """Write GRAPH as a network, one edge per evidence statement, for Gephi, Cytoscape or D3."""
    if fmt not in NETWORK_FORMAT_SUFFIXES:
        raise fail(Errors.E012.format(fmt=fmt, choices=", ".join(NETWORK_FORMAT_SUFFIXES)))
    from ..export.networks import serialize_network, write_network
    g = network_of(graph)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(serialize_network(g, fmt))
        sys.stdout.flush()
        raise typer.Exit(EXIT_OK)
    target = output or graph.with_suffix(NETWORK_FORMAT_SUFFIXES[fmt])
    try:
        write_network(g, target, fmt)
    except OSError as exc:
        raise fail(Errors.E204.format(path=target, detail=exc.strerror or exc))
    err.print(f"wrote {target}: {g.number_of_nodes():,} entities, {g.number_of_edges():,} statements", markup=False)
    raise typer.Exit(EXIT_OK)
