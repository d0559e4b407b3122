"""``kg build``: articles in; ``graph.<format>`` and ``graph.html`` out, or a store."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import List, Optional

import typer

from ..defaults import COPY_THRESHOLD, DEFAULT_BASE, FETCH_DELAY, FETCH_TIMEOUT, RDF_OUTPUT_FORMATS
from ..errors import KGError, NothingRead
from ._util import (EXIT_INTERRUPTED, EXIT_OK, EXIT_SKIPPED, NON_ENGLISH_HELP, NonEnglish, app, check_inputs,
                    err, fail, report_problem)


@app.command("build")
def build_cli(
    inputs: List[str] = typer.Argument(..., help="Files (.txt, .html, .jsonl, .jsonl.gz, feeds: .xml, .rss, .atom, "
                                                 "tables: .csv, .tsv, .parquet), folders, http(s) URLs of a feed, "
                                                 "page or table, or - for stdin."),
    outdir: Path = typer.Option(Path("output"), "-o", "--outdir", help="Folder for graph.<format> and graph.html."),
    formats: Optional[str] = typer.Option(None, "--format",
                                          help=f"Comma-separated RDF formats to write: {', '.join(RDF_OUTPUT_FORMATS)} "
                                               "(default ttl; on a Dask cluster, N-Quads shards and these files "
                                               "only if asked for)."),
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
    no_html: bool = typer.Option(False, "--no-html", help="Do not write OUTDIR/graph.html."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar (it is off anyway when stderr is "
                                                             "not a terminal)."),
    fetch: bool = typer.Option(False, "--fetch", help="Read the page each feed item links to (its main text), "
                                                      "not the item's summary."),
    fetch_delay: float = typer.Option(FETCH_DELAY, "--fetch-delay", min=0,
                                      help="Seconds between two requests to the same host."),
    fetch_timeout: float = typer.Option(FETCH_TIMEOUT, "--fetch-timeout", min=0.1,
                                        help="Seconds a request may take in all."),
    http_cache: Optional[Path] = typer.Option(None, "--http-cache",
                                              help="Folder of the HTTP cache (default: $KG_CACHE_DIR, else "
                                                   "~/.cache/kg/http)."),
    no_http_cache: bool = typer.Option(False, "--no-http-cache", help="Neither use nor fill the HTTP cache."),
    text_column: str = typer.Option("text", "--text-column", help="Tables: the column holding the article text."),
    id_column: str = typer.Option("id", "--id-column", help="Tables: the column holding the article id."),
    title_column: str = typer.Option("title", "--title-column", help="Tables: the column holding the title."),
    date_column: str = typer.Option("date", "--date-column", help="Tables: the column holding the date."),
    url_column: str = typer.Option("url", "--url-column", help="Tables: the column holding the URL."),
    source_column: str = typer.Option("source", "--source-column", help="Tables: the column holding the source."),
    author_column: str = typer.Option("author", "--author-column", help="Tables: the column holding the author."),
    copy_threshold: float = typer.Option(COPY_THRESHOLD, "--copy-threshold",
                                         help="Similarity (0.5 to 1) at or above which an article is a syndicated "
                                              "copy of one read before it; 1 finds only copies of the same text."),
    no_copies: bool = typer.Option(False, "--no-copies", help="Do not look for syndicated copies."),
) -> None:
    """Build the knowledge graph of INPUT... and write OUTDIR/graph.ttl (and the other --format files)
    and OUTDIR/graph.html, or add it to the store given by --store."""
    check_inputs(inputs)
    from ..ingest import HttpOptions
    from ..pipeline import build_to
    from ..pipeline.memory import limit_malloc_arenas
    from .progress import BuildProgress, count_articles

    limit_malloc_arenas()  # before the store starts its threads

    try:
        show = not quiet and err.is_terminal
        columns = {field: name for field, name in (("text", text_column), ("id", id_column), ("title", title_column),
                                                   ("date", date_column), ("url", url_column),
                                                   ("source", source_column), ("author", author_column))
                   if name != field}
        http = HttpOptions(delay=fetch_delay, timeout=fetch_timeout,
                           cache=False if no_http_cache else (http_cache if http_cache is not None else True))
        cluster = engine == "dask" or bool(scheduler)
        # On a cluster the workers count the articles: the client does not read the input.
        with BuildProgress(None if cluster else count_articles(inputs)) if show else nullcontext() as bar:
            report = build_to(inputs, outdir, formats=formats, store=store, html=not no_html, model=model, base=base,
                              jobs=jobs,
                              engine=engine, scheduler=scheduler, non_english=non_english.value,
                              on_problem=report_problem, progress=bar, columns=columns, fetch=fetch, http=http,
                              copies=None if no_copies else copy_threshold)
    except NothingRead as exc:
        raise fail(str(exc), EXIT_SKIPPED)
    except KGError as exc:
        raise fail(str(exc))
    except KeyboardInterrupt:
        from ..errors import Errors
        raise fail(Errors.E308, EXIT_INTERRUPTED)
    s = report.summary
    if s.resumed:
        err.print(f"resumed an interrupted build: {s.resumed} articles were already read", markup=False)
    kind = "quads" if store else (f"quads in {s.shards} shards" if s.shards else "triples")
    err.print(f"{s.articles} articles, {s.sentences} sentences, {s.entities} entities, {s.triples} triples "
              f"({s.statements} statements, {s.rdf_triples} RDF {kind}) in {s.seconds:.1f}s", markup=False)
    if s.copies:
        err.print(f"{s.copies} of them syndicated copies of another article: linked to it, not read again",
                  markup=False)
    if s.skipped:
        err.print(f"{s.skipped} input(s) skipped, each reported above", markup=False)
    if report.store is not None:
        st = report.store
        err.print(f"store {store}: {st.added} articles added, {st.replaced} replaced, {st.unchanged} unchanged; "
                  f"{st.merged} entities merged, {st.removed} removed", markup=False)
    elif s.shards:
        files = [p for p in report.written if not p.name.endswith(".nq") or not p.name.startswith("graph-")]
        err.print(f"wrote {s.shards} N-Quads shards and {', '.join(str(p) for p in files)}", markup=False)
    else:
        err.print(f"wrote {', '.join(str(p) for p in report.written)}", markup=False)
    raise typer.Exit(EXIT_SKIPPED if s.skipped else EXIT_OK)
