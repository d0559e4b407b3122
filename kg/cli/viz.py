"""``kg viz``: the interactive HTML page of a graph, or of the part of it around one entity."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..defaults import DEFAULT_MAX_NODES
from ..errors import Errors, KGError, Warnings
from ._util import EXIT_OK, app, err, fail, network_of


def split_types(types: Optional[str]) -> list[str] | None:
    return [t for t in types.split(",") if t.strip()] if types else None


@app.command("viz")
def viz_cli(
    graph: Path = typer.Argument(..., help="A graph written by kg build (graph.ttl)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="The HTML file to write (default: GRAPH with the suffix .html)."),
    focus: Optional[str] = typer.Option(None, "--focus", help="Show only the entities around this one (name or alias)."),
    hops: int = typer.Option(1, "--hops", min=0, help="How far from --focus to go, in relations."),
    types: Optional[str] = typer.Option(None, "--types", help="Comma-separated entity types to keep, e.g. Person,Organization."),
    max_nodes: int = typer.Option(DEFAULT_MAX_NODES, "--max-nodes", min=0,
                                  help="Keep at most N entities, those with the highest PageRank (0: no limit)."),
    since: Optional[str] = typer.Option(None, "--since",
                                        help="Only articles dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until",
                                        help="Only articles dated on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    article: Optional[list[str]] = typer.Option(None, "--article",
                                                help="Only this article (its id or IRI); repeat for several."),
    title: Optional[str] = typer.Option(None, "--title", help="The page heading."),
) -> None:
    """Write an interactive HTML network of GRAPH: one self-contained file that works offline."""
    from ..export import write_atomic
    from ..viz.html import render_page
    g = network_of(graph)
    try:
        if focus is None and hops != 1:
            err.print(f"warning: {Warnings.W201}", markup=False)
        heading = title or (f"kg: {focus}" if focus else f"kg: {graph.name}")
        page, data = render_page(g, heading=heading, focus=focus, hops=hops, types=split_types(types),
                                 max_nodes=max_nodes or None, since=since, until=until, articles=article)
    except KGError as exc:
        raise fail(str(exc))
    target = output or graph.with_suffix(".html")
    try:
        write_atomic(target, page.encode("utf-8"))
    except OSError as exc:
        raise fail(Errors.E204.format(path=target, detail=exc.strerror or exc))
    for note in data["notes"]:
        err.print(note, markup=False)
    err.print(f"wrote {target}: {len(data['nodes']):,} entities, {len(data['edges']):,} relations", markup=False)
    raise typer.Exit(EXIT_OK)
