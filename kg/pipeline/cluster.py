"""A build on a Dask cluster: the client coordinates, the workers work.

The client names the input (files, line ranges: :mod:`kg.ingest.parts`), submits one Dask graph
built from :mod:`dask.bag` collections, waits, and renames the finished files into place. The
workers do everything else, each for its own parts of the input:

1. **count** the lines of each JSONL file, so that the client can cut the input into parts of
   about :data:`~kg.ingest.parts.PART_SIZE` articles;
2. **scan** each part: read its articles (the worker opens the files itself) and send back only
   their ids, text hashes and MinHash signatures;
3. **decide**, in input order and on one worker, which articles repeat another, which need a new
   id and which are syndicated copies (what a one-process build decides as it streams);
4. **read** each part: parse and extract its articles, spool the results in the build's work
   folder (an interrupted build resumes from them, article by article), and make the part's
   table of entity names;
5. **merge** the name tables by a tree reduction (``Bag.reduction``) and resolve the entities
   once; the result goes back to every worker that writes;
6. **write** each part's RDF as an N-Quads shard into the output folder, and one shard of what
   all articles share (entities, vocabulary), :mod:`kg.rdf.shards`;
7. on request, write ``graph.html`` and single files (``--format ttl`` ...) from the shards.

The client then writes the manifest that names the shards, and renames the staged files with
it, together: a reader of the folder sees one whole build or the one before. Into a store, the
shards are bulk-loaded when the store is new; a store that holds articles already gets the
same per-article transactions as a one-process build (:class:`kg.rdf.store.StoreWriter`), from
the workers' results.

The graph is the one a one-process build makes of the same input: the entity merge depends only
on the set of articles, and every other decision is taken in input order.

This module imports neither spaCy nor rdflib: the client never needs them. The stage functions
import what they use when a worker runs them.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from ..errors import Errors, MissingDependency, Warnings
from ..ingest import parts as parts_module
from ..ingest.parts import Part, Source, count_lines, cut, plan, read_part
from ..ingest.problems import Problem, warning

if TYPE_CHECKING:
    from ..rdf.iri import EntityNames
    from ..resolve.corpus import EntityMerger

__all__ = ["ClusterOptions", "ClusterBuild", "build_on_cluster", "dask_client", "PartReport", "files_fit",
           "worker_memory"]

_OLD_SHARD = re.compile(r"^graph-[0-9a-f]{8}-(\d{5}|entities)\.nq$")


@dataclass(frozen=True)
class ClusterOptions:
    """What every stage needs to know, sent with the tasks."""

    work: str
    """The build's work folder: the workers spool their results here (it must be on storage they reach)."""
    out: str
    """Where the shards go: the output folder, or a folder of the work folder for a store."""
    tag: str
    """This build's mark on its shards."""
    model: str | None = None
    base: str = ""
    non_english: str = "skip"
    columns: Mapping[str, str] | None = None
    copies: float | None = None
    ids: bool = False
    """Report the ids of the articles read (a store needs them)."""


@dataclass
class Scanned:
    """One article of a part, as far as the decisions need it."""

    id: str
    digest: str
    origin: str
    signature: bytes | None


@dataclass
class Decisions:
    """What becomes of the articles that need more than reading: part -> ordinal -> (the id to read it
    under, or None to skip it; the original it copies; the similarity)."""

    parts: dict[int, dict[int, tuple[str | None, str | None, float | None]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    articles: int = 0


@dataclass
class PartReport:
    """What the client hears of a part once it is read."""

    index: int
    key: str
    articles: int = 0
    sentences: int = 0
    copies: int = 0
    resumed: int = 0
    words: int = 0
    problems: list[Problem] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    names: Any = None
    """The part's :class:`~kg.resolve.corpus.EntityMerger` (not sent to the client)."""


# -- the stages (run on the workers) ------------------------------------------------------------

def scan_part(part: Part, options: ClusterOptions) -> list[Scanned | Problem]:
    """The part's problems and, for each article, its id, text hash and (when copies are looked
    for) MinHash signature."""
    from ..model import Article
    sign: Callable[[str], bytes] | None = None
    if options.copies is not None:
        from ..ingest.syndication import signature
        sign = signature
    out: list[Scanned | Problem] = []
    for item in read_part(part, non_english=options.non_english, columns=options.columns):
        if isinstance(item, Article):
            out.append(Scanned(item.id, item.meta.content_hash, item.origin, sign(item.text) if sign else None))
        else:
            out.append(item)
    return out


def decide(scans: Iterable[list[list[Scanned | Problem]]], copies: float | None = None,
           index: Any = None) -> Decisions:
    """The decisions of a one-process build, taken over the scans of all parts in input order:
    repeated ids (:class:`~kg.pipeline.ids.UniqueIds`), then syndicated copies
    (:class:`~kg.ingest.syndication.CopyIndex`, ``index`` if given, e.g. a store's)."""
    from ..ingest.syndication import CopyIndex
    from ..model import Article
    from .ids import UniqueIds
    ids = UniqueIds()
    own = False
    if index is None and copies is not None:
        index, own = CopyIndex(copies), True
    decisions = Decisions()
    number = 0
    for group in scans:
        for entries in group:  # a bag partition holds one part's scan
            ordinal = -1
            for entry in entries:
                if isinstance(entry, Problem):
                    decisions.problems.append(entry)
                    continue
                ordinal += 1
                new_id, problem = ids.check(entry.id, entry.digest, entry.origin)
                if problem is not None:
                    decisions.problems.append(problem)
                based_on = similarity = None
                if new_id is not None:
                    decisions.articles += 1
                    if index is not None:
                        stub = Article("", id=new_id, content_hash=entry.digest, origin=entry.origin)
                        found = index.match(stub, entry.signature)
                        if found is not None:
                            based_on, similarity = found.original, found.similarity
                if new_id != entry.id or based_on is not None:
                    decisions.parts.setdefault(number, {})[ordinal] = (new_id, based_on, similarity)
            number += 1
    ids.close()
    if own:
        index.close()
    return decisions


def read_part_results(part: Part, decisions: Decisions, options: ClusterOptions) -> PartReport:
    """Parse and extract the part's articles (those an interrupted run read already are reused),
    spool the results and make the part's name table."""
    from ..model import Article, ArticleResult
    from ..resolve.corpus import EntityMerger
    from .parallel import read_frozen
    from .spool import ResultSpool
    mine = decisions.parts.get(part.index, {})
    report = PartReport(part.index, part.key)
    spool = ResultSpool(Path(options.work) / f"part-{part.key}")
    todo: list[Article] = []
    ordinal = -1
    for item in read_part(part, non_english=options.non_english, columns=options.columns):
        if not isinstance(item, Article):
            continue
        ordinal += 1
        if ordinal in mine:
            new_id, based_on, similarity = mine[ordinal]
            if new_id is None:
                continue  # a repeat of an article read before it
            item = replace(item, id=new_id, based_on=based_on, similarity=similarity)
        if spool.reuse(item.meta):
            report.resumed += 1
            continue
        if item.based_on is not None:
            spool.add(ArticleResult(item.meta, 0, (), ()))
            continue
        report.words += len(item.text.split())
        todo.append(item)
    for outcome in read_frozen(todo, options.model) if todo else ():
        if isinstance(outcome, Problem):
            report.problems.append(outcome)
        else:
            spool.add(outcome)
    spool.compact()
    from .spool import stored
    merger = EntityMerger()
    for result in stored(spool.folder):
        merger.add(result.entities)
        report.articles += 1
        report.sentences += result.sentences
        report.copies += result.meta.based_on is not None
        if options.ids:
            report.ids.append(result.meta.id)
    report.names = merger
    return report


def part_names(reports: Iterable[PartReport]) -> "EntityMerger":
    from ..resolve.corpus import EntityMerger
    merger = EntityMerger()
    for report in reports:
        merger.update(report.names)
    return merger


def merge_names(mergers: Iterable["EntityMerger"]) -> "EntityMerger":
    from ..resolve.corpus import EntityMerger
    merged = EntityMerger()
    for merger in mergers:
        merged.update(merger)
    return merged


def resolve(merger: "EntityMerger", options: ClusterOptions) -> "EntityNames":
    """The corpus-wide entities and their IRIs, once, for every writer."""
    from ..rdf.iri import EntityNames, Minter
    from .memory import merged
    return EntityNames(merged(merger), Minter(options.base))


def slim(report: PartReport) -> PartReport:
    return replace(report, names=None)


def write_part(report: PartReport, names: "EntityNames", options: ClusterOptions):
    """The part's RDF as an N-Quads shard in the output folder."""
    from ..export import atomic_output
    from ..ontology import load_ontology
    from ..rdf.iri import Minter
    from ..rdf.shards import ShardStats, article_quads, nquads, shard_name
    from ..rdf.writer import GraphWriter
    from .spool import stored
    from .memory import collection_paused
    stats = ShardStats()
    writer = GraphWriter(names, Minter(options.base), load_ontology())
    with collection_paused():  # the quads make no cycles; the collector would scan the worker's pipeline
        data = nquads(article_quads(writer, stored(Path(options.work) / f"part-{report.key}"), stats), stats)
    name = shard_name(options.tag, report.index)
    with atomic_output(Path(options.out) / name) as handle:
        handle.write(data)
    return name, stats


def _concat(lists: list[list]) -> list:
    return [item for part in lists for item in part]


def write_shared(names: "EntityNames", written: list[list], options: ClusterOptions):
    """The shard of what all articles share: the entities and the vocabulary used."""
    from ..export import atomic_output
    from ..ontology import load_ontology
    from ..rdf.iri import Minter
    from ..rdf.shards import ShardStats, nquads, shard_name, shared_quads
    from ..rdf.writer import GraphWriter
    predicates, classes = set(), set()
    for _, stats in _concat(written):
        predicates |= stats.predicates
        classes |= stats.classes
    stats = ShardStats()
    writer = GraphWriter(names, Minter(options.base), load_ontology())
    data = nquads(shared_quads(writer, predicates, classes), stats)
    name = shard_name(options.tag, "entities")
    with atomic_output(Path(options.out) / name) as handle:
        handle.write(data)
    return name, stats, len(names)


FILE_BYTES_PER_QUAD = 300
"""With :data:`FORMAT_BYTES_PER_QUAD` of each format, the memory that making the single files
(``--format``) takes in one worker, per quad of the graph: the union of the shards' lines, sorted
(:class:`kg.export.base.QuadsExportable`), then the files, whose text is made and written in
pieces. ``bench/folder_memory.py`` measured, on the 410,399 quads of 2,000 BBC articles, 262 bytes
for any one format alone and for Turtle with N-Quads, 793 for all five (the text that several
formats share is made whole, once); 1,863 for Turtle through an rdflib graph, as it was made
before (docs/BENCHMARKS.md)."""
FORMAT_BYTES_PER_QUAD = {"ttl": 100, "nt": 100, "jsonld": 100, "nq": 150, "trig": 150}
"""What each format adds to :data:`FILE_BYTES_PER_QUAD`, above the measures alone and together:
400 bytes for Turtle, 900 for all five. The quad formats share a text of their own, longer than
the triple formats'."""
PAGE_BYTES_PER_QUAD = 500
"""The memory that making ``graph.html`` takes in one worker, per quad: the network read from the
shards as a stream (:func:`kg.analytics.network_of_batches`), then the page (302 bytes measured
on the 410,402 quads of 2,000 BBC articles by ``bench/folder_memory.py``, 696 on the 66,936 of
400, where the page's fixed costs weigh more; docs/BENCHMARKS.md)."""
FILE_MEMORY_SHARE = 0.8
"""The share of a worker's memory limit that the worker may reach making them, with what it holds
already (the spaCy pipeline): Dask restarts a worker that reaches 95% of its limit."""


def worker_memory(client) -> int | None:
    """The smallest memory limit (bytes) of the cluster's workers, None if one has none."""
    limits = [worker.get("memory_limit") or 0 for worker in client.scheduler_info().get("workers", {}).values()]
    return min(limits) if limits and all(limits) else None


def files_fit(quads: int, memory: int | None, used: int, per_quad: int) -> bool:
    """Whether a worker with a limit of ``memory`` bytes (None: no limit), ``used`` of them
    already, can make what takes ``per_quad`` bytes for each of a graph's ``quads`` quads (a
    million BBC-like articles make about 170 million).

    >>> gb, turtle = 2**30, FILE_BYTES_PER_QUAD + FORMAT_BYTES_PER_QUAD["ttl"]
    >>> files_fit(7_000_000, 4 * gb, gb // 2, turtle), files_fit(8_000_000, 4 * gb, gb // 2, turtle)
    (True, False)
    >>> files_fit(4_000_000, 4 * gb, gb // 2, PAGE_BYTES_PER_QUAD), files_fit(10**9, None, 0, turtle)
    (True, True)
    """
    return memory is None or used + quads * per_quad <= memory * FILE_MEMORY_SHARE


def write_files(shared, written: list[list], options: ClusterOptions, formats: tuple[str, ...], html: bool,
                target: str, memory: int | None = None) -> tuple[list[tuple[str, Path]], list[str], Problem | None]:
    """``graph.html`` and the single files asked for, from the shards, staged in ``target`` for the
    client to rename with the manifest: (the staged files, the names of those left out, why).

    The single files are made from the union of the shards' lines (no rdflib graph), the page
    from the network read from the shards as a stream, both in this worker's memory; what would
    not fit in its limit, ``memory`` (:func:`files_fit`), is not made, and a warning (W104) says
    so: the shards and the manifest still hold the whole graph, where a build failed at its very
    end before."""
    import psutil  # a dependency of Dask's

    quads = sum(stats.quads for _, stats in _concat(written)) + shared[1].quads
    used = psutil.Process().memory_info().rss
    per_quad = FILE_BYTES_PER_QUAD + sum(FORMAT_BYTES_PER_QUAD[name] for name in formats)
    fits_files = files_fit(quads, memory, used, per_quad)
    fits_page = files_fit(quads, memory, used, PAGE_BYTES_PER_QUAD)
    # The files and the page are made one after the other, so each has its own estimate.
    needs = ([([f"graph.{name}" for name in formats], quads * per_quad)] if formats and not fits_files else []) + \
        ([(["graph.html"], quads * PAGE_BYTES_PER_QUAD)] if html and not fits_page else [])
    left_out = [name for names, _ in needs for name in names]
    problem = None
    if left_out:
        assert memory is not None  # files_fit says no only with a limit
        need = " and ".join(f"about {_gigabytes(size)} ({', '.join(names)})" for names, size in needs)
        problem = warning(Warnings.W104.format(files=", ".join(left_out), quads=quads, need=need,
                                               limit=_gigabytes(memory)), options.out)
    from ..export import staged
    from ..read.load import kg_prefixes, shard_batches
    shards = [Path(options.out) / name for name, _ in _concat(written)] + [Path(options.out) / shared[0]]
    with staged() as files:
        if formats and fits_files:
            from ..export.base import QuadsExportable
            from ..export.formats import write_formats
            lines = QuadsExportable(shard_batches(shards), kg_prefixes(base=options.base or None))
            write_formats(lines, target, formats)
            del lines
        if html and fits_page:
            from ..analytics import network_of_batches
            from ..viz.html import write_network
            write_network(network_of_batches(shard_batches(shards), source=options.out),
                          Path(target) / "graph.html")
    return [(tmp, Path(path)) for tmp, path in files], left_out, problem


def _gigabytes(size: float) -> str:
    return f"{size / 2**30:.1f} GB"


# -- the client -------------------------------------------------------------------------------

def dask_client(scheduler: str | None, jobs: int):
    """A client of the cluster at ``scheduler``, or of a LocalCluster of ``jobs`` worker processes
    on 127.0.0.1 (closed with the client). A missing Dask is E021, naming the extra to install."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise MissingDependency(Errors.E021.format(feature="A Dask build (--engine dask, --dask-scheduler)",
                                                   package="dask", extra="kg-news[dask]")) from exc
    if scheduler:
        return Client(scheduler)
    # No dashboard; the scheduler's other HTTP routes (health, metrics) on a free loopback port:
    # without an address they took 8787, and warned when another Dask's dashboard had it.
    cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
    client = Client(cluster)
    setattr(client, "_kg_cluster", cluster)  # closed with the client (ClusterBuild.close)
    return client


@dataclass
class ClusterBuild:
    """What a cluster build did: the counts, the problems, the shards and the staged files."""

    articles: int = 0
    sentences: int = 0
    copies: int = 0
    resumed: int = 0
    entities: int = 0
    statements: int = 0
    asserted: int = 0
    quads: int = 0
    problems: list[Problem] = field(default_factory=list)
    shards: list[str] = field(default_factory=list)
    staged: list[tuple[str, Path]] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    """The single files and page asked for and not made (W104): too big for a worker's memory."""
    ids: list[str] = field(default_factory=list)
    names: Any = None
    """The merged name table (only when the client writes the RDF: into a store that has articles)."""
    folders: list[Path] = field(default_factory=list)
    """The parts' result folders, in input order."""
    seconds: float = 0.0


def build_on_cluster(inputs: list, *, work: Path, out: Path, scheduler: str | None = None, jobs: int = 1,
                     model: str | None = None, base: str, non_english: str = "skip",
                     columns: Mapping[str, str] | None = None, fetch: bool = False, http=None,
                     copies: float | None = None, copy_index: Any = None, shards: bool = True,
                     formats: tuple[str, ...] = (), html: bool = False, ids: bool = False,
                     on_problem: Callable[[Problem], None] | None = None, progress=None,
                     part_size: int | None = None) -> ClusterBuild:
    """Run the stages on the cluster (see the module). With ``shards`` the workers write the RDF
    into ``out``; without, the merged name table comes back to the client (``names``), which
    writes the RDF itself. ``copy_index``: a :class:`~kg.ingest.syndication.CopyIndex` the client
    holds (a store's); the copies are then decided on the client."""
    try:
        import dask
        import dask.bag as db
        from dask.distributed import as_completed
    except ImportError as exc:
        raise MissingDependency(Errors.E021.format(feature="A Dask build (--engine dask, --dask-scheduler)",
                                                   package="dask", extra="kg-news[dask]")) from exc
    started = time.perf_counter()
    report = on_problem or (lambda problem: None)
    tag = uuid.uuid4().hex[:8]
    options = ClusterOptions(work=str(work), out=str(out), tag=tag, model=model, base=base,
                             non_english=non_english, columns=dict(columns) if columns else None, copies=copies,
                             ids=ids)
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    entries = plan(inputs, non_english=non_english, columns=columns, fetch=fetch, http=http)
    client = dask_client(scheduler, jobs)
    result = ClusterBuild()
    futures: list = []
    try:
        sources = [e for e in entries if isinstance(e, Source) and e.kind == "lines"]
        counts = {}
        if sources:
            counted = db.from_sequence(sources, npartitions=len(sources)).map(count_lines).compute()
            counts = {source.path: count for source, count in zip(sources, counted)}
        parts = cut(entries, counts, part_size or parts_module.PART_SIZE)
        if not parts:
            return result
        if progress is not None and hasattr(progress, "set_total"):
            progress.set_total(sum(_weight(part, counts) for part in parts))
        bag = db.from_sequence(parts, npartitions=len(parts))
        scans = bag.map(scan_part, options)
        if copy_index is not None:
            decisions = decide([[s] for s in scans.compute()], copies, copy_index)
            for problem in decisions.problems:
                report(problem)
            decided = dask.delayed(decisions)
        else:
            decided = scans.reduction(list, partial(decide, copies=copies), split_every=False)
        reads = bag.map(read_part_results, decided, options)
        merged = reads.reduction(part_names, merge_names, split_every=8)
        # Only Delayed objects of the collections' own keys from here on (never a collection
        # handed to dask.delayed, which would optimize it into tasks of new names and run them
        # again), so that each task runs once and the futures come back in this order.
        reports = reads.map(slim).to_delayed(optimize_graph=False)
        wanted: list = [*reports]
        if copy_index is None:
            wanted.append(decided.to_delayed(optimize_graph=False))
        if shards:
            names = merged.apply(partial(resolve, options=options))
            written = reads.map(write_part, names, options).to_delayed(optimize_graph=False)
            shared = dask.delayed(write_shared)(names.to_delayed(optimize_graph=False), written, options)
            wanted += [dask.delayed(_concat)(written), shared]
            if formats or html:
                wanted.append(dask.delayed(write_files)(shared, written, options, formats, html, str(out),
                                                        worker_memory(client)))
        else:
            wanted.append(merged.to_delayed(optimize_graph=False))
        futures = client.compute(wanted)
        roles = {future.key: ("part" if i < len(reports) else "decisions" if i == len(reports) and copy_index is None
                              else "other") for i, future in enumerate(futures)}
        for future in as_completed(futures):
            role = roles.get(future.key)
            if role == "part":
                for part_report in future.result():
                    if progress is not None:
                        progress(part_report, part_report.words)
            elif role == "decisions":
                for problem in future.result().problems:
                    report(problem)
        done = [f.result() for f in futures]
        for part_reports in done[:len(reports)]:
            for part in part_reports:
                result.articles += part.articles
                result.sentences += part.sentences
                result.copies += part.copies
                result.resumed += part.resumed
                result.ids.extend(part.ids)
                result.folders.append(work / f"part-{part.key}")
                result.problems.extend(part.problems)
                for problem in part.problems:
                    report(problem)
        rest = done[len(reports) + (copy_index is None):]
        if shards:
            written, shared = rest[0], rest[1]
            if len(rest) > 2:
                result.staged, result.left_out, left_out_why = rest[2]
                if left_out_why is not None:
                    result.problems.append(left_out_why)
                    report(left_out_why)
            result.shards = [name for name, _ in written] + [shared[0]]
            result.entities = shared[2]
            result.quads = sum(stats.quads for _, stats in written) + shared[1].quads
            result.statements = sum(stats.statements for _, stats in written)
            result.asserted = sum(stats.asserted for _, stats in written)
        else:
            result.names = rest[0]
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    finally:
        client.close()
        cluster = getattr(client, "_kg_cluster", None)
        if cluster is not None:
            cluster.close()
    result.seconds = time.perf_counter() - started
    return result


def _weight(part: Part, counts) -> int:
    """About how many articles a part holds, for the progress bar's total."""
    total = 0
    for piece in part.pieces:
        if piece.source is None:
            total += sum(1 for item in piece.items if not isinstance(item, Problem))
        elif piece.lines is None:
            total += 1
        else:
            total += piece.lines[1] - piece.lines[0]
    return total


def old_shards(folder: Path, keep: Iterable[str]) -> list[Path]:
    """The shards of earlier builds in ``folder`` that the manifest does not name (an interrupted
    build's, or the build before)."""
    keep = set(keep)
    return [path for path in folder.glob("graph-*.nq") if _OLD_SHARD.match(path.name) and path.name not in keep]
