"""``kg build``: articles in; ``graph.<format>`` and ``graph.html`` out, or a store."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..build import build
from ..errors import KGError
from ..export.formats import FORMATS, parse_formats, write_formats
from ..iri import DEFAULT_BASE
from ..viz.html import write_html
from ._util import EXIT_OK, EXIT_SKIPPED, app, check_inputs, err, fail, report_problem


@app.command("build")
def build_cli(
    inputs: List[str] = typer.Argument(..., help="Text files, folders (*.txt, *.jsonl, *.jsonl.gz) or - for stdin."),
    outdir: Path = typer.Option(Path("output"), "-o", "--outdir", help="Folder for graph.<format> and graph.html."),
    formats: str = typer.Option("ttl", "--format",
                                help=f"Comma-separated RDF formats to write: {', '.join(FORMATS)}."),
    store: Optional[Path] = typer.Option(None, "--store",
                                         help="Write into this Oxigraph store folder (created if new) "
                                              "instead of OUTDIR; builds add to it."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline name or path."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI for articles, entities and statements."),
) -> None:
    """Build the knowledge graph of INPUT... and write OUTDIR/graph.ttl (and the other --format files)
    and OUTDIR/graph.html, or add it to the store given by --store."""
    check_inputs(inputs)
    sink = None
    try:
        names = parse_formats(formats)
        if store is not None:
            from ..store import StoreWriter  # opening a store is only needed here
            sink = StoreWriter(store)
        result = build(inputs, model=model, base=base, on_problem=report_problem, sink=sink)
    except KGError as exc:
        raise fail(str(exc))
    finally:
        if sink is not None:
            sink.close()
    s = result.summary
    err.print(f"{s.articles} articles, {s.sentences} sentences, {s.entities} entities, {s.triples} triples "
              f"({s.statements} statements, {s.rdf_triples} RDF {'quads' if sink else 'triples'}) "
              f"in {s.seconds:.1f}s", markup=False)
    if sink is not None:
        st = sink.stats
        err.print(f"store {store}: {st.added} articles added, {st.replaced} replaced, {st.unchanged} unchanged; "
                  f"{st.merged} entities merged, {st.removed} removed", markup=False)
    else:
        written = write_formats(result.graph, outdir, names)
        html = write_html(result.graph, outdir / "graph.html")
        err.print(f"wrote {', '.join(str(p) for p in written)} and {html}", markup=False)
    raise typer.Exit(EXIT_SKIPPED if s.problems else EXIT_OK)
