"""Tables of articles: CSV and TSV files, Parquet files and pandas data frames.

A row is an article: its ``text`` column is the body, and the ``id``, ``title``, ``date``,
``url``, ``source`` and ``author`` columns, where present, its metadata. ``columns`` renames
them (``{"text": "body", "date": "published_at"}``; ``kg build --text-column body``). Other
columns are ignored. Every reader here yields ``(line, record)`` for each row, where ``record``
maps kg's field names to strings, or a :class:`~kg.ingest.problems.Problem` naming the file and
line (for CSV and TSV the line of the file the row starts on, the header being line 1; for
Parquet and data frames the row number, from 1).

CSV and TSV need nothing beyond Python (the standard ``csv`` module); Parquet needs ``pyarrow``
(``pip install 'kg-news[tables]'``), and a data frame is read with the pandas that made it.

>>> rows = list(read_delimited(b"id,body,date\\n7,Acme bought Widget Works.,2024-05-06\\n", "news.csv",
...                            columns={"text": "body"}))
>>> rows
[(2, {'text': 'Acme bought Widget Works.', 'id': '7', 'date': '2024-05-06'})]
"""

from __future__ import annotations

import csv
import io
import math
import sys
from datetime import date, datetime
from typing import Any, Iterable, Iterator, Mapping, Union

from ..defaults import COLUMNS
from ..errors import Errors, KGError, Warnings
from .decode import decode_bytes
from .problems import Problem, warning

__all__ = ["column_map", "read_delimited", "read_parquet", "read_frame", "is_dataframe", "TABLE_SUFFIXES",
           "Row"]

TABLE_SUFFIXES = (".csv", ".tsv", ".parquet")
Row = Union[tuple[int, dict[str, str]], Problem]

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # an article is longer than csv's 128 KB default


def column_map(columns: Mapping[str, str] | None) -> dict[str, str]:
    """kg field -> column name, for every field: the defaults with ``columns`` applied.

    >>> column_map({"text": "body"})["text"], column_map(None)["date"]
    ('body', 'date')
    """
    mapping = {name: name for name in COLUMNS}
    for key, value in (columns or {}).items():
        if key not in mapping:
            raise KGError(Errors.E333.format(detail=f"unknown field '{key}'; the fields are {', '.join(COLUMNS)}"))
        if not isinstance(value, str) or not value:
            raise KGError(Errors.E333.format(detail=f"the column for '{key}' must be a non-empty string"))
        mapping[key] = value
    return mapping


def _value(value: Any) -> str | None:
    """A cell as a metadata string: None for a missing value (None, NaN, NaT, '')."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else str(value)
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None and (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # a numpy scalar
        return _value(value.item())
    text = str(value)
    return text if text.strip() else None


def _record(cells: Mapping[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for field, column in mapping.items():
        if column in cells:
            record[field] = cells[column] if field == "text" else _value(cells[column])
    return {k: v for k, v in record.items() if v is not None}


def _row(line: int, cells: Mapping[str, Any], mapping: dict[str, str], display: str) -> Row:
    record = _record(cells, mapping)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Problem(Errors.E330.format(path=display, line=line, column=mapping["text"]), display, line)
    return line, record


def _missing_text(display: str, mapping: dict[str, str], names: Iterable[Any]) -> Problem:
    shown = ", ".join(str(n) for n in names) or "none"
    return Problem(Errors.E329.format(path=display, column=mapping["text"], columns=shown), display)


def read_delimited(data: bytes, display: str, *, delimiter: str = ",",
                   columns: Mapping[str, str] | None = None) -> Iterator[Row]:
    """The rows of a CSV (``delimiter=","``) or TSV (``"\\t"``) file with a header line.

    Bytes that are not UTF-8 are read as Windows-1252, as for text files; a row that breaks the
    CSV syntax stops the reading there, with a message naming its line.
    """
    mapping = column_map(columns)
    decoded = decode_bytes(data)
    if isinstance(decoded, str):
        yield Problem(Errors.E300.format(path=display, kind=decoded), display)
        return
    if decoded.bad_bytes:
        assert decoded.first_bad is not None  # decode_line sets it whenever bad_bytes > 0
        line, column = decoded.first_bad
        yield warning(Warnings.W300.format(path=display, line=line, column=column, count=decoded.bad_bytes),
                      display, line)
    reader = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield Problem(Errors.E332.format(path=display, line=reader.line_num, detail=exc), display, reader.line_num)
        return
    if header is None or mapping["text"] not in header:
        yield _missing_text(display, mapping, header or [])
        return
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Problem(Errors.E332.format(path=display, line=start, detail=exc), display, start)
            return
        if cells:
            yield _row(start, dict(zip(header, cells)), mapping, display)
        start = reader.line_num + 1


def _missing(package: str, feature: str) -> Problem | None:
    try:
        __import__(package)
    except ImportError:
        message = Errors.E021.format(feature=feature, package=package, extra="kg-news[tables]")
        return Problem(message, feature)
    return None


def read_parquet(source: Any, display: str, *, columns: Mapping[str, str] | None = None) -> Iterator[Row]:
    """The rows of a Parquet file (a path or a binary file object), read in batches."""
    mapping = column_map(columns)
    missing = _missing("pyarrow", f"{display}: reading Parquet files")
    if missing is not None:
        yield Problem(missing.message, display)
        return
    import pyarrow as pa
    import pyarrow.parquet as pq
    try:
        handle = pq.ParquetFile(source)
        names = handle.schema_arrow.names
    except (pa.ArrowException, OSError, ValueError) as exc:
        yield Problem(Errors.E331.format(path=display, kind="Parquet", detail=str(exc).splitlines()[0]), display)
        return
    if mapping["text"] not in names:
        yield _missing_text(display, mapping, names)
        return
    wanted = [c for c in dict.fromkeys(mapping.values()) if c in names]
    number = 0
    try:
        for batch in handle.iter_batches(batch_size=1024, columns=wanted):
            for cells in batch.to_pylist():
                number += 1
                yield _row(number, cells, mapping, display)
    except (pa.ArrowException, OSError, ValueError) as exc:
        yield Problem(Errors.E331.format(path=display, kind="Parquet", detail=str(exc).splitlines()[0]),
                      display, number + 1)


def is_dataframe(value: Any) -> bool:
    """Whether ``value`` is a pandas DataFrame (told without importing pandas)."""
    cls = type(value)
    return cls.__name__ == "DataFrame" and cls.__module__.split(".")[0] == "pandas"


def read_frame(frame: Any, display: str, *, columns: Mapping[str, str] | None = None) -> Iterator[Row]:
    """The rows of a pandas DataFrame, by position (row 1 is the first)."""
    mapping = column_map(columns)
    names = [str(c) for c in frame.columns]
    if mapping["text"] not in names:
        yield _missing_text(display, mapping, names)
        return
    wanted = [c for c in frame.columns if str(c) in set(mapping.values())]
    keys = [str(c) for c in wanted]
    for number, values in enumerate(frame[wanted].itertuples(index=False, name=None), start=1):
        yield _row(number, dict(zip(keys, values)), mapping, display)
