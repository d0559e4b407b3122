"""Read news articles from text files, HTML pages, folders, JSONL(.gz) files, feeds, tables,
URLs, data frames and stdin.

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
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping, Union

from .decode import Decoded, decode_bytes, decode_line
from ..errors import Errors, KGError, Warnings
from .feeds import FEED_TYPES, FeedEntry, looks_like_feed, parse_feed
from .fetch import Fetched, FetchError, Fetcher, HttpOptions, is_url
from .htmltext import looks_like_html
from .language import guess_language, has_words
from .meta import MAX_URL, check_date, clean_date, clean_text_value, clean_url, date_offset_ok, shown
from .problems import Problem, warning
from .tables import Row, column_map, is_dataframe, read_delimited, read_frame, read_parquet
from .web import page_article
from ..model import Article

__all__ = ["Problem", "NON_ENGLISH", "SUFFIXES", "normalize_text", "iter_articles", "parse_text_document",
           "content_hash", "looks_like_text", "check_inputs", "InputItem"]

SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".html", ".htm", ".rss", ".atom", ".csv", ".tsv", ".parquet")
"""What a folder is searched for. An ``.xml`` file is read (as a feed) only when named."""
NAMED_SUFFIXES = SUFFIXES + (".xml",)
META_FIELDS = ("id", "title", "date", "url", "source", "author")
NON_ENGLISH = ("skip", "process")
"""What to do with an article that looks non-English: skip it, or read it with the English pipeline."""


_warning = warning

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
                      source=clean.get("source"), author=clean.get("author"), origin=origin, content_hash=digest)
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
        assert decoded.first_bad is not None  # decode_line sets it whenever bad_bytes > 0
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
        text, meta, problems = _html(text, where, display, line)
    leading, body = _split_leading_meta(normalize_text(text))
    meta.update(leading)
    article, meta_problems = _article(body, meta, where, default_id, display, line)
    yield from _accept(article, problems + meta_problems, display, line, non_english)


def _html(html: str | bytes, where: str, display: str, line: int | None,
          url: str | None = None) -> tuple[str, dict[str, str], list[Problem]]:
    """A page's article text and metadata (:mod:`.web`), with W301 when no body was found."""
    text, meta, extracted = page_article(html, url)
    problems = [] if extracted else [_warning(Warnings.W301.format(path=where), display, line)]
    return text, meta, problems


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


def _read_bytes(path: Path, display: str, allow_pipe: bool) -> bytes | Problem:
    """The file's bytes, or why they cannot be read. Reading a device or a pipe found in a folder
    could block or never end, so only regular files are read (and a pipe named on the command
    line, e.g. ``<(zcat x)``)."""
    try:
        mode = path.stat().st_mode
        kind = _file_kind(mode)
        if kind and not (allow_pipe and stat.S_ISFIFO(mode)):
            return Problem(Errors.E301.format(path=display, kind=kind), display)
        return path.read_bytes()
    except OSError as exc:
        return _os_problem(exc, display)


def _read_text_file(path: Path, display: str, non_english: str, allow_pipe: bool,
                    lines: bool = False) -> Iterator[Item]:
    """A text or HTML file as one article, or with ``lines`` each line as its own."""
    data = _read_bytes(path, display, allow_pipe)
    if isinstance(data, Problem):
        yield data
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
            assert decoded.first_bad is not None  # decode_line sets it whenever bad_bytes > 0
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
            text, found, problems = _html(text, origin, display, number)
            record = {**found, **{k: v for k, v in record.items() if v is not None}}
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


InputItem = Union[str, "os.PathLike[str]", Article, Any]
"""A path, '-', an http(s) URL, a text, a :class:`~kg.model.Article` or a pandas DataFrame."""


class _Context:
    """What the readers of one :func:`iter_articles` call share: options and the fetcher."""

    def __init__(self, lines: bool, non_english: str, columns: Mapping[str, str] | None, fetch: bool,
                 http: HttpOptions | Fetcher | None) -> None:
        self.lines, self.non_english, self.fetch = lines, non_english, fetch
        self.columns = column_map(columns)
        self._http = http
        self._fetcher: Fetcher | None = http if isinstance(http, Fetcher) else None
        self._own = False

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self._http if isinstance(self._http, HttpOptions) else HttpOptions())
            self._own = True
        return self._fetcher

    def close(self) -> None:
        if self._own and self._fetcher is not None:
            self._fetcher.close()


def iter_articles(inputs: Iterable[InputItem], *, lines: bool = False, stdin: IO[bytes] | None = None,
                  non_english: str = "skip", columns: Mapping[str, str] | None = None, fetch: bool = False,
                  http: HttpOptions | Fetcher | None = None) -> Iterator[Item]:
    """Yield an :class:`Article` per document, or a :class:`Problem` per unreadable input.

    ``inputs`` are paths to ``.txt``/``.html``/``.jsonl``/``.jsonl.gz`` files, feeds
    (``.xml``/``.rss``/``.atom``), tables (``.csv``/``.tsv``/``.parquet``) or folders, http(s)
    URLs of a feed, a page or a table, ``-`` for stdin, texts (a string with spaces that is
    not a path, see :func:`looks_like_text`), :class:`~kg.model.Article` records or pandas
    DataFrames. With ``lines=True`` every non-empty line of a text input is its own article
    (used for sentence benchmarks such as CaRB). ``non_english`` is ``"skip"`` or ``"process"``.
    ``columns`` renames the columns of tables (``{"text": "body"}``, see
    :mod:`kg.ingest.tables`); with ``fetch``, a feed item's linked page is fetched and read
    instead of the item's summary; ``http`` sets how (:class:`~kg.ingest.fetch.HttpOptions`).

    >>> [a.text for a in iter_articles(["Elon Musk bought Twitter in 2022."])]
    ['Elon Musk bought Twitter in 2022.']
    """
    if non_english not in NON_ENGLISH:
        raise ValueError(f"non_english must be one of {NON_ENGLISH}, not {non_english!r}")
    ctx = _Context(lines, non_english, columns, fetch, http)
    try:
        yield from _inputs(inputs, stdin, ctx)
    finally:
        ctx.close()


def _inputs(inputs: Iterable[InputItem], stdin: IO[bytes] | None, ctx: _Context) -> Iterator[Item]:
    lines, non_english = ctx.lines, ctx.non_english
    for number, raw in enumerate(inputs, start=1):
        if isinstance(raw, Article):
            yield from _record(raw, f"<article {number}>", non_english)
            continue
        if is_dataframe(raw):
            display = f"<data frame {number}>"
            yield from _table(read_frame(raw, display, columns=ctx.columns), display, ctx)
            continue
        raw = os.fspath(raw)
        if raw == "-":
            yield from _read_stdin(stdin or sys.stdin.buffer, lines, non_english)
            continue
        path = Path(raw)
        if not path.exists():
            if os.path.lexists(raw):  # a link that loops or points nowhere exists as a name only
                # Why its stat() fails; bytes only if its target appeared since path.exists().
                unread = _read_bytes(path, raw, False)
                yield unread if isinstance(unread, Problem) else Problem(Errors.E001.format(path=raw), raw)
            elif is_url(raw):
                yield from _read_url(raw.strip(), ctx)
            elif _is_fsspec_url(raw):
                yield from _read_fsspec(raw.strip(), non_english)
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
                yield from _read_file(file, str(file), ctx, allow_pipe=False)
            if not found:
                yield _warning(Warnings.W003.format(path=raw), raw, skipped=True)
        elif path.name.lower().endswith(NAMED_SUFFIXES) or lines:
            yield from _read_file(path, raw, ctx, allow_pipe=True)
        else:
            yield Problem(Errors.E008.format(path=raw), raw)


def _is_fsspec_url(value: str) -> bool:
    from .parts import is_fsspec_url
    return is_fsspec_url(value)


def _read_fsspec(url: str, non_english: str) -> Iterator[Item]:
    """JSONL files behind an fsspec URL (``s3://bucket/news/*.jsonl.gz``), a glob expanded."""
    from .parts import expand_url, open_source
    for name in expand_url(url):
        if not name.lower().endswith((".jsonl", ".jsonl.gz")):
            yield Problem(Errors.E337.format(url=name), name)
            continue
        try:
            with open_source(name) as handle:
                yield from _parse_jsonl(enumerate(handle, start=1), name, non_english)
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            yield Problem(Errors.E310.format(path=name, detail=str(exc) or type(exc).__name__), name)
        except OSError as exc:
            yield _os_problem(exc, name)


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
    path, nor '-', nor an http(s) URL, nor text, or a value of another type."""
    for raw in inputs:
        if isinstance(raw, Article) or is_dataframe(raw):
            continue
        if not isinstance(raw, (str, os.PathLike)):
            raise KGError(Errors.E019.format(kind=type(raw).__name__))
        value = os.fspath(raw)
        if value != "-" and not os.path.lexists(value) and not is_url(value) and not looks_like_text(value) \
                and not _is_fsspec_url(value):
            raise KGError(Errors.E020.format(path=value))


def _read_file(path: Path, display: str, ctx: _Context, allow_pipe: bool) -> Iterator[Item]:
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz")):
        yield from _read_jsonl(path, display, ctx.non_english, allow_pipe)
    elif name.endswith(".parquet"):
        problem = _file_kind_problem(path, display, allow_pipe, ctx)
        if problem is None:
            yield from _table(read_parquet(str(path), display, columns=ctx.columns), display, ctx)
        else:
            yield problem
    elif name.endswith((".csv", ".tsv", ".xml", ".rss", ".atom")):
        data = _read_bytes(path, display, allow_pipe)
        if isinstance(data, Problem):
            yield data
        elif name.endswith((".csv", ".tsv")):
            delimiter = "\t" if name.endswith(".tsv") else ","
            yield from _table(read_delimited(data, display, delimiter=delimiter, columns=ctx.columns), display, ctx)
        else:
            yield from _read_feed(data, display, ctx)
    else:
        yield from _read_text_file(path, display, ctx.non_english, allow_pipe, ctx.lines)


def _file_kind_problem(path: Path, display: str, allow_pipe: bool, ctx: _Context) -> Problem | None:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return _os_problem(exc, display)
    kind = _file_kind(mode)
    if kind:
        return Problem(Errors.E301.format(path=display, kind=kind), display)
    if not os.access(path, os.R_OK):
        return Problem(Errors.E303.format(path=display), display)
    return None


# -- tables, feeds and the web -------------------------------------------------------------------

def _table(rows: Iterable[Row], display: str, ctx: _Context) -> Iterator[Item]:
    """Articles from a table's rows (:mod:`.tables`); an HTML cell is read as a page."""
    found = False
    for row in rows:
        found = True
        if isinstance(row, Problem):
            yield row
            continue
        line, record = row
        text = record.pop("text")
        origin = f"{display}:{line}"
        problems: list[Problem] = []
        if looks_like_html(text):
            text, page_meta, problems = _html(text, origin, display, line)
            record = {**page_meta, **record}
        article, meta_problems = _article(normalize_text(text), record, origin, None, display, line)
        yield from _accept(article, problems + meta_problems, display, line, ctx.non_english)
    if not found:
        yield _warning(Warnings.W003.format(path=display), display, skipped=True)


def _read_feed(data: bytes, display: str, ctx: _Context) -> Iterator[Item]:
    feed = parse_feed(data, display)
    if feed.error:
        yield Problem(feed.error, display)
        return
    if feed.warning:
        yield _warning(feed.warning, display)
    if not feed.entries:
        yield _warning(Warnings.W003.format(path=display), display, skipped=True)
    for entry in feed.entries:
        yield from _feed_item(entry, display, ctx)


def _feed_item(entry: FeedEntry, display: str, ctx: _Context) -> Iterator[Item]:
    line = entry.line
    where = display if line is None else f"{display}:{line}"
    meta = {key: value for key in META_FIELDS if (value := getattr(entry, key if key != "url" else "link"))}
    text = entry.text
    problems: list[Problem] = []
    if ctx.fetch and not entry.link:
        problems.append(_warning(Warnings.W322.format(path=display, line=line), display, line))
    elif ctx.fetch and entry.link:  # entry.link is set whenever ctx.fetch is, after the test above
        page = _fetch_page(entry.link, where, display, line, ctx)
        if isinstance(page, Problem):
            problems.append(page)
        else:
            text, page_meta, page_problems = page
            problems.extend(page_problems)
            # The feed's title and date; the page's author where the feed has none, its final URL.
            meta = {**page_meta, **meta, "url": page_meta["url"]}
    if not text.strip():
        hint = " (pass --fetch to read the linked page)" if entry.link and not ctx.fetch else ""
        yield from problems
        yield Problem(Errors.E328.format(path=display, line=line, hint=hint), display, line)
        return
    article, meta_problems = _article(normalize_text(text), meta, where, None, display, line)
    yield from _accept(article, problems + meta_problems, display, line, ctx.non_english)


def _fetch_page(url: str, where: str, display: str, line: int | None,
                ctx: _Context) -> tuple[str, dict[str, str], list[Problem]] | Problem:
    """The text of a feed item's linked page, or a warning (the item's summary is read instead)."""
    def fallback(detail: str) -> Problem:
        return _warning(Warnings.W321.format(path=display, line=line, url=shown(url), detail=detail), display, line)

    try:
        fetched = ctx.fetcher.get(url)
    except FetchError as exc:
        return fallback(exc.reason)
    kind = _kind(fetched)
    if kind == "html":
        text, meta, problems = _html(_decoded_html(fetched), where, display, line, fetched.final_url)
        meta["url"] = fetched.final_url
        return text, meta, problems
    if kind == "text":
        decoded = _decoded_text(fetched)
        return (decoded, {"url": fetched.final_url}, []) if decoded is not None else fallback("not text")
    return fallback(f"{_describe(fetched.media_type)}, not an HTML page (Content-Type {fetched.media_type or 'none'})")


_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_XML_TYPES = frozenset({"application/xml", "text/xml"})


def _kind(fetched: Fetched) -> str:
    """What a response is: 'feed', 'html', 'csv', 'tsv', 'parquet', 'text' or 'other'."""
    media, path = fetched.media_type, fetched.final_url.split("?", 1)[0].lower()
    head = fetched.content[:1024].lstrip().lower()
    if media in FEED_TYPES or ((media in _XML_TYPES or media in ("", "text/plain", "application/octet-stream"))
                               and looks_like_feed(fetched.content)):
        return "feed"
    if media in _HTML_TYPES or (media in ("", "application/octet-stream", "text/plain")
                                and head.startswith((b"<!doctype html", b"<html"))):
        return "html"
    if media in ("text/csv", "application/csv") or (media in ("", "text/plain", "application/octet-stream")
                                                     and path.endswith(".csv")):
        return "csv"
    if media == "text/tab-separated-values" or (media in ("", "text/plain") and path.endswith(".tsv")):
        return "tsv"
    if media in ("application/vnd.apache.parquet", "application/x-parquet") or path.endswith(".parquet"):
        return "parquet"
    if media in ("application/x-ndjson", "application/jsonl", "application/jsonlines") or \
            path.endswith((".jsonl", ".jsonl.gz")):
        return "jsonl"
    if media == "text/plain" or (media.startswith("text/") and media not in ("text/css", "text/javascript",
                                                                             *_XML_TYPES)):
        return "text"
    return "other"


def _describe(media: str) -> str:
    kind = media.split("/", 1)[0]
    if kind in ("image", "audio", "video", "font"):
        return f"{'an' if kind == 'image' or kind == 'audio' else 'a'} {kind}"
    if media == "application/pdf":
        return "a PDF document"
    if "json" in media:
        return "JSON"
    return "binary data" if media in ("", "application/octet-stream") else "not a document kg reads"


def _decoded_html(fetched: Fetched) -> str | bytes:
    if fetched.charset:
        try:
            return fetched.content.decode(fetched.charset, errors="replace")
        except LookupError:
            pass
    return fetched.content  # trafilatura finds the encoding in the page itself


def _decoded_text(fetched: Fetched) -> str | None:
    if fetched.charset:
        try:
            return fetched.content.decode(fetched.charset, errors="replace")
        except LookupError:
            pass
    decoded = decode_bytes(fetched.content)
    return None if isinstance(decoded, str) else decoded.text


def _read_url(url: str, ctx: _Context) -> Iterator[Item]:
    """A URL the user named: a feed, a page, a table or a text, told by its Content-Type."""
    display = shown(url)
    fetcher = ctx.fetcher
    fetcher.name(url)
    try:
        fetched = fetcher.get(url)
    except FetchError as exc:
        yield Problem(str(exc), display)
        return
    kind = _kind(fetched)
    if kind == "feed":
        yield from _read_feed(fetched.content, display, ctx)
    elif kind == "html":
        text, meta, problems = _html(_decoded_html(fetched), display, display, None, fetched.final_url)
        meta["url"] = fetched.final_url
        leading, body = _split_leading_meta(normalize_text(text))
        article, meta_problems = _article(body, {**meta, **leading}, display, fetched.final_url, display, None)
        yield from _accept(article, problems + meta_problems, display, None, ctx.non_english)
    elif kind in ("csv", "tsv"):
        rows = read_delimited(fetched.content, display, delimiter="\t" if kind == "tsv" else ",", columns=ctx.columns)
        yield from _table(rows, display, ctx)
    elif kind == "parquet":
        import io
        yield from _table(read_parquet(io.BytesIO(fetched.content), display, columns=ctx.columns), display, ctx)
    elif kind == "jsonl":
        data = fetched.content
        if data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data)
            except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
                yield Problem(Errors.E310.format(path=display, detail=str(exc) or type(exc).__name__), display)
                return
        yield from _parse_jsonl(enumerate(data.splitlines(keepends=True), start=1), display, ctx.non_english)
    elif kind == "text":
        decoded = _decoded_text(fetched)
        if decoded is None:
            yield Problem(Errors.E300.format(path=display, kind="binary data"), display)
        else:
            yield from _text_document(decoded, display, fetched.final_url, False, ctx.non_english)
    else:
        yield Problem(Errors.E326.format(url=display, kind=_describe(fetched.media_type),
                                         ctype=fetched.media_type or "none"), display)
