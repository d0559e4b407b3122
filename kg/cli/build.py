"""``kg build``: articles in, ``graph.ttl`` and ``graph.html`` out."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..build import build
from ..errors import KGError
from ..export.turtle import write_turtle
from ..iri import DEFAULT_BASE
from ..viz.html import write_html
from ._util import EXIT_OK, EXIT_SKIPPED, app, check_inputs, err, fail, report_problem


@app.command("build")
def build_cli(
    inputs: List[str] = typer.Argument(..., help="Text files, folders (*.txt, *.jsonl, *.jsonl.gz) or - for stdin."),
    outdir: Path = typer.Option(Path("output"), "-o", "--outdir", help="Folder for graph.ttl and graph.html."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline name or path."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI for articles, entities and statements."),
) -> None:
    """Build the knowledge graph of INPUT... and write OUTDIR/graph.ttl and OUTDIR/graph.html."""
    check_inputs(inputs)
    try:
        result = build(inputs, model=model, base=base, on_problem=report_problem)
    except KGError as exc:
        raise fail(str(exc))
    ttl = write_turtle(result.graph, outdir / "graph.ttl")
    html = write_html(result.graph, outdir / "graph.html")
    s = result.summary
    err.print(f"{s.articles} articles, {s.sentences} sentences, {s.entities} entities, {s.triples} triples "
              f"({s.statements} statements, {s.rdf_triples} RDF triples) in {s.seconds:.1f}s", markup=False)
    err.print(f"wrote {ttl} and {html}", markup=False)
    raise typer.Exit(EXIT_SKIPPED if s.problems else EXIT_OK)
