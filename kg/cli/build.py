"""``kg build``: articles in; ``graph.<format>`` and ``graph.html`` out, or a store."""

from __future__ import annotations

import os
from contextlib import nullcontext
from pathlib import Path
from typing import List, Optional

import typer

from .. import __version__
from ..build import build
from ..errors import Errors, KGError
from ..export.formats import FORMATS, parse_formats, write_formats
from ..iri import DEFAULT_BASE
from ..nlp import default_model
from ..spool import work_key
from ..viz.html import write_html
from ._util import (EXIT_INTERRUPTED, EXIT_OK, EXIT_SKIPPED, NON_ENGLISH_HELP, NonEnglish, app, check_inputs,
                    err, fail, report_problem)
from .progress import BuildProgress, count_articles


def _workdir(inputs: List[str], outdir: Path, store: Optional[Path], model: Optional[str], base: str) -> Optional[Path]:
    """Where an interrupted build of these arguments resumes from: in OUTDIR, or beside the store."""
    if "-" in inputs:
        return None  # stdin cannot be read twice
    root = store.parent / f".{store.name}.kg-work" if store is not None else outdir / ".kg-work"
    return root / work_key(__version__, model or default_model(), base, store or "",
                           *sorted(os.path.abspath(i) for i in inputs))  # not resolve(): a link may loop


@app.command("build")
def build_cli(
    inputs: List[str] = typer.Argument(..., help="Text or HTML files, folders (*.txt, *.html, *.jsonl, *.jsonl.gz) "
                                                 "or - for stdin."),
    outdir: Path = typer.Option(Path("output"), "-o", "--outdir", help="Folder for graph.<format> and graph.html."),
    formats: str = typer.Option("ttl", "--format",
                                help=f"Comma-separated RDF formats to write: {', '.join(FORMATS)}."),
    store: Optional[Path] = typer.Option(None, "--store",
                                         help="Write into this Oxigraph store folder (created if new) "
                                              "instead of OUTDIR; builds add to it."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline name or path."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI for articles, entities and statements."),
    non_english: NonEnglish = typer.Option(NonEnglish.skip, "--non-english", help=NON_ENGLISH_HELP),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes reading articles (results are identical)."),
    engine: str = typer.Option("local", "--engine", help="local (processes on this machine) or dask (a LocalCluster "
                                                         "of --jobs workers)."),
    scheduler: Optional[str] = typer.Option(None, "--dask-scheduler",
                                            help="Read articles on this Dask cluster (tcp://HOST:8786)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar (it is off anyway when stderr is "
                                                             "not a terminal)."),
) -> None:
    """Build the knowledge graph of INPUT... and write OUTDIR/graph.ttl (and the other --format files)
    and OUTDIR/graph.html, or add it to the store given by --store."""
    check_inputs(inputs)
    if store is None and outdir.exists() and not outdir.is_dir():
        raise fail(Errors.E307.format(path=outdir, detail="it is a file, not a folder"))
    sink = None
    try:
        names = parse_formats(formats)
        if store is not None:
            from ..store import StoreWriter  # opening a store is only needed here
            sink = StoreWriter(store)
        workdir = _workdir(inputs, outdir, store, model, base)
        show = not quiet and err.is_terminal
        with BuildProgress(count_articles(inputs)) if show else nullcontext() as bar:
            result = build(inputs, model=model, base=base, jobs=jobs, engine=engine, scheduler=scheduler,
                           on_problem=report_problem, sink=sink, workdir=workdir, progress=bar,
                           non_english=non_english.value)
        if workdir is not None and workdir.parent.is_dir() and not any(workdir.parent.iterdir()):
            workdir.parent.rmdir()  # the finished build's own folder is gone already
        s = result.summary
        if s.articles == 0:
            raise fail(Errors.E306.format(outdir=store or outdir), EXIT_SKIPPED)
        if sink is None:
            # Each file is replaced atomically: a crash leaves the old file or the new one, never a part.
            written = [*write_formats(result.graph, outdir, names), write_html(result.graph, outdir / "graph.html")]
    except KGError as exc:
        raise fail(str(exc))
    except OSError as exc:
        raise fail(Errors.E307.format(path=exc.filename or outdir, detail=exc.strerror or exc))
    except KeyboardInterrupt:
        raise fail(Errors.E308, EXIT_INTERRUPTED)
    finally:
        if sink is not None:
            sink.close()
    if s.resumed:
        err.print(f"resumed an interrupted build: {s.resumed} articles were already read", markup=False)
    err.print(f"{s.articles} articles, {s.sentences} sentences, {s.entities} entities, {s.triples} triples "
              f"({s.statements} statements, {s.rdf_triples} RDF {'quads' if sink else 'triples'}) "
              f"in {s.seconds:.1f}s", markup=False)
    if s.skipped:
        err.print(f"{s.skipped} input(s) skipped, each reported above", markup=False)
    if sink is not None:
        st = sink.stats
        err.print(f"store {store}: {st.added} articles added, {st.replaced} replaced, {st.unchanged} unchanged; "
                  f"{st.merged} entities merged, {st.removed} removed", markup=False)
    else:
        err.print(f"wrote {', '.join(str(p) for p in written)}", markup=False)
    raise typer.Exit(EXIT_SKIPPED if s.skipped else EXIT_OK)
