"""The whole pipeline as importable functions: ingest -> nlp -> extract -> resolve -> rdf.

:func:`build` returns an rdflib graph (or fills a sink) and a summary; :func:`extract` streams
the raw extractions. Besides reading inputs, only the build's work folder of pending results
(:mod:`kg.pipeline.spool`) touches the filesystem; :func:`kg.pipeline.build_to` writes the
outputs.

>>> result = build(["Elon Musk has threatened to sue Microsoft."])
>>> result.summary.articles, result.summary.triples
(1, 1)
"""

from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, Iterator, Mapping, Protocol

from rdflib import Graph
from spacy.language import Language

from ..defaults import COPY_THRESHOLD
from ..errors import Errors, KGError
from ..ingest import CopyIndex, HttpOptions, Problem, iter_articles
from ..model import Article, ArticleMeta, ArticleResult, Entity, Extraction
from ..nlp import load_pipeline, parse_articles
from ..extract.predicates import clear_caches as clear_predicate_caches
from ..ontology import Ontology, load_ontology
from ..rdf.deferred import DeferredMemory
from ..rdf.iri import DEFAULT_BASE, EntityNames, Minter
from ..rdf.writer import GraphWriter, new_graph
from ..resolve.corpus import EntityMerger, Resolution
from ..resolve.names import clear_caches as clear_name_caches
from .article import read_article
from .ids import unique_articles
from .memory import collection_paused, merged, return_freed_memory
from .base import BuildSummary, Inputs, as_inputs
from .parallel import failed, make_engine
from .spool import ResultSpool

__all__ = ["BuildSummary", "BuildResult", "GraphSink", "Inputs", "build", "extract", "unique_articles",
           "read_results", "as_inputs"]

ProblemHandler = Callable[[Problem], None]


class GraphSink(Protocol):
    """Where the RDF goes instead of an in-memory graph (e.g. :class:`kg.rdf.store.StoreWriter`).

    It consumes the per-article results once the corpus-wide entities are known, then writes
    the entities and vocabulary; it returns how many triples (quads) it now holds, and counts
    the statements it wrote in ``statements`` (``asserted`` of them also as plain triples).
    """

    statements: int
    asserted: int

    def holds(self, article_iri: str) -> bool:
        """Whether the sink already holds the article ``article_iri``."""
        ...

    def known_entities(self, rewritten: Collection[str] = ()) -> Iterable[Entity]:
        """Entities the sink already holds that take part in merging this build's entities: those
        of its articles that are not among ``rewritten`` (the IRIs of this build's articles that it
        holds already)."""
        ...

    def write(self, results: Iterable[ArticleResult], resolution: Resolution, minter: Minter,
              ontology: Ontology) -> int:
        ...


@dataclass
class BuildResult:
    graph: Graph
    summary: BuildSummary
    problems: list[Problem] = field(default_factory=list)


def read_results(articles: Iterable[Article], nlp: Language, ontology: Ontology, *, n_process: int = 1,
                 keep_extractions: bool = False, on_problem: ProblemHandler | None = None) -> Iterator[ArticleResult]:
    """One result per article. With ``on_problem``, an article that makes kg fail is reported
    (as a kg bug, E305) and skipped, so that one article cannot stop a build."""
    for article, paragraphs in parse_articles(nlp, articles, n_process=n_process):
        try:
            result = read_article(article, paragraphs, ontology, keep_extractions=keep_extractions)
        except Exception as exc:
            if on_problem is None:
                raise
            on_problem(failed(article, exc))
            continue
        yield result


ProgressHandler = Callable[[ArticleResult, int], None]


def build(inputs: Inputs, *, model: str | None = None, nlp: Language | None = None,
          base: str = DEFAULT_BASE, jobs: int = 1, engine: str = "local", scheduler: str | None = None,
          on_problem: ProblemHandler | None = None, sink: GraphSink | None = None,
          workdir: str | os.PathLike | None = None, progress: ProgressHandler | None = None,
          non_english: str = "skip", columns: Mapping[str, str] | None = None, fetch: bool = False,
          http: HttpOptions | None = None, copies: float | None = COPY_THRESHOLD,
          copy_index: str | os.PathLike | None = None) -> BuildResult:
    """Build the knowledge graph of ``inputs``: files, folders, '-' (stdin), texts or
    :class:`~kg.model.Article` records, one or an iterable of them (see :func:`as_inputs`).

    Articles are read by ``jobs`` processes (``engine="dask"`` or a ``scheduler`` address: by a
    Dask cluster, :mod:`kg.pipeline.cluster`, whose workers read the input files themselves and
    write the RDF, which is read back into ``result.graph`` here; ``workdir`` must then be on
    storage the workers reach); the result is the same for any number of processes. Results wait on disk in
    ``workdir`` (a temporary folder if None) until every article is read, so memory does not
    grow with the corpus; a build interrupted with a ``workdir`` resumes where it stopped when
    called again with the same ``workdir``, and the folder is removed once the build is done.
    With a ``sink`` the RDF goes there and ``result.graph`` stays empty. ``progress`` is called
    with each result and its article's word count (on a cluster: with each part's
    :class:`~kg.pipeline.cluster.PartReport`, whose ``articles`` says how many articles it holds). ``non_english``: ``"skip"`` articles that look
    non-English (with a warning) or ``"process"`` them.

    ``columns`` renames the columns of CSV, TSV and Parquet files and data frames
    (``{"text": "body"}``); with ``fetch`` the page each feed item links to is read instead of
    its summary, fetched as ``http`` says (:class:`kg.ingest.HttpOptions`). ``copies`` is the
    similarity at or above which an article is a syndicated copy of one read before it (None:
    no copies are looked for); a copy is linked to its original and not read again.
    ``copy_index`` is the file that keeps the signatures across builds (a store's).
    """
    if jobs < 1:
        raise KGError(Errors.E017.format(jobs=jobs))
    if engine not in ("local", "dask"):
        raise KGError(Errors.E018.format(engine=engine))
    inputs = as_inputs(inputs)
    if engine == "dask" or scheduler:
        return _on_cluster(list(inputs), model=model, base=base, jobs=jobs, scheduler=scheduler,
                           on_problem=on_problem, sink=sink, workdir=workdir, progress=progress,
                           non_english=non_english, columns=columns, fetch=fetch, http=http, copies=copies,
                           copy_index=copy_index)
    started = time.perf_counter()
    problems: list[Problem] = []

    def report(problem: Problem) -> None:
        problems.append(problem)
        if on_problem is not None:
            on_problem(problem)

    minter, ontology = Minter(base), load_ontology()
    summary = BuildSummary()
    merger = EntityMerger()
    spool = ResultSpool(workdir)
    rewritten: set[str] = set()
    index = None
    try:
        articles = unique_articles(iter_articles(inputs, non_english=non_english, columns=columns, fetch=fetch,
                                                 http=http), report)
        index = CopyIndex(copies, copy_index) if copies is not None else None
        if index is not None:
            articles = index.mark(articles)
        for result in _read(articles, spool, report, progress, summary,
                            make_engine(jobs, nlp=nlp, model=model)):
            merger.add(result.entities)
            if sink is not None:
                iri = str(minter.article(result.meta.id))
                if sink.holds(iri):  # only a stored article can be told apart: not all 19,043 IRIs
                    rewritten.add(iri)
        if nlp is None:
            # A pipeline the engine loaded is gone now: its memory goes before phase two's is
            # taken. (A full collection walks the whole heap: not for the caller's pipeline.)
            gc.collect()
        if sink is not None:
            # Only the stored articles this build leaves as they are vote with this build's: the
            # result does not depend on what the store held before of the same articles.
            merger.add(sink.known_entities(rewritten))
            rewritten.clear()
        resolution = merged(merger)
        del merger  # the name table: the resolution keeps what it needs
        # The RDF needs none of the reading's and the merge's caches, which grow with the corpus
        # up to their bounds: phase two reuses their memory instead of adding to it.
        clear_name_caches()
        clear_predicate_caches()
        if nlp is None:
            return_freed_memory()  # the pipeline's and the name table's, before the RDF's
        graph = _write(spool, resolution, minter, ontology, sink, summary)
        if index is not None:
            index.save()
    except BaseException:
        if spool.temporary:
            spool.close()  # nothing to resume from without a work folder of one's own
        raise
    finally:
        if index is not None:
            index.close()
    spool.close()
    summary.entities = len(resolution)
    summary.problems = sum(1 for p in problems if p.severity == "error")
    summary.skipped = sum(1 for p in problems if p.skipped)
    summary.seconds = time.perf_counter() - started
    return BuildResult(graph, summary, problems)


def _on_cluster(inputs: list, *, sink: GraphSink | None, workdir: str | os.PathLike | None, base: str,
                copies: float | None, copy_index: str | os.PathLike | None, on_problem: ProblemHandler | None,
                **options) -> BuildResult:
    """:func:`build` on a Dask cluster: the workers write shards into ``workdir``, read back here;
    or, with a ``sink``, the workers' results are written into it here."""
    import shutil
    import tempfile
    from pathlib import Path

    from ..read.load import load_shards, to_rdflib
    from .cluster import build_on_cluster
    problems: list[Problem] = []

    def report(problem: Problem) -> None:
        problems.append(problem)
        if on_problem is not None:
            on_problem(problem)

    folder = Path(tempfile.mkdtemp(prefix="kg-cluster-")) if workdir is None else Path(workdir)
    index = CopyIndex(copies, copy_index) if copies is not None and copy_index is not None else None
    minter = Minter(base)
    try:
        built = build_on_cluster(inputs, work=folder / "work", out=folder / "out", base=base, copies=copies,
                                 copy_index=index, shards=sink is None, ids=sink is not None, on_problem=report,
                                 **options)
        summary = BuildSummary(articles=built.articles, sentences=built.sentences, entities=built.entities,
                               triples=built.asserted, statements=built.statements, resumed=built.resumed,
                               copies=built.copies, shards=len(built.shards))
        graph = new_graph(minter, load_ontology())
        if sink is not None:
            merger = built.names
            merger.add(sink.known_entities({str(minter.article(i)) for i in built.ids}))
            resolution = merged(merger)
            summary.entities = len(resolution)
            summary.rdf_triples = sink.write(_stored(built.folders), resolution, minter, load_ontology())
            summary.statements, summary.triples = sink.statements, sink.asserted
        elif built.shards:
            graph = to_rdflib(load_shards([folder / "out" / name for name in built.shards]))
            summary.rdf_triples = len(graph)
        if index is not None:
            index.save()
    except BaseException:
        if workdir is None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        if index is not None:
            index.close()
    shutil.rmtree(folder, ignore_errors=True)
    summary.problems = sum(1 for p in problems if p.severity == "error")
    summary.skipped = sum(1 for p in problems if p.skipped)
    summary.seconds = built.seconds
    return BuildResult(graph, summary, problems)


def _stored(folders) -> Iterator[ArticleResult]:
    from .spool import stored
    for folder in folders:
        yield from stored(folder)


def _read(articles: Iterable[Article], spool: ResultSpool, report: ProblemHandler, progress: ProgressHandler | None,
          summary: BuildSummary, workers) -> Iterator[ArticleResult]:
    """Phase one: every article's result, spooled to disk. An article that an interrupted run had
    read exactly as it is now is not read again: its result comes from that run's shards, after
    the others. Nothing else of that run is used, so an edited or deleted article leaves no trace."""
    words: dict[str, int] = {}

    def todo() -> Iterator[Article]:
        for article in articles:
            if spool.reuse(article.meta):
                summary.resumed += 1
                continue
            if article.based_on is not None:  # a syndicated copy: linked, not read again
                copy = ArticleResult(article.meta, 0, (), ())
                spool.add(copy)
                summary.articles += 1
                summary.copies += 1
                if progress is not None:
                    progress(copy, 0)
                continue
            words[article.id] = len(article.text.split())
            yield article

    with workers:
        for outcome in workers.map(todo()):
            if isinstance(outcome, Problem):
                report(outcome)
                continue
            spool.add(outcome)
            summary.articles += 1
            summary.sentences += outcome.sentences
            count = words.pop(outcome.meta.id, 0)
            if progress is not None:
                progress(outcome, count)
            yield outcome
    spool.flush()
    for result in spool.resumed():
        summary.articles += 1
        summary.copies += result.meta.based_on is not None
        summary.sentences += result.sentences
        yield result


def _write(spool: ResultSpool, resolution: Resolution, minter: Minter, ontology: Ontology,
           sink: GraphSink | None, summary: BuildSummary) -> Graph:
    """Phase two: the RDF of every spooled result, into a graph or the sink. The graph waits
    as lines of N-Triples, which files are written from, and becomes rdflib terms only when it
    is read, and rdflib's index only when it is read as the HTML page does not read it
    (:class:`~kg.rdf.deferred.DeferredMemory`)."""
    if sink is not None:
        graph = new_graph(minter, ontology)
        summary.rdf_triples = sink.write(iter(spool), resolution, minter, ontology)
        summary.statements, summary.triples = sink.statements, sink.asserted
        return graph
    deferred = DeferredMemory()
    graph = new_graph(minter, ontology, deferred)
    writer = GraphWriter(EntityNames(resolution, minter), minter, ontology)
    with collection_paused():
        deferred.defer_lines(graph, writer.lines(spool))
    summary.rdf_triples = len(graph)
    summary.statements, summary.triples = writer.statements, writer.asserted
    return graph


def extract(inputs: Inputs, *, model: str | None = None, nlp: Language | None = None,
            lines: bool = False, n_process: int = 1, on_problem: ProblemHandler | None = None,
            non_english: str = "skip", columns: Mapping[str, str] | None = None, fetch: bool = False,
            http: HttpOptions | None = None) -> Iterator[tuple[ArticleMeta, Extraction, ArticleResult]]:
    """Stream every extraction with its article's metadata and the article result it came from.
    ``columns``, ``fetch`` and ``http`` are :func:`build`'s; copies are not looked for."""
    inputs = as_inputs(inputs)
    ontology = load_ontology()
    nlp = nlp or load_pipeline(model)
    report = on_problem or (lambda p: None)
    items = iter_articles(inputs, lines=lines, non_english=non_english, columns=columns, fetch=fetch, http=http)
    articles = unique_articles(items, report) if not lines else \
        (a for a in items if isinstance(a, Article) or report(a))
    for result in read_results(articles, nlp, ontology, n_process=n_process, keep_extractions=True,
                               on_problem=on_problem):
        for extraction in result.extractions:
            yield result.meta, extraction, result
