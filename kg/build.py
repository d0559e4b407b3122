"""The whole pipeline as importable functions: ingest -> nlp -> extract -> resolve -> graph.

:func:`build` returns an rdflib graph and a summary; :func:`extract` streams the raw
extractions. Neither touches the filesystem except to read inputs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator, Protocol

from rdflib import Graph
from spacy.language import Language

from .article import read_article
from .graph import build_graph, new_graph
from .ingest import Problem, iter_articles
from .iri import DEFAULT_BASE, Minter
from .model import Article, ArticleResult, Entity, Extraction
from .nlp import load_pipeline, parse_articles
from .ontology import Ontology, load_ontology
from .resolve.corpus import EntityMerger, Resolution

__all__ = ["BuildSummary", "BuildResult", "GraphSink", "build", "extract", "unique_articles", "read_results"]

ProblemHandler = Callable[[Problem], None]


class GraphSink(Protocol):
    """Where the RDF goes instead of an in-memory graph (e.g. :class:`kg.store.StoreWriter`).

    It consumes the per-article results once the corpus-wide entities are known, then writes
    the entities and vocabulary; it returns how many triples (quads) it now holds.
    """

    def known_entities(self) -> Iterable[Entity]:
        """Entities the sink already holds; they take part in merging this build's entities."""
        ...

    def write(self, results: Iterable[ArticleResult], resolution: Resolution, minter: Minter,
              ontology: Ontology) -> int:
        ...


@dataclass
class BuildSummary:
    articles: int = 0
    sentences: int = 0
    entities: int = 0
    triples: int = 0
    statements: int = 0
    rdf_triples: int = 0
    problems: int = 0
    skipped: int = 0
    seconds: float = 0.0


@dataclass
class BuildResult:
    graph: Graph
    summary: BuildSummary
    problems: list[Problem] = field(default_factory=list)


def unique_articles(items: Iterable[Article | Problem], on_problem: ProblemHandler) -> Iterator[Article]:
    """Articles with unique ids: an exact repeat is dropped, a reused id gets a content suffix."""
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Problem):
            on_problem(item)
            continue
        previous = seen.get(item.id)
        if previous == item.meta.content_hash:
            continue
        if previous is not None:
            new_id = f"{item.id}-{item.meta.content_hash[:8]}"
            item = Article(replace(item.meta, id=new_id), item.text)
        seen[item.id] = item.meta.content_hash
        yield item


def read_results(articles: Iterable[Article], nlp: Language, ontology: Ontology, *, n_process: int = 1,
                 keep_extractions: bool = False) -> Iterator[ArticleResult]:
    for article, paragraphs in parse_articles(nlp, articles, n_process=n_process):
        yield read_article(article, paragraphs, ontology, keep_extractions=keep_extractions)


def build(inputs: Iterable[str], *, model: str | None = None, nlp: Language | None = None,
          base: str = DEFAULT_BASE, n_process: int = 1, on_problem: ProblemHandler | None = None,
          sink: GraphSink | None = None) -> BuildResult:
    """Build the knowledge graph of ``inputs`` (files, folders or '-').

    With a ``sink`` the RDF goes there and ``result.graph`` stays empty.
    """
    started = time.perf_counter()
    problems: list[Problem] = []

    def report(problem: Problem) -> None:
        problems.append(problem)
        if on_problem is not None:
            on_problem(problem)

    minter = Minter(base)
    ontology = load_ontology()
    nlp = nlp or load_pipeline(model)
    articles = unique_articles(iter_articles(inputs), report)
    merger = EntityMerger()
    if sink is not None:
        merger.add(sink.known_entities())
    results: list[ArticleResult] = []
    summary = BuildSummary()
    for result in read_results(articles, nlp, ontology, n_process=n_process):
        merger.add(result.entities)
        results.append(result)
        summary.articles += 1
        summary.sentences += result.sentences
    resolution = merger.finalize(minter)
    if sink is None:
        graph = build_graph(results, resolution, minter, ontology)
        summary.rdf_triples = len(graph)
    else:
        graph = new_graph(minter, ontology)
        summary.rdf_triples = sink.write(results, resolution, minter, ontology)
    summary.entities = len(resolution)
    summary.triples = sum(1 for r in results for t in r.triples if t.asserted)
    summary.statements = sum(len(r.triples) for r in results)
    summary.problems = sum(1 for p in problems if p.severity == "error")
    summary.seconds = time.perf_counter() - started
    return BuildResult(graph, summary, problems)


def extract(inputs: Iterable[str], *, model: str | None = None, nlp: Language | None = None,
            lines: bool = False, n_process: int = 1,
            on_problem: ProblemHandler | None = None) -> Iterator[tuple[Article, Extraction, ArticleResult]]:
    """Stream every extraction with the article and the article result it came from."""
    ontology = load_ontology()
    nlp = nlp or load_pipeline(model)
    report = on_problem or (lambda p: None)
    articles = unique_articles(iter_articles(inputs, lines=lines), report) if not lines else \
        (a for a in iter_articles(inputs, lines=True) if isinstance(a, Article) or report(a))
    for article, paragraphs in parse_articles(nlp, articles, n_process=n_process):
        result = read_article(article, paragraphs, ontology, keep_extractions=True)
        for extraction in result.extractions:
            yield article, extraction, result
