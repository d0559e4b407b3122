"""``kg build``: articles in, ``graph.ttl`` and ``graph.html`` out."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..build import build
from ..errors import Errors, KGError
from ..export.turtle import write_turtle
from ..iri import DEFAULT_BASE
from ..viz.html import write_html
from ._util import (EXIT_INTERRUPTED, EXIT_OK, EXIT_SKIPPED, NON_ENGLISH_HELP, NonEnglish, app, check_inputs,
                    err, fail, report_problem)


@app.command("build")
def build_cli(
    inputs: List[str] = typer.Argument(..., help="Text or HTML files, folders (*.txt, *.html, *.jsonl, *.jsonl.gz) "
                                                 "or - for stdin."),
    outdir: Path = typer.Option(Path("output"), "-o", "--outdir", help="Folder for graph.ttl and graph.html."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline name or path."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI for articles, entities and statements."),
    non_english: NonEnglish = typer.Option(NonEnglish.skip, "--non-english", help=NON_ENGLISH_HELP),
) -> None:
    """Build the knowledge graph of INPUT... and write OUTDIR/graph.ttl and OUTDIR/graph.html."""
    check_inputs(inputs)
    if outdir.exists() and not outdir.is_dir():
        raise fail(Errors.E307.format(path=outdir, detail="it is a file, not a folder"))
    try:
        result = build(inputs, model=model, base=base, on_problem=report_problem, non_english=non_english.value)
        s = result.summary
        if s.articles == 0:
            raise fail(Errors.E306.format(outdir=outdir), EXIT_SKIPPED)
        # Each file is replaced atomically: a crash leaves the old file or the new one, never a part.
        ttl = write_turtle(result.graph, outdir / "graph.ttl")
        html = write_html(result.graph, outdir / "graph.html")
    except KGError as exc:
        raise fail(str(exc))
    except OSError as exc:
        raise fail(Errors.E307.format(path=exc.filename or outdir, detail=exc.strerror or exc))
    except KeyboardInterrupt:
        raise fail(Errors.E308, EXIT_INTERRUPTED)
    err.print(f"{s.articles} articles, {s.sentences} sentences, {s.entities} entities, {s.triples} triples "
              f"({s.statements} statements, {s.rdf_triples} RDF triples) in {s.seconds:.1f}s", markup=False)
    if s.skipped:
        err.print(f"{s.skipped} input(s) skipped, each reported above", markup=False)
    err.print(f"wrote {ttl} and {html}", markup=False)
    raise typer.Exit(EXIT_SKIPPED if s.skipped else EXIT_OK)
