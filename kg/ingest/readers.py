"""Read news articles from text files, HTML pages, folders, JSONL(.gz) files and stdin.

Every input becomes a stream of :class:`~kg.model.Article` values. A bad file or line
becomes a :class:`Problem` in the same stream, so the caller reports it and goes on
with the other inputs. Nothing here raises on bad input: binary files, broken encodings,
malformed JSON, unreadable paths, link loops, line noise and non-English text each give
one numbered message naming the file (and the line, for JSONL).
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import re
import stat
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator, Union

from .decode import Decoded, decode_bytes, decode_line
from ..errors import Errors, KGError, Warnings, printable
from .htmltext import html_to_text, looks_like_html
from .language import guess_language, has_words
from .meta import MAX_URL, check_date, clean_date, clean_text_value, clean_url, date_offset_ok, shown
from ..model import Article

__all__ = ["Problem", "NON_ENGLISH", "SUFFIXES", "normalize_text", "iter_articles", "parse_text_document",
           "content_hash", "looks_like_text", "check_inputs", "InputItem"]

SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".html", ".htm")
META_FIELDS = ("id", "title", "date", "url", "source")
NON_ENGLISH = ("skip", "process")
"""What to do with an article that looks non-English: skip it, or read it with the English pipeline."""


@dataclass(frozen=True)
class Problem:
    """A file or line that could not be read (``error``) or was read with a caveat (``warning``).

    ``skipped`` says whether the input produced no article: every error does, and so does a
    warning such as "empty, skipped". The CLI exits with 1 when any input was skipped.
    """

    message: str
    path: str
    line: int | None = None
    severity: str = "error"
    skipped: bool | None = None

    def __post_init__(self) -> None:
        if self.skipped is None:
            object.__setattr__(self, "skipped", self.severity == "error")
        object.__setattr__(self, "message", printable(self.message))  # it may quote a file name or a feed


def _warning(message: str, path: str, line: int | None = None, skipped: bool = False) -> Problem:
    return Problem(message, path, line, "warning", skipped)


Item = Union[Article, Problem]

# Typographic quotes make spaCy misread names ("Microsoft‘s" comes out as a place).
# Each replacement is one character for one, so offsets into the normalized text are
# offsets into the original. Control characters (C0 and C1) become spaces, and code points
# that cannot be encoded or published (lone surrogates from JSON "\ud800", noncharacters)
# become U+FFFD.
_CHAR_MAP = {
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{ord(c): " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                            "\u2009\u200a\u202f\u205f\u3000\ufeff\u200b"},
    **{c: " " for c in range(32) if c not in (9, 10, 13)},
    **{c: " " for c in range(0x7F, 0xA0)},
    **{c: "\ufffd" for c in range(0xD800, 0xE000)},
    **{c: "\ufffd" for c in range(0xFDD0, 0xFDF0)},
    **{plane + c: "\ufffd" for plane in range(0, 0x110000, 0x10000) for c in (0xFFFE, 0xFFFF)},
}


def normalize_text(text: str) -> str:
    """Plain quotes and spaces, no control characters; the result has the same length."""
    text = text.translate(_CHAR_MAP)
    if "\r" in text:
        text = text.replace("\r\n", " \n").replace("\r", "\n")
    return text


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", errors="replace")).hexdigest()


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


def _split_leading_meta(text: str) -> tuple[dict[str, str], str]:
    meta: dict[str, str] = {}
    while True:
        m = _LEADING_META.match(text)
        if not m:
            return meta, text
        if m.group("date"):
            meta["date"] = m.group("date")
        elif m.group("url"):
            meta["url"] = m.group("url")
        else:
            meta[m.group("lkey").lower()] = m.group("value").strip()
        text = text[m.end():]


def parse_text_document(raw: str, origin: str, default_id: str | None) -> Article:
    """Split leading metadata (``date 2023-04-20``, ``title: ...``) from the body."""
    meta, text = _split_leading_meta(normalize_text(raw))
    article, _ = _article(text, meta, origin, default_id, origin, None)
    return article


def _article(text: str, meta: dict, origin: str, default_id: str | None, path: str,
             line: int | None) -> tuple[Article, list[Problem]]:
    """The article, and a warning for each metadata value that was dropped."""
    problems: list[Problem] = []
    clean: dict[str, str] = {}
    where = path if line is None else f"{path}:{line}"
    for key in META_FIELDS:
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problems.append(_warning(Warnings.W306.format(path=where, field=key), path, line))
            continue
        value = clean_text_value(normalize_text(str(value)))
        if value is None:
            continue
        if key == "date" and not check_date(value):
            problems.append(_warning(Warnings.W307.format(path=where, value=shown(value)), path, line))
            continue
        if key == "date" and not date_offset_ok(value):
            problems.append(_warning(Warnings.W310.format(path=where, value=shown(value)), path, line))
            continue
        if key == "date":
            value = clean_date(value)
        if key == "url":
            url = clean_url(value)
            if url is None:
                problems.append(_warning(Warnings.W308.format(path=where, value=shown(value)), path, line))
                continue
            if len(url) > MAX_URL:
                problems.append(_warning(Warnings.W309.format(path=where, length=len(url), limit=MAX_URL), path,
                                         line))
                continue
            value = url
        clean[key] = value
    digest = content_hash(text)
    art_id = clean.get("id") or default_id or digest[:16]
    article = Article(text, id=art_id, title=clean.get("title"), date=clean.get("date"), url=clean.get("url"),
                      source=clean.get("source"), origin=origin, content_hash=digest)
    return article, problems


def _accept(article: Article, problems: list[Problem], path: str, line: int | None,
            non_english: str) -> Iterator[Item]:
    """The article with its warnings, unless it is empty, line noise or (by choice) not English."""
    yield from problems
    where = path if line is None else f"{path}:{line}"
    if not article.text.strip():
        message = Warnings.W001.format(path=where) if line is None else Warnings.W002.format(path=path, line=line)
        yield _warning(message, path, line, skipped=True)
        return
    if not has_words(article.text):
        yield _warning(Warnings.W304.format(path=where), path, line, skipped=True)
        return
    guess = guess_language(article.text)
    if guess.english is False:
        if non_english == "skip":
            yield _warning(Warnings.W302.format(path=where, language=guess.language), path, line, skipped=True)
            return
        yield _warning(Warnings.W303.format(path=where, language=guess.language), path, line)
    yield article


def _decoded(data: bytes, display: str) -> tuple[Decoded | None, list[Problem]]:
    decoded = decode_bytes(data)
    if isinstance(decoded, str):
        return None, [Problem(Errors.E300.format(path=display, kind=decoded), display)]
    if decoded.bad_bytes:
        line, column = decoded.first_bad
        return decoded, [_warning(Warnings.W300.format(path=display, line=line, column=column,
                                                       count=decoded.bad_bytes), display, line)]
    return decoded, []


def _text_document(text: str, display: str, default_id: str | None, html: bool,
                   non_english: str, line: int | None = None) -> Iterator[Item]:
    """A text or HTML body with its leading metadata, checked."""
    where = display if line is None else f"{display}:{line}"
    problems: list[Problem] = []
    meta: dict[str, str] = {}
    if html or looks_like_html(text):
        text, title = html_to_text(text)
        problems.append(_warning(Warnings.W301.format(path=where), display, line))
        if title:
            meta["title"] = title
    leading, body = _split_leading_meta(normalize_text(text))
    meta.update(leading)
    article, meta_problems = _article(body, meta, where, default_id, display, line)
    yield from _accept(article, problems + meta_problems, display, line, non_english)


def _default_id(path: Path) -> str | None:
    for suffix in (".txt", ".html", ".htm"):
        if path.name.endswith(suffix):
            return path.name[: -len(suffix)]
    return None


def _os_problem(exc: OSError, display: str) -> Problem:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Problem(Errors.E303.format(path=display), display)
    if exc.errno == errno.ELOOP:
        return Problem(Errors.E302.format(path=display), display)
    return Problem(Errors.E007.format(path=display, detail=exc.strerror or exc), display)


def _file_kind(mode: int) -> str | None:
    """Why a path is not a file kg reads, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _read_bytes(path: Path, display: str, allow_pipe: bool) -> tuple[bytes | None, Problem | None]:
    """The file's bytes. Reading a device or a pipe found in a folder could block or never end,
    so only regular files are read (and a pipe named on the command line, e.g. ``<(zcat x)``)."""
    try:
        mode = path.stat().st_mode
        kind = _file_kind(mode)
        if kind and not (allow_pipe and stat.S_ISFIFO(mode)):
            return None, Problem(Errors.E301.format(path=display, kind=kind), display)
        return path.read_bytes(), None
    except OSError as exc:
        return None, _os_problem(exc, display)


def _read_text_file(path: Path, display: str, non_english: str, allow_pipe: bool,
                    lines: bool = False) -> Iterator[Item]:
    """A text or HTML file as one article, or with ``lines`` each line as its own."""
    data, problem = _read_bytes(path, display, allow_pipe)
    if problem:
        yield problem
        return
    decoded, problems = _decoded(data, display)
    yield from problems
    if decoded is None:
        return
    if not decoded.text.strip():
        yield _warning(Warnings.W001.format(path=display), display, skipped=True)
        return
    if lines:
        yield from _line_articles(decoded.text, display, non_english)
        return
    html = path.name.lower().endswith((".html", ".htm"))
    yield from _text_document(decoded.text, display, _default_id(path), html, non_english)


def _read_jsonl(path: Path, display: str, non_english: str, allow_pipe: bool) -> Iterator[Item]:
    try:
        kind = _file_kind(path.stat().st_mode)
        if kind and not (allow_pipe and kind == "a named pipe"):
            yield Problem(Errors.E301.format(path=display, kind=kind), display)
            return
        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rb") as handle:
            yield from _parse_jsonl(enumerate(handle, start=1), display, non_english)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield Problem(Errors.E310.format(path=display, detail=str(exc) or type(exc).__name__), display)
    except OSError as exc:
        yield _os_problem(exc, display)


def _parse_jsonl(lines: Iterable[tuple[int, bytes]], display: str, non_english: str) -> Iterator[Item]:
    for number, raw in lines:
        if not raw.strip():
            continue
        decoded = decode_line(raw)
        if decoded.bad_bytes:
            yield _warning(Warnings.W300.format(path=display, line=number, column=decoded.first_bad[1],
                                                count=decoded.bad_bytes), display, number)
        try:
            record = json.loads(decoded.text.rstrip("\r\n"))
        except ValueError as exc:  # JSONDecodeError, or an integer too long to convert
            detail = _json_detail(exc)
            yield Problem(Errors.E003.format(path=display, line=number, detail=detail), display, number)
            continue
        except RecursionError:
            yield Problem(Errors.E309.format(path=display, line=number), display, number)
            continue
        if not isinstance(record, dict):
            yield Problem(Errors.E006.format(path=display, line=number, kind=type(record).__name__),
                          display, number)
            continue
        if "text" not in record:
            yield Problem(Errors.E004.format(path=display, line=number), display, number)
            continue
        text = record["text"]
        if not isinstance(text, str):
            yield Problem(Errors.E005.format(path=display, line=number), display, number)
            continue
        if not text.strip():
            yield _warning(Warnings.W002.format(path=display, line=number), display, number, skipped=True)
            continue
        origin = f"{display}:{number}"
        problems: list[Problem] = []
        if looks_like_html(text):
            text, title = html_to_text(text)
            problems.append(_warning(Warnings.W301.format(path=origin), display, number))
            record = {"title": title, **{k: v for k, v in record.items() if v is not None}}
        meta = {k: record.get(k) for k in META_FIELDS if record.get(k) is not None}
        article, meta_problems = _article(normalize_text(text), meta, origin, None, display, number)
        yield from _accept(article, problems + meta_problems, display, number, non_english)


def _json_detail(exc: ValueError) -> str:
    if not isinstance(exc, json.JSONDecodeError):
        return str(exc).split(":")[0]
    # json's messages end in "at" when they name a position: "Unterminated string starting at".
    return f"{exc.msg}{'' if exc.msg.endswith(' at') else ' at'} column {exc.colno}"


def _read_stdin(stream: IO[bytes], lines: bool, non_english: str) -> Iterator[Item]:
    data = stream.read()
    decoded, problems = _decoded(data, "<stdin>")
    yield from problems
    if decoded is None:
        return
    text = decoded.text
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if first.lstrip().startswith("{"):
        yield from _parse_jsonl(((i, ln.encode("utf-8", errors="replace"))
                                 for i, ln in enumerate(text.splitlines(), 1)), "<stdin>", non_english)
    elif lines:
        yield from _line_articles(text, "<stdin>", non_english)
    elif text.strip():
        yield from _text_document(text, "<stdin>", None, False, non_english)
    else:
        yield _warning(Warnings.W001.format(path="<stdin>"), "<stdin>", skipped=True)


def _line_articles(text: str, display: str, non_english: str) -> Iterator[Item]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            article, problems = _article(normalize_text(line), {}, f"{display}:{number}", None, display, number)
            yield from _accept(article, problems, display, number, non_english)


def _walk(folder: Path) -> Iterator[Path | Problem]:
    """Files under ``folder``, sorted, and a problem for each folder that cannot be listed.

    Symbolic links are followed, but a folder is read once: a link back to a folder already
    read (a link loop) is reported and not followed.
    """
    seen: set[str] = set()
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, followlinks=True, onerror=errors.append):
        while errors:
            exc = errors.pop(0)
            yield _listing_problem(exc, folder)
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            yield _warning(Warnings.W305.format(path=root, target=real), root)
            continue
        seen.add(real)
        dirs.sort()
        for name in sorted(files):
            if name.endswith(SUFFIXES):
                yield Path(root) / name
    for exc in errors:
        yield _listing_problem(exc, folder)


def _listing_problem(exc: OSError, folder: Path) -> Problem:
    where = str(exc.filename or folder)
    return Problem(Errors.E304.format(path=where, detail=exc.strerror or exc), where)


def _is_supported(path: Path) -> bool:
    return path.name.endswith(SUFFIXES)


def looks_like_text(value: str) -> bool:
    """Whether a string that is not an existing path is a text to read rather than a path
    that is missing: text has words separated by spaces and does not end like a file name.

    >>> looks_like_text("Elon Musk bought Twitter in 2022.")
    True
    >>> looks_like_text("examples/"), looks_like_text("news 2024.jsonl")
    (False, False)
    """
    if "\n" in value:
        return True
    if not any(ch.isspace() for ch in value.strip()):
        return False
    return not value.rstrip().lower().endswith((*SUFFIXES, ".gz", "/", os.sep))


InputItem = Union[str, "os.PathLike[str]", Article]


def iter_articles(inputs: Iterable[InputItem], *, lines: bool = False, stdin: IO[bytes] | None = None,
                  non_english: str = "skip") -> Iterator[Item]:
    """Yield an :class:`Article` per document, or a :class:`Problem` per unreadable input.

    ``inputs`` are paths to ``.txt``/``.html``/``.jsonl``/``.jsonl.gz`` files or folders, ``-`` for
    stdin, texts (a string with spaces that is not a path, see :func:`looks_like_text`) or
    :class:`~kg.model.Article` records. With ``lines=True`` every non-empty line of a text input
    is its own article (used for sentence benchmarks such as CaRB). ``non_english`` is
    ``"skip"`` or ``"process"``.

    >>> [a.text for a in iter_articles(["Elon Musk bought Twitter in 2022."])]
    ['Elon Musk bought Twitter in 2022.']
    """
    if non_english not in NON_ENGLISH:
        raise ValueError(f"non_english must be one of {NON_ENGLISH}, not {non_english!r}")
    for number, raw in enumerate(inputs, start=1):
        if isinstance(raw, Article):
            yield from _record(raw, f"<article {number}>", non_english)
            continue
        raw = os.fspath(raw)
        if raw == "-":
            yield from _read_stdin(stdin or sys.stdin.buffer, lines, non_english)
            continue
        path = Path(raw)
        if not path.exists():
            if os.path.lexists(raw):  # a link that loops or points nowhere exists as a name only
                yield _read_bytes(path, raw, False)[1]
            elif looks_like_text(raw):
                yield from _text_input(raw, f"<text {number}>", lines, non_english)
            else:
                yield Problem(Errors.E001.format(path=raw), raw)
            continue
        if path.is_dir():
            found = False
            for file in _walk(path):
                if isinstance(file, Problem):
                    yield file
                    continue
                found = True
                yield from _read_file(file, str(file), lines, non_english, allow_pipe=False)
            if not found:
                yield _warning(Warnings.W003.format(path=raw), raw, skipped=True)
        elif _is_supported(path) or lines:
            yield from _read_file(path, raw, lines, non_english, allow_pipe=True)
        else:
            yield Problem(Errors.E008.format(path=raw), raw)


def _text_input(text: str, display: str, lines: bool, non_english: str) -> Iterator[Item]:
    if lines:
        yield from _line_articles(text, display, non_english)
    else:
        yield from _text_document(text, display, None, False, non_english)


def _record(record: Article, display: str, non_english: str) -> Iterator[Item]:
    """An article record from the Python API: its text normalized and its metadata checked
    like a JSONL line's."""
    if not isinstance(record.text, str):
        yield Problem(Errors.E005.format(path=display, line=1), display)
        return
    where = record.origin if record.origin != "-" else display
    meta = {key: getattr(record, key) for key in META_FIELDS if getattr(record, key) is not None}
    article, problems = _article(normalize_text(record.text), meta, where, None, where, None)
    yield from _accept(article, problems, where, None, non_english)


def check_inputs(inputs: Iterable[InputItem]) -> None:
    """Raise for an input that can only be a mistake: a string that is neither an existing
    path, nor '-', nor text, or a value of another type."""
    for raw in inputs:
        if isinstance(raw, Article):
            continue
        if not isinstance(raw, (str, os.PathLike)):
            raise KGError(Errors.E019.format(kind=type(raw).__name__))
        value = os.fspath(raw)
        if value != "-" and not os.path.lexists(value) and not looks_like_text(value):
            raise KGError(Errors.E020.format(path=value))


def _read_file(path: Path, display: str, lines: bool, non_english: str, allow_pipe: bool) -> Iterator[Item]:
    if path.name.endswith((".jsonl", ".jsonl.gz")):
        yield from _read_jsonl(path, display, non_english, allow_pipe)
    else:
        yield from _read_text_file(path, display, non_english, allow_pipe, lines)
