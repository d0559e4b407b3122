"""``kg build``: articles in; ``graph.<format>`` and ``graph.html`` out, or a store."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import List, Optional

import typer

from .. import __version__
from ..build import build
from ..nlp import default_model
from ..spool import work_key
from ..errors import KGError
from ..export.formats import FORMATS, parse_formats, write_formats
from ..iri import DEFAULT_BASE
from ..viz.html import write_html
from ._util import EXIT_OK, EXIT_SKIPPED, app, check_inputs, err, fail, report_problem
from .progress import BuildProgress, count_articles


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
    sink = None
    try:
        names = parse_formats(formats)
        if store is not None:
            from ..store import StoreWriter  # opening a store is only needed here
            sink = StoreWriter(store)
        # Interrupted builds resume from here; a store build keeps it beside the store.
        work_root = store.parent / f".{store.name}.kg-work" if store is not None else outdir / ".kg-work"
        workdir = None if "-" in inputs else work_root / work_key(
            __version__, model or default_model(), base, store or "", *sorted(str(Path(i).resolve()) for i in inputs))
        show = not quiet and err.is_terminal
        with BuildProgress(count_articles(inputs) if show else None) if show else nullcontext() as bar:
            result = build(inputs, model=model, base=base, jobs=jobs, engine=engine, scheduler=scheduler,
                           on_problem=report_problem, sink=sink, workdir=workdir, progress=bar)
    except KGError as exc:
        raise fail(str(exc))
    finally:
        if sink is not None:
            sink.close()
    if workdir is not None and workdir.parent.is_dir() and not any(workdir.parent.iterdir()):
        workdir.parent.rmdir()  # the finished build's own folder is gone already
    s = result.summary
    if s.resumed:
        err.print(f"resumed an interrupted build: {s.resumed} articles were already read", markup=False)
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
