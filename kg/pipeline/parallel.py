"""Reading articles in one process or in several of this machine, with identical results.

Each article is read on its own (parse, extract, resolve within the article), so the work
splits into batches of articles. Every engine returns the results in input order and keeps
only a few batches in flight, so memory does not grow with the corpus. A worker loads the
spaCy pipeline once and keeps it for every batch it reads.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from itertools import islice
from multiprocessing.pool import Pool
from typing import Callable, Iterable, Iterator, TypeVar, Union

from spacy.language import Language

from .article import read_article
from .memory import FrozenHeap, frozen_while_reading
from ..errors import Errors
from ..ingest import Problem
from ..model import Article, ArticleResult
from ..nlp import load_pipeline, parse_articles
from ..nlp.gazetteer import places
from ..ontology import load_ontology

__all__ = ["Outcome", "failed", "read_batch", "read_frozen", "batches", "tapered_batches", "make_engine",
           "SerialEngine", "ProcessEngine"]

Outcome = Union[ArticleResult, Problem]
BATCH = 16
RELOAD_EVERY = 2_000
"""Articles a one-process build reads with the pipeline it loaded before it loads it again, which
caps spaCy's vocabulary (it keeps every new word it meets): 9 MB less at the peak of a
19,043-article build (bench/memory.py), for about 0.5 s per reload."""
_STATE: dict = {}


def _pipeline(model: str | None) -> Language:
    """This process's pipeline for ``model``: loaded on first use, then kept."""
    if _STATE.get("model", object()) != model or "nlp" not in _STATE:
        _STATE.update(model=model, nlp=load_pipeline(model))
    return _STATE["nlp"]


def _release(nlp: Language | None) -> None:
    """Forget the pipeline an engine put in this process's cache: once the articles are read,
    the build writes its RDF without it, and the memory it holds (about 200 MB) can go."""
    if nlp is not None and _STATE.get("nlp") is nlp:
        _STATE.pop("nlp", None)


def failed(article: Article, exc: Exception) -> Problem:
    """The problem report for an article that made kg fail (a kg bug: it should not happen)."""
    detail = f"{type(exc).__name__}: {exc}"
    return Problem(Errors.E305.format(origin=article.meta.origin, detail=detail), article.meta.origin)


def read_batch(articles: list[Article], model: str | None = None) -> list[Outcome]:
    """Read a batch of articles. An article that makes kg fail becomes a Problem, not a crash."""
    nlp, ontology = _pipeline(model), load_ontology()
    out: list[Outcome] = []
    for article, paragraphs in parse_articles(nlp, articles):
        try:
            out.append(read_article(article, paragraphs, ontology, keep_extractions=False))
        except Exception as exc:  # one bad article must not stop a build of thousands
            out.append(failed(article, exc))
    return out


def read_frozen(articles: list[Article], model: str | None = None) -> list[Outcome]:
    """:func:`read_batch` in a process that keeps its pipeline between calls (a Dask worker):
    the pipeline and the gazetteer are loaded first, and left out of the cycle collector's scans
    while the articles are read, as the engines below leave them (kg/pipeline/memory.py)."""
    _pipeline(model)
    places()
    with frozen_while_reading():
        return read_batch(articles, model)


def batches(articles: Iterable[Article], size: int = BATCH) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


def tapered_batches(articles: Iterable[Article], workers: int, size: int = BATCH,
                    smallest: int = 2) -> Iterator[list[Article]]:
    """:func:`batches` for ``workers`` processes: once the input ends, the articles still held
    back (``workers`` batches' worth) go out in ever smaller batches, each about a
    ``2 * workers``-th of what is left, so that the workers finish at about the same time.
    With full batches to the end, one worker read the last of them while the other waited (0.39
    and 0.71 s of 400 BBC articles' 22-24 s with 2 workers; 0.16 and 0.17 s tapered).

    >>> [len(b) for b in tapered_batches(range(70), workers=2, size=16)]
    [16, 16, 10, 7, 6, 4, 3, 2, 2, 2, 2]
    """
    iterator = iter(articles)
    held: deque = deque(islice(iterator, workers * size))
    for article in iterator:
        held.append(article)
        if len(held) == (workers + 1) * size:
            yield [held.popleft() for _ in range(size)]
    while held:
        cut = min(len(held), max(smallest, -(-len(held) // (2 * workers))))
        yield [held.popleft() for _ in range(cut)]


_Handle = TypeVar("_Handle")


def _ordered_window(submit: Callable[[list[Article]], _Handle], result: Callable[[_Handle], list[Outcome]],
                    batched: Iterable[list[Article]], window: int) -> Iterator[Outcome]:
    """Keep ``window`` batches in flight and yield their outcomes in input order."""
    pending: deque = deque()
    for batch in batched:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from result(pending.popleft())
    while pending:
        yield from result(pending.popleft())


class SerialEngine:
    """One process: the caller's pipeline, or one of its own that it loads again every
    :data:`RELOAD_EVERY` articles."""

    def __init__(self, nlp: Language | None, model: str | None, reload_every: int | None = None) -> None:
        self.nlp = nlp
        self.model = model
        self.reload_every = reload_every or RELOAD_EVERY
        self.heap = FrozenHeap()

    def __enter__(self) -> "SerialEngine":
        _STATE.update(model=self.model, nlp=self.nlp if self.nlp is not None else load_pipeline(self.model))
        self.heap.freeze()
        return self

    def __exit__(self, *exc) -> None:
        _release(_STATE.get("nlp"))
        self.heap.thaw()

    def map(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        read = 0
        for batch in batches(articles):
            if self.nlp is None and read >= self.reload_every:
                # spaCy's vocabulary keeps every new word it meets; a fresh pipeline starts small
                # again, and parses the same (the words are looked up, not learned).
                _release(_STATE.get("nlp"))
                self.heap.thaw()
                gc.collect()
                _STATE.update(nlp=load_pipeline(self.model))
                self.heap.freeze()
                read = 0
            yield from read_batch(batch, self.model)
            read += len(batch)


class ProcessEngine:
    """``jobs`` worker processes on this machine. On Linux they are forked after the pipeline
    is loaded, so each starts with it already in memory."""

    def __init__(self, jobs: int, nlp: Language | None, model: str | None) -> None:
        self.jobs = jobs
        self.nlp = nlp
        self.model = model
        self.pool: Pool | None = None
        self.heap = FrozenHeap()

    def __enter__(self) -> "ProcessEngine":
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        if method == "fork":
            _STATE.update(model=self.model, nlp=self.nlp or load_pipeline(self.model))
            places()  # the gazetteer, loaded once here, not once per worker at its first article
            # Frozen before the fork, the pipeline is never scanned by a worker's collector either,
            # which would also copy its pages into the worker.
            self.heap.freeze()
        self.pool = multiprocessing.get_context(method).Pool(self.jobs)
        return self

    def __exit__(self, *exc) -> None:
        pool = self._pool()
        pool.close() if exc == (None, None, None) else pool.terminate()
        pool.join()
        _release(_STATE.get("nlp"))
        self.heap.thaw()

    def map(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        model, pool = self.model, self._pool()
        return _ordered_window(lambda batch: pool.apply_async(read_batch, (batch, model)),
                               lambda handle: handle.get(), tapered_batches(articles, self.jobs),
                               window=4 * self.jobs + 2)

    def _pool(self) -> Pool:
        if self.pool is None:
            raise RuntimeError("a ProcessEngine reads articles only inside its with block")
        return self.pool


def make_engine(jobs: int = 1, *, nlp: Language | None = None, model: str | None = None):
    """The processes of this machine that read articles (a Dask cluster is :mod:`.cluster`'s)."""
    if jobs > 1:
        return ProcessEngine(jobs, nlp, model)
    return SerialEngine(nlp, model)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
