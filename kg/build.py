"""The whole pipeline as importable functions: ingest -> nlp -> extract -> resolve -> graph.

:func:`build` returns an rdflib graph and a summary; :func:`extract` streams the raw
extractions. Neither touches the filesystem except to read inputs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator

from rdflib import Graph
from spacy.language import Language

from .article import read_article
from .errors import Errors
from .graph import build_graph
from .ingest import Problem, iter_articles
from .iri import DEFAULT_BASE, Minter
from .model import Article, ArticleResult, Extraction
from .nlp import load_pipeline, parse_articles
from .ontology import Ontology, load_ontology
from .resolve.corpus import EntityMerger

__all__ = ["BuildSummary", "BuildResult", "build", "extract", "unique_articles", "read_results"]

ProblemHandler = Callable[[Problem], None]


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
                 keep_extractions: bool = False, on_problem: ProblemHandler | None = None) -> Iterator[ArticleResult]:
    """One result per article. With ``on_problem``, an article that makes kg fail is reported
    (as a kg bug, E305) and skipped, so that one article cannot stop a build."""
    for article, paragraphs in parse_articles(nlp, articles, n_process=n_process):
        try:
            result = read_article(article, paragraphs, ontology, keep_extractions=keep_extractions)
        except Exception as exc:
            if on_problem is None:
                raise
            on_problem(_failed(article, exc))
            continue
        yield result


def _failed(article: Article, exc: Exception) -> Problem:
    detail = f"{type(exc).__name__}: {exc}"
    return Problem(Errors.E305.format(origin=article.meta.origin, detail=detail), article.meta.origin)


def build(inputs: Iterable[str], *, model: str | None = None, nlp: Language | None = None,
          base: str = DEFAULT_BASE, n_process: int = 1, on_problem: ProblemHandler | None = None,
          non_english: str = "skip") -> BuildResult:
    """Build the knowledge graph of ``inputs`` (files, folders or '-').

    ``non_english``: ``"skip"`` articles that look non-English (with a warning) or ``"process"`` them.
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
    articles = unique_articles(iter_articles(inputs, non_english=non_english), report)
    merger = EntityMerger()
    results: list[ArticleResult] = []
    summary = BuildSummary()
    for result in read_results(articles, nlp, ontology, n_process=n_process, on_problem=report):
        merger.add(result.entities)
        results.append(result)
        summary.articles += 1
        summary.sentences += result.sentences
    resolution = merger.finalize(minter)
    graph = build_graph(results, resolution, minter, ontology)
    summary.entities = len(resolution)
    summary.triples = sum(1 for r in results for t in r.triples if t.asserted)
    summary.statements = sum(len(r.triples) for r in results)
    summary.rdf_triples = len(graph)
    summary.problems = sum(1 for p in problems if p.severity == "error")
    summary.skipped = sum(1 for p in problems if p.skipped)
    summary.seconds = time.perf_counter() - started
    return BuildResult(graph, summary, problems)


def extract(inputs: Iterable[str], *, model: str | None = None, nlp: Language | None = None,
            lines: bool = False, n_process: int = 1, on_problem: ProblemHandler | None = None,
            non_english: str = "skip") -> Iterator[tuple[Article, Extraction, ArticleResult]]:
    """Stream every extraction with the article and the article result it came from."""
    ontology = load_ontology()
    nlp = nlp or load_pipeline(model)
    report = on_problem or (lambda p: None)
    items = iter_articles(inputs, lines=lines, non_english=non_english)
    articles = unique_articles(items, report) if not lines else \
        (a for a in items if isinstance(a, Article) or report(a))
    for article, paragraphs in parse_articles(nlp, articles, n_process=n_process):
        try:
            result = read_article(article, paragraphs, ontology, keep_extractions=True)
        except Exception as exc:
            if on_problem is None:
                raise
            on_problem(_failed(article, exc))
            continue
        for extraction in result.extractions:
            yield article, extraction, result
