"""Read news articles from text files, folders, JSONL(.gz) files and stdin.

Every input becomes a stream of :class:`~kg.model.Article` values. A bad file or line
becomes a :class:`Problem` in the same stream, so the caller reports it and goes on
with the other inputs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator, Union

from .errors import Errors, Warnings
from .model import Article, ArticleMeta

__all__ = ["Problem", "normalize_text", "iter_articles", "parse_text_document", "content_hash"]

SUFFIXES = (".txt", ".jsonl", ".jsonl.gz")
META_FIELDS = ("id", "title", "date", "url", "source")


@dataclass(frozen=True)
class Problem:
    """A file or line that could not be read (``error``) or was read with a caveat (``warning``)."""

    message: str
    path: str
    line: int | None = None
    severity: str = "error"


Item = Union[Article, Problem]

# Typographic quotes make spaCy misread names ("Microsoft‘s" comes out as a place).
# Each replacement is one character for one, so offsets into the normalized text are
# offsets into the original.
_CHAR_MAP = {
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{ord(c): " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                            "\u2009\u200a\u202f\u205f\u3000\ufeff\u200b"},
    **{c: " " for c in range(32) if c not in (9, 10, 13)},
    0x7F: " ",
}


def normalize_text(text: str) -> str:
    """Plain quotes and spaces, no control characters; the result has the same length."""
    text = text.translate(_CHAR_MAP)
    if "\r" in text:
        text = text.replace("\r\n", " \n").replace("\r", "\n")
    return text


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


_DATE = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"
# A metadata key at the very top of a .txt file. 'date' and 'url' have a recognisable
# value, so they may share the line with the text that follows; the others run to the
# end of their own line.
_LEADING_META = re.compile(
    rf"\A\s*(?:(?P<key>date|published)\s*:?\s+(?P<date>{_DATE})\s+"
    r"|(?P<ukey>url)\s*:?\s+(?P<url>https?://\S+)\s+"
    r"|(?P<lkey>title|source|id)\s*:\s*(?P<value>[^\n]+)\n)",
    re.IGNORECASE,
)


def parse_text_document(raw: str, origin: str, default_id: str) -> Article:
    """Split leading metadata (``date 2023-04-20``, ``title: ...``) from the body."""
    text = normalize_text(raw)
    meta: dict[str, str] = {}
    while True:
        m = _LEADING_META.match(text)
        if not m:
            break
        if m.group("date"):
            meta["date"] = m.group("date")
        elif m.group("url"):
            meta["url"] = m.group("url")
        else:
            meta[m.group("lkey").lower()] = m.group("value").strip()
        text = text[m.end():]
    return _article(text, meta, origin, default_id)


def _article(text: str, meta: dict, origin: str, default_id: str | None) -> Article:
    digest = content_hash(text)
    art_id = str(meta.get("id") or default_id or digest[:16])
    return Article(
        meta=ArticleMeta(
            id=art_id,
            title=_opt(meta.get("title")),
            date=_opt(meta.get("date")),
            url=_opt(meta.get("url")),
            source=_opt(meta.get("source")),
            origin=origin,
            content_hash=digest,
        ),
        text=text,
    )


def _opt(value) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _decode(data: bytes, path: str) -> tuple[str | None, Problem | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        if b"\x00" in data[:4096]:
            return None, Problem(Errors.E007.format(path=path, detail="binary data, not text"), path)
        return data.decode("cp1252", errors="replace"), Problem(
            Errors.E014.format(path=path, offset=exc.start) + " Decoded as cp1252 instead.",
            path, severity="warning")


def _read_txt(path: Path, display: str) -> Iterator[Item]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(Errors.E007.format(path=display, detail=exc.strerror or exc), display)
        return
    text, problem = _decode(data, display)
    if problem:
        yield problem
    if text is None:
        return
    if not text.strip():
        yield Problem(Warnings.W001.format(path=display), display, severity="warning")
        return
    yield parse_text_document(text, display, path.name[: -len(".txt")] if path.name.endswith(".txt") else None)


def _jsonl_lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    for number, line in enumerate(handle, start=1):
        yield number, line


def _read_jsonl(path: Path, display: str) -> Iterator[Item]:
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            yield from _parse_jsonl(_jsonl_lines(handle), display)
    except (OSError, EOFError) as exc:
        yield Problem(Errors.E007.format(path=display, detail=getattr(exc, "strerror", None) or exc), display)


def _parse_jsonl(lines: Iterable[tuple[int, bytes]], display: str) -> Iterator[Item]:
    for number, raw in lines:
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Problem(Errors.E014.format(path=f"{display}:{number}", offset=exc.start), display, number)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(Errors.E003.format(path=display, line=number, detail=exc.msg), display, number)
            continue
        if not isinstance(record, dict):
            yield Problem(Errors.E006.format(path=display, line=number, kind=type(record).__name__),
                          display, number)
            continue
        if "text" not in record:
            yield Problem(Errors.E004.format(path=display, line=number), display, number)
            continue
        if not isinstance(record["text"], str):
            yield Problem(Errors.E005.format(path=display, line=number), display, number)
            continue
        if not record["text"].strip():
            yield Problem(Warnings.W002.format(path=display, line=number), display, number, "warning")
            continue
        meta = {k: record.get(k) for k in META_FIELDS if record.get(k) is not None}
        yield _article(normalize_text(record["text"]), meta, f"{display}:{number}", None)


def _read_stdin(stream: IO[bytes], lines: bool) -> Iterator[Item]:
    data = stream.read()
    text, problem = _decode(data, "<stdin>")
    if problem:
        yield problem
    if text is None:
        return
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if first.lstrip().startswith("{"):
        yield from _parse_jsonl(
            ((i, ln.encode("utf-8")) for i, ln in enumerate(text.splitlines(), 1)), "<stdin>")
    elif lines:
        yield from _line_articles(text, "<stdin>")
    elif text.strip():
        yield parse_text_document(text, "<stdin>", None)


def _line_articles(text: str, display: str) -> Iterator[Article]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield _article(normalize_text(line), {}, f"{display}:{number}", None)


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, sorted, following symlinks once (a link loop is not followed twice)."""
    seen: set[str] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        for name in sorted(files):
            if name.endswith(SUFFIXES):
                yield Path(root) / name


def _is_supported(path: Path) -> bool:
    return path.name.endswith(SUFFIXES)


def iter_articles(inputs: Iterable[str], *, lines: bool = False,
                  stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Yield an :class:`Article` per document, or a :class:`Problem` per unreadable input.

    ``inputs`` are paths to ``.txt``/``.jsonl``/``.jsonl.gz`` files or folders, or ``-``
    for stdin. With ``lines=True`` every non-empty line of a text input is its own article
    (used for sentence benchmarks such as CaRB).
    """
    for raw in inputs:
        if raw == "-":
            yield from _read_stdin(stdin or sys.stdin.buffer, lines)
            continue
        path = Path(raw)
        if not path.exists():
            yield Problem(Errors.E001.format(path=raw), raw)
            continue
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                yield from _read_file(file, str(file), lines)
            if not found:
                yield Problem(Warnings.W003.format(path=raw), raw, severity="warning")
        elif _is_supported(path) or lines:
            yield from _read_file(path, raw, lines)
        else:
            yield Problem(Errors.E008.format(path=raw), raw)


def _read_file(path: Path, display: str, lines: bool) -> Iterator[Item]:
    if path.name.endswith((".jsonl", ".jsonl.gz")):
        yield from _read_jsonl(path, display)
    elif lines:
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield Problem(Errors.E007.format(path=display, detail=exc.strerror or exc), display)
            return
        text, problem = _decode(data, display)
        if problem:
            yield problem
        if text is not None:
            yield from _line_articles(text, display)
    else:
        yield from _read_txt(path, display)
