"""A build into files or a store, as ``kg build`` runs it: :func:`build_to`.

It opens the store or locks the output folder (a second build into the same folder is refused,
as a second writer of a store is), keeps the work folder that an interrupted build resumes
from, runs :func:`~kg.pipeline.build.build` and writes every output: all of them, or, if one
cannot be written (a full disk), none. On a Dask cluster (``engine="dask"`` or a ``scheduler``)
it runs :mod:`kg.pipeline.cluster` instead, whose workers write the graph as N-Quads shards, and
writes their manifest. The CLI, the notebook and the tests call it; the CLI only prints what it
returns.

The heavy modules (spaCy, rdflib) load only where a build needs them: the client of a cluster
build needs neither.
"""

from __future__ import annotations

import errno
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from .. import __version__
from ..defaults import COPY_THRESHOLD, DEFAULT_BASE, RDF_OUTPUT_FORMATS, default_model
from ..errors import Errors, KGError, NothingRead, disk_full
from ..export import adopt, atomic_output, replace_together
from ..ingest import Problem
from ..ingest.syndication import INDEX_FILE
from .memory import collection_paused, merged
from .spool import work_key
from .base import BuildSummary

if TYPE_CHECKING:
    from ..ingest import HttpOptions
    from .base import Inputs
    from ..rdf.store import StoreStats

ProblemHandler = Callable[[Problem], None]
ProgressHandler = Callable[[Any, int], None]

__all__ = ["BuildReport", "build_to", "work_folder", "FolderLock"]


@dataclass
class BuildReport:
    """What :func:`build_to` did."""

    summary: BuildSummary
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    """The files written, for a build into a folder."""
    store: "StoreStats | None" = None
    """What changed in the store, for a build into a store."""


def work_folder(inputs: Iterable[object], outdir: Path, store: Path | None, model: str | None,
                base: str, *options: object) -> Path | None:
    """Where an interrupted build of these arguments resumes from: in OUTDIR, or beside the store.

    None when an input cannot be read twice (stdin) or is not a path (a text, a record, a URL).
    ``options`` that change what is read (columns, fetching, the copy threshold) are part of the key.
    """
    paths = []
    for item in inputs:
        if not isinstance(item, (str, os.PathLike)) or os.fspath(item) == "-" or not os.path.lexists(item):
            return None
        paths.append(os.path.abspath(item))  # not resolve(): a link may loop
    root = store.parent / f".{store.name}.kg-work" if store is not None else outdir / ".kg-work"
    extra = [repr(option) for option in options if option not in (None, False, {})]
    return root / work_key(__version__, model or default_model(), base, store or "", *extra, *sorted(paths))


class FolderLock:
    """An exclusive lock on a folder (``flock`` on the folder itself, so no file is left behind):
    held by one build into it at a time, and let go when the build ends or its process dies."""

    def __init__(self, folder: Path) -> None:
        import fcntl
        self.fd: int | None = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            self.release()
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise KGError(Errors.E312.format(path=folder)) from None
            raise

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def parse_formats(formats: str | Iterable[str] | None, default: tuple[str, ...]) -> tuple[str, ...]:
    """'ttl,nt' or ['ttl', 'nt'] -> ('ttl', 'nt'); None -> ``default``; an unknown name is E103."""
    if formats is None:
        return default
    spec = formats if isinstance(formats, str) else ",".join(formats)
    names = tuple(dict.fromkeys(part.strip().lower() for part in spec.split(",") if part.strip()))
    for name in names:
        if name not in RDF_OUTPUT_FORMATS:
            raise KGError(Errors.E103.format(fmt=name, choices=", ".join(RDF_OUTPUT_FORMATS)))
    return names or default


def build_to(inputs: "Inputs", outdir: str | os.PathLike = "output", *, formats: str | Iterable[str] | None = None,
             store: str | os.PathLike | None = None, html: bool = True, model: str | None = None,
             base: str = DEFAULT_BASE, jobs: int = 1, engine: str = "local", scheduler: str | None = None,
             non_english: str = "skip", resume: bool = True, on_problem: ProblemHandler | None = None,
             progress: ProgressHandler | None = None, columns: Mapping[str, str] | None = None,
             fetch: bool = False, http: "HttpOptions | None" = None,
             copies: float | None = COPY_THRESHOLD) -> BuildReport:
    """Build the graph of ``inputs`` and write ``outdir/graph.<format>`` for each format (default:
    Turtle) and ``outdir/graph.html``, or, with ``store``, add it to that Oxigraph store folder.

    On a Dask cluster (``engine="dask"``: a LocalCluster of ``jobs`` processes; or ``scheduler``,
    the address of one) the workers write the graph into ``outdir`` as N-Quads shards named by
    ``outdir/kg-manifest.json``, which every command that reads a graph accepts; ``formats``
    (none by default there) adds single files, made from the shards. Into a new store the shards
    are bulk-loaded; into one that holds articles, each article is one transaction, as without
    a cluster.

    The files are replaced together, once each is written in full: a failure (a full disk)
    replaces none. With ``resume``, a build that is interrupted leaves its work in a hidden
    folder of ``outdir`` (or beside the store), and the same call picks it up.
    ``columns``, ``fetch``, ``http`` and ``copies`` are :func:`~kg.pipeline.build.build`'s; a
    store keeps the signatures of its articles (``kg-copies.sqlite`` in the store folder), so
    that a later build into it recognizes copies of what it holds.

    Raises
    ------
    KGError
        ``E307`` when ``outdir`` is a file or cannot be written, ``E311`` when the disk is full,
        ``E312`` when another build is writing into ``outdir``, ``E306`` when no article could be
        read (nothing is written then), ``E021`` for a cluster build without Dask, and the
        store's errors.
    """
    from .base import as_inputs
    if jobs < 1:
        raise KGError(Errors.E017.format(jobs=jobs))
    if engine not in ("local", "dask"):
        raise KGError(Errors.E018.format(engine=engine))
    inputs = list(as_inputs(inputs))
    outdir = Path(outdir)
    store_dir = Path(store) if store is not None else None
    if store_dir is None and outdir.exists() and not outdir.is_dir():
        raise KGError(Errors.E307.format(path=outdir, detail="it is a file, not a folder"))
    cluster = engine == "dask" or bool(scheduler)
    names = parse_formats(formats, () if cluster else ("ttl",))
    sink = None
    # A store this build makes (a new folder, or files in an empty one) goes again when no
    # article could be read (E306: the folder is left as it was).
    new_store = store_dir is not None and (not store_dir.exists() or store_dir.is_dir()
                                           and not any(store_dir.iterdir()))
    store_existed = store_dir is not None and store_dir.exists()
    nothing_read = False
    if store_dir is not None:
        from ..rdf.store import StoreWriter
        sink = StoreWriter(store_dir)
    created = [] if outdir.exists() else [outdir]
    lock: FolderLock | None = None
    try:
        if sink is None:
            outdir.mkdir(parents=True, exist_ok=True)
            lock = FolderLock(outdir)
        # A cluster build's work folder holds a folder of results per part: never a local build's.
        workdir = work_folder(inputs, outdir, store_dir, model, base, dict(columns or {}), fetch,
                              copies if copies != COPY_THRESHOLD else None,
                              "dask" if cluster else None) if resume else None
        try:
            if cluster:
                report = _on_cluster(inputs, outdir, sink, workdir, names, html=html, model=model, base=base,
                                     jobs=jobs, scheduler=scheduler, non_english=non_english, on_problem=on_problem,
                                     progress=progress, columns=columns, fetch=fetch, http=http, copies=copies)
            else:
                report = _local(inputs, outdir, sink, workdir, names, html=html, model=model, base=base, jobs=jobs,
                                non_english=non_english, on_problem=on_problem, progress=progress, columns=columns,
                                fetch=fetch, http=http, copies=copies)
        finally:
            # A finished build's own work folder is gone already (an interrupted one's stays); its
            # parents, and an output folder this build made, go if they are empty (E306: nothing read).
            for folder in ([workdir.parent] if workdir is not None else []) + created:
                _remove_if_empty(folder)
    except NothingRead:
        nothing_read = True
        raise
    except OSError as exc:
        path = exc.filename or outdir
        detail = exc.strerror or str(exc) or type(exc).__name__
        if disk_full(exc):
            state = ("The store was not changed." if sink is not None else
                     f"Nothing was replaced: the files in {outdir} are as they were.")
            raise KGError(Errors.E311.format(path=path, detail=detail, state=state + " Make room and run the "
                                             "same command again: it resumes where it stopped.")) from exc
        raise KGError(Errors.E307.format(path=path, detail=detail)) from exc
    finally:
        if lock is not None:
            lock.release()
        if sink is not None:
            sink.close()
            if nothing_read and new_store and store_dir is not None:
                _empty_store(store_dir, keep_folder=store_existed)
    return report


def _empty_store(folder: Path, keep_folder: bool) -> None:
    """Remove the store this build made: the folder, or only what it holds."""
    if not keep_folder:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _local(inputs: list, outdir: Path, sink, workdir: Path | None, names: tuple[str, ...], *, html: bool,
           copies: float | None, **options) -> BuildReport:
    """A build in this process (or ``jobs`` processes of this machine): :func:`~kg.pipeline.build.build`."""
    from .build import build
    index = sink.path / INDEX_FILE if sink is not None and copies is not None else None
    result = build(inputs, sink=sink, workdir=workdir, copies=copies, copy_index=index, **options)
    report = BuildReport(result.summary, result.problems)
    if result.summary.articles == 0:
        raise NothingRead(Errors.E306.format(outdir=sink.path if sink is not None else outdir))
    if sink is not None:
        report.store = sink.stats
        return report
    from ..export.formats import write_formats
    from ..rdf.shards import MANIFEST
    # The files and the page make structures without cycles; a full collection on the way would
    # walk the whole heap, pipeline included (0.1 s each, two or three a build).
    with replace_together(), collection_paused():
        report.written = write_formats(result.graph, outdir, names)
        if html:
            from ..viz.html import write_html
            report.written.append(write_html(result.graph, outdir / "graph.html"))
    if (outdir / MANIFEST).exists():
        # The folder held a cluster build's shards: it now holds this build's files alone.
        from .cluster import old_shards
        (outdir / MANIFEST).unlink()
        for shard in old_shards(outdir, ()):
            shard.unlink(missing_ok=True)
    return report


def _on_cluster(inputs: list, outdir: Path, sink, workdir: Path | None, names: tuple[str, ...], *, html: bool,
                model: str | None, base: str, copies: float | None, on_problem: ProblemHandler | None,
                **options) -> BuildReport:
    """A build on a Dask cluster (:mod:`kg.pipeline.cluster`): the workers write shards; here only
    the manifest is written, and the store filled."""
    from ..rdf.shards import MANIFEST, manifest_bytes
    from .cluster import build_on_cluster, old_shards
    problems: list[Problem] = []

    def report_problem(problem: Problem) -> None:
        problems.append(problem)
        if on_problem is not None:
            on_problem(problem)

    resumable = workdir is not None
    if workdir is None:  # the workers must reach it: beside the outputs, never /tmp
        root = sink.path.parent / f".{sink.path.name}.kg-work" if sink is not None else outdir / ".kg-work"
        workdir = root / f"run-{uuid.uuid4().hex[:12]}"
    index = None
    if sink is not None and copies is not None:
        from ..ingest import CopyIndex
        index = CopyIndex(copies, sink.path / INDEX_FILE)
    fresh_store = sink is not None and len(sink.store) == 0
    shards = sink is None or fresh_store
    out = outdir if sink is None else workdir / "out"
    built = None
    committed = False
    try:
        built = build_on_cluster(inputs, work=workdir, out=out, model=model, base=base, copies=copies,
                                 copy_index=index, shards=shards, formats=names if sink is None else (),
                                 html=html and sink is None, ids=not shards, on_problem=report_problem, **options)
        summary = BuildSummary(articles=built.articles, sentences=built.sentences, entities=built.entities,
                               triples=built.asserted, statements=built.statements, rdf_triples=built.quads,
                               resumed=built.resumed, copies=built.copies, shards=len(built.shards),
                               seconds=built.seconds)
        summary.problems = sum(1 for p in problems if p.severity == "error")
        summary.skipped = sum(1 for p in problems if p.skipped)
        report = BuildReport(summary, problems)
        if built.articles == 0:
            raise NothingRead(Errors.E306.format(outdir=sink.path if sink is not None else outdir))
        if sink is None:
            with replace_together():
                with atomic_output(outdir / MANIFEST) as handle:
                    handle.write(manifest_bytes(built.shards, articles=built.articles, quads=built.quads,
                                                entities=built.entities, base=base, kg=__version__))
                adopt(built.staged)
            committed = True
            for shard in old_shards(outdir, built.shards):
                shard.unlink(missing_ok=True)
            for name in built.left_out:  # an earlier build's, which this graph's would have replaced
                (outdir / name).unlink(missing_ok=True)
            report.written = [outdir / MANIFEST, *(outdir / name for name in built.shards),
                              *(target for _, target in built.staged)]
        elif fresh_store:
            _bulk_load(sink, [out / name for name in built.shards], summary)
            report.store = sink.stats
        else:
            _store_write(sink, built, base, summary)
            report.store = sink.stats
        if index is not None:
            index.save()
    except BaseException:
        if built is not None and not committed:  # this build's shards and staged files are not the output
            for tmp, _ in built.staged:
                Path(tmp).unlink(missing_ok=True)
            for name in built.shards if sink is None else ():
                (outdir / name).unlink(missing_ok=True)
        if not resumable:
            shutil.rmtree(workdir, ignore_errors=True)
        raise
    finally:
        if index is not None:
            index.close()
    shutil.rmtree(workdir, ignore_errors=True)
    return report


def _bulk_load(sink, shards: list[Path], summary: BuildSummary) -> None:
    """A new store: the shards loaded in bulk (``Store.bulk_load``). If that fails, the store is
    emptied again: it was new."""
    import pyoxigraph as ox
    try:
        for shard in shards:
            sink.store.bulk_load(path=str(shard), format=ox.RdfFormat.N_QUADS)
        sink.store.flush()
    except BaseException:
        try:
            sink.store.clear()
        except OSError:
            pass
        raise
    summary.rdf_triples = len(sink.store)
    sink.stats["added"] += summary.articles


def _store_write(sink, built, base: str, summary: BuildSummary) -> None:
    """A store that holds articles: the client writes the workers' results, each article one
    transaction, as a build without a cluster does (:class:`kg.rdf.store.StoreWriter`)."""
    from itertools import chain
    from ..ontology import load_ontology
    from ..rdf.iri import Minter
    from .spool import stored
    minter = Minter(base)
    merger = built.names
    merger.add(sink.known_entities({str(minter.article(i)) for i in built.ids}))
    resolution = merged(merger)
    summary.entities = len(resolution)
    summary.rdf_triples = sink.write(chain.from_iterable(stored(folder) for folder in built.folders), resolution,
                                     minter, load_ontology())
    summary.statements, summary.triples = sink.statements, sink.asserted


def _remove_if_empty(folder: Path) -> None:
    """Remove an empty folder the build made; one that cannot go (a mount point) stays."""
    try:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    except OSError:
        pass
