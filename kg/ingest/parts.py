"""The inputs of a build cut into parts that workers read on their own (a Dask cluster's).

The client only plans: it walks the folders and names the files (:func:`plan`), and a worker
counts the lines of each JSONL file (:func:`count_lines`); then :func:`cut` groups the inputs into
:class:`Part` values of about :data:`PART_SIZE` articles each, which name files and line ranges,
not texts. A worker reads a part with :func:`read_part`, which yields exactly what
:func:`~kg.ingest.iter_articles` yields for those files and lines, with the same messages, so the
stream of all parts in order is the stream of the whole input.

What a worker cannot read by itself (a text, a record, a data frame, stdin, a named pipe, an
http(s) URL, whose fetching must stay polite) the client reads, and the part carries the articles.

Files may be on a folder every worker mounts at the same path, or behind an ``fsspec`` URL such as
``s3://bucket/news/*.jsonl.gz`` (JSONL only, with the matching fsspec backend installed on the
client and the workers); globs are expanded on the client.

>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> lines = [json.dumps({"id": f"a{i}", "text": f"Story number {i} is about Acme Corp."}) for i in range(5)]
>>> _ = (folder / "news.jsonl").write_text("\\n".join(lines) + "\\n")
>>> entries = plan([str(folder / "news.jsonl")])
>>> counts = {entry.path: count_lines(entry) for entry in entries if isinstance(entry, Source)}
>>> parts = cut(entries, counts, size=2)
>>> [part.pieces[0].lines for part in parts]
[(1, 3), (3, 5), (5, 6)]
>>> [a.id for a in read_part(parts[1])]
['a2', 'a3']
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import zlib
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Iterable, Iterator, Mapping, Union

from ..errors import Errors, KGError, MissingDependency, Warnings
from ..model import Article
from .problems import Problem, warning
from .readers import (NAMED_SUFFIXES, InputItem, Item, _Context, _file_kind, _os_problem, _parse_jsonl, _read_file,
                      _walk, iter_articles)
from .tables import is_dataframe

__all__ = ["PART_SIZE", "Source", "Piece", "Part", "plan", "count_lines", "cut", "read_part", "is_fsspec_url",
           "open_source"]

PART_SIZE = 100
"""Articles (JSONL lines, files) in a part. The same input always gives the same parts, whatever
the number of workers, so an interrupted cluster build finds its parts again."""

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_LINES = (".jsonl", ".jsonl.gz")


def is_fsspec_url(value: str) -> bool:
    """A URL that fsspec opens (``s3://``, ``gs://``, ``file://`` ...): not http(s), which kg fetches
    itself (politely, see :mod:`kg.ingest.fetch`).

    >>> is_fsspec_url("s3://bucket/news/*.jsonl.gz"), is_fsspec_url("https://x.org/feed"), is_fsspec_url("a.jsonl")
    (True, False, False)
    """
    match = _SCHEME.match(value.strip())
    return match is not None and match.group(1).lower() not in ("http", "https") and not any(
        c.isspace() for c in value.strip())


def _fsspec():
    try:
        import fsspec
    except ImportError:
        raise MissingDependency(Errors.E021.format(feature="Reading fsspec URLs (s3://, gs://, file:// ...)",
                                                   package="fsspec", extra="fsspec")) from None
    return fsspec


def _filesystem(url: str):
    """The fsspec filesystem of ``url`` and the path in it; a missing backend is E021, a scheme
    fsspec does not know E338."""
    fsspec = _fsspec()
    try:
        return fsspec.core.url_to_fs(url)
    except ValueError as exc:
        scheme = _scheme(url)
        raise KGError(Errors.E338.format(url=url, scheme=scheme, detail=exc)) from exc
    except ImportError as exc:
        scheme = _scheme(url)
        from fsspec.registry import known_implementations
        known = known_implementations.get(scheme, {})
        package = known.get("class", scheme).split(".")[0]
        raise MissingDependency(Errors.E021.format(feature=f"Reading {scheme}:// inputs", package=package,
                                                   extra=package)) from exc


def _scheme(url: str) -> str:
    match = _SCHEME.match(url)
    assert match is not None  # only fsspec URLs (is_fsspec_url) get here
    return match.group(1).lower()


def expand_url(url: str) -> list[str]:
    """The files an fsspec URL names (a glob is expanded), as URLs, sorted."""
    fs, path = _filesystem(url)
    names = sorted(fs.glob(path)) if any(c in path for c in "*?[") else [path]
    return [fs.unstrip_protocol(name) for name in names]


def open_source(path: str) -> IO[bytes] | gzip.GzipFile:
    """A binary handle on a local file or an fsspec URL, decompressed when it ends in ``.gz``."""
    if is_fsspec_url(path):
        fs, inner = _filesystem(path)
        handle = fs.open(inner, "rb")
        return gzip.GzipFile(fileobj=handle) if path.endswith(".gz") else handle
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")


@dataclass(frozen=True)
class Source:
    """A file a worker reads by itself: ``lines`` (JSONL, cut into line ranges) or a whole ``file``."""

    path: str
    """A local path (as the client names it) or an fsspec URL."""
    display: str
    """How messages name it (what :func:`~kg.ingest.iter_articles` would say)."""
    kind: str


@dataclass(frozen=True)
class Piece:
    """What a part reads from one input: a whole file, lines ``[start, stop)`` of a JSONL file,
    or (``source`` None) articles and problems the client read."""

    source: Source | None = None
    lines: tuple[int, int] | None = None
    items: tuple = ()


@dataclass(frozen=True)
class Part:
    """About :data:`PART_SIZE` articles of the input, in order: the unit of work of a worker."""

    index: int
    pieces: tuple[Piece, ...]

    @property
    def key(self) -> str:
        """A name for this part's work that the same input gives again (an interrupted build's)."""
        parts = []
        for piece in self.pieces:
            if piece.source is None:
                parts.append(":".join(getattr(item, "content_hash", "") or getattr(item, "message", "")
                                      for item in piece.items))
            else:
                parts.append(f"{piece.source.path}\x1f{piece.lines}")
        return hashlib.sha1("\x1e".join(parts).encode("utf-8")).hexdigest()[:16]


Entry = Union[Source, Problem, Article]


def plan(inputs: Iterable[InputItem], *, non_english: str = "skip", columns: Mapping[str, str] | None = None,
         fetch: bool = False, http=None) -> list[Entry]:
    """The inputs in order, as files for the workers (:class:`Source`), and the articles and
    problems of what only the client can read (and of folders it cannot list)."""
    entries: list[Entry] = []
    for number, raw in enumerate(inputs, start=1):
        if isinstance(raw, Article) or is_dataframe(raw) or not isinstance(raw, (str, os.PathLike)):
            entries.extend(_client_reads([raw], number, non_english, columns, fetch, http))
            continue
        raw = os.fspath(raw)
        if is_fsspec_url(raw) and not os.path.lexists(raw):
            for url in expand_url(raw.strip()):
                if url.lower().endswith(_LINES):
                    entries.append(Source(url, url, "lines"))
                else:
                    entries.append(Problem(Errors.E337.format(url=url), url))
            continue
        path = Path(raw)
        if raw == "-" or not path.exists():
            entries.extend(_client_reads([raw], number, non_english, columns, fetch, http))
        elif path.is_dir():
            found = False
            for file in _walk(path):
                if isinstance(file, Problem):
                    entries.append(file)
                    continue
                found = True
                source = _source(file, str(file), fetch, named=False)
                if source is not None:
                    entries.append(source)
                else:  # its articles and problems, each an entry (not the list of them as one)
                    entries.extend(_one_file(file, str(file), non_english, columns, fetch, http))
            if not found:
                entries.append(warning(Warnings.W003.format(path=raw), raw, skipped=True))
        elif path.name.lower().endswith(NAMED_SUFFIXES) and (source := _source(path, raw, fetch, named=True)):
            entries.append(source)
        else:
            entries.extend(_client_reads([raw], number, non_english, columns, fetch, http))
    return [e for e in entries if e is not None]


def _source(path: Path, display: str, fetch: bool, named: bool) -> Source | None:
    """A regular file a worker can read on its own, or None (a pipe, a device: the client reads
    it, so that it is read once; a feed to fetch from: the client keeps fetching polite)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if _file_kind(mode) is not None:
        return None
    name = path.name.lower()
    if fetch and name.endswith((".xml", ".rss", ".atom")):
        return None
    return Source(display, display, "lines" if name.endswith(_LINES) else "file")


def _one_file(path: Path, display: str, non_english: str, columns, fetch: bool, http) -> list[Item]:
    """A file of a folder that the client reads (as iter_articles would have, found in a folder)."""
    ctx = _Context(False, non_english, columns, fetch, http)
    try:
        return list(_read_file(path, display, ctx, allow_pipe=False))
    finally:
        ctx.close()


def _client_reads(raw: list, number: int, non_english: str, columns, fetch: bool, http) -> list[Item]:
    items = list(iter_articles(raw, non_english=non_english, columns=columns, fetch=fetch, http=http))
    # iter_articles numbers texts and records from 1: keep the input's own number in messages.
    if number != 1:
        items = [_renumbered(item, number) for item in items]
    return items


def _renumbered(item: Item, number: int) -> Item:
    from dataclasses import replace
    for kind in ("text", "article", "data frame"):
        old, new = f"<{kind} 1>", f"<{kind} {number}>"
        if isinstance(item, Problem) and old in item.message:
            return Problem(item.message.replace(old, new), item.path.replace(old, new), item.line, item.severity,
                           item.skipped)
        if isinstance(item, Article) and item.origin.startswith(old):
            return replace(item, origin=new + item.origin[len(old):])
    return item


def count_lines(source: Source) -> tuple[int, list[Problem]]:
    """The lines of a JSONL source (a worker counts them), and the problem that stopped the count:
    a file that cannot be read, or gzip data that breaks off (the lines before it are read)."""
    count = 0
    try:
        with open_source(source.path) as handle:
            for count, _ in enumerate(handle, start=1):
                pass
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        return count, [Problem(Errors.E310.format(path=source.display, detail=str(exc) or type(exc).__name__),
                               source.display)]
    except OSError as exc:
        return count, [_os_problem(exc, source.display)]
    return count, []


def cut(entries: list[Entry], counts: Mapping[str, tuple[int, list[Problem]]], size: int = PART_SIZE) -> list[Part]:
    """The entries as parts of about ``size`` articles, in order: a JSONL file's lines cut into
    ranges, whole files and the client's articles and problems packed together."""
    parts: list[Part] = []
    pieces: list[Piece] = []
    filled = 0

    def close() -> None:
        nonlocal pieces, filled
        if pieces:
            parts.append(Part(len(parts), tuple(pieces)))
        pieces, filled = [], 0

    def add(piece: Piece, weight: int) -> None:
        nonlocal filled
        if filled and filled + weight > size:
            close()
        pieces.append(piece)
        filled += weight

    loose: list = []

    def flush_loose() -> None:
        nonlocal loose
        if loose:
            add(Piece(items=tuple(loose)), sum(isinstance(i, Article) for i in loose))
            loose = []

    for entry in entries:
        if not isinstance(entry, Source):
            loose.append(entry)
            if sum(isinstance(i, Article) for i in loose) >= size:
                flush_loose()
            continue
        flush_loose()
        if entry.kind == "file":
            add(Piece(entry), 1)
            continue
        lines, problems = counts.get(entry.path, (0, []))
        for start in range(1, lines + 1, size):
            add(Piece(entry, (start, min(start + size, lines + 1))), min(size, lines + 1 - start))
        loose.extend(problems)
    flush_loose()
    close()
    return parts


def read_part(part: Part, *, non_english: str = "skip", columns: Mapping[str, str] | None = None) -> Iterator[Item]:
    """The articles and problems of a part, as :func:`~kg.ingest.iter_articles` yields them for
    those inputs. A line range does not repeat the problem that stopped the count of its file."""
    ctx = _Context(False, non_english, columns, False, None)
    try:
        for piece in part.pieces:
            if piece.source is None:
                yield from piece.items
            elif piece.lines is None:
                yield from _read_file(Path(piece.source.path), piece.source.display, ctx, allow_pipe=False)
            else:
                yield from _line_range(piece.source, *piece.lines, non_english)
    finally:
        ctx.close()


def _line_range(source: Source, start: int, stop: int, non_english: str) -> Iterator[Item]:
    try:
        with open_source(source.path) as handle:
            yield from _parse_jsonl(islice(enumerate(handle, start=1), start - 1, stop - 1), source.display,
                                    non_english)
    except (gzip.BadGzipFile, EOFError, zlib.error, OSError):
        return  # count_lines reported it, at its place in the input
