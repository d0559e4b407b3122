"""A build into files or a store, as ``kg build`` runs it: :func:`build_to`.

It opens the store or locks the output folder (a second build into the same folder is refused,
as a second writer of a store is), keeps the work folder that an interrupted build resumes
from, runs :func:`~kg.pipeline.build.build` and writes every output: all of them, or, if one
cannot be written (a full disk), none. The CLI, the notebook and the tests call it; the CLI only
prints what it returns.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from .. import __version__
from ..defaults import COPY_THRESHOLD
from ..errors import Errors, KGError, NothingRead, disk_full
from ..export import replace_together
from ..export.formats import parse_formats, write_formats
from ..ingest import HttpOptions, Problem
from ..ingest.syndication import INDEX_FILE
from ..nlp import default_model
from ..rdf.iri import DEFAULT_BASE
from ..rdf.store import StoreStats, StoreWriter
from ..viz.html import write_html
from .build import BuildSummary, Inputs, ProblemHandler, ProgressHandler, as_inputs, build
from .spool import work_key

__all__ = ["BuildReport", "build_to", "work_folder", "FolderLock"]


@dataclass
class BuildReport:
    """What :func:`build_to` did."""

    summary: BuildSummary
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    """The files written, for a build into a folder."""
    store: StoreStats | None = None
    """What changed in the store, for a build into a store."""


def work_folder(inputs: Iterable[str], outdir: Path, store: Path | None, model: str | None,
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


def build_to(inputs: Inputs, outdir: str | os.PathLike = "output", *, formats: str | Iterable[str] = "ttl",
             store: str | os.PathLike | None = None, html: bool = True, model: str | None = None,
             base: str = DEFAULT_BASE, jobs: int = 1, engine: str = "local", scheduler: str | None = None,
             non_english: str = "skip", resume: bool = True, on_problem: ProblemHandler | None = None,
             progress: ProgressHandler | None = None, columns: Mapping[str, str] | None = None,
             fetch: bool = False, http: HttpOptions | None = None,
             copies: float | None = COPY_THRESHOLD) -> BuildReport:
    """Build the graph of ``inputs`` and write ``outdir/graph.<format>`` for each format and
    ``outdir/graph.html``, or, with ``store``, add it to that Oxigraph store folder.

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
        read (nothing is written then), and the store's errors.
    """
    inputs = list(as_inputs(inputs))
    outdir = Path(outdir)
    store_dir = Path(store) if store is not None else None
    if store_dir is None and outdir.exists() and not outdir.is_dir():
        raise KGError(Errors.E307.format(path=outdir, detail="it is a file, not a folder"))
    names = parse_formats(formats) if isinstance(formats, str) else parse_formats(",".join(formats))
    sink = StoreWriter(store_dir) if store_dir is not None else None
    created = [] if outdir.exists() else [outdir]
    lock: FolderLock | None = None
    try:
        if sink is None:
            outdir.mkdir(parents=True, exist_ok=True)
            lock = FolderLock(outdir)
        workdir = work_folder(inputs, outdir, store_dir, model, base, dict(columns or {}), fetch,
                              copies if copies != COPY_THRESHOLD else None) if resume else None
        index = store_dir / INDEX_FILE if store_dir is not None and copies is not None else None
        result = build(inputs, model=model, base=base, jobs=jobs, engine=engine, scheduler=scheduler,
                       on_problem=on_problem, sink=sink, workdir=workdir, progress=progress,
                       non_english=non_english, columns=columns, fetch=fetch, http=http, copies=copies,
                       copy_index=index)
        # The finished build's own work folder is gone already; its parents go if they are empty.
        for folder in ([workdir.parent] if workdir is not None else []) + created:
            _remove_if_empty(folder)
        report = BuildReport(result.summary, result.problems)
        if result.summary.articles == 0:
            raise NothingRead(Errors.E306.format(outdir=store_dir or outdir))
        if sink is not None:
            report.store = sink.stats
        else:
            with replace_together():
                report.written = write_formats(result.graph, outdir, names)
                if html:
                    report.written.append(write_html(result.graph, outdir / "graph.html"))
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
    return report


def _remove_if_empty(folder: Path) -> None:
    """Remove an empty folder the build made; one that cannot go (a mount point) stays."""
    try:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    except OSError:
        pass
