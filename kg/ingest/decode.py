"""Bytes to text: UTF-8 first, a Windows-1252 fallback for the bytes that are not, and binary refused.

News files in the wild are mostly UTF-8, with some Latin-1/Windows-1252 and the odd file
mixing both (a UTF-8 feed with one pasted cp1252 quote). Decoding byte by byte, as UTF-8 where
it is valid and as Windows-1252 where it is not, reads all three without mangling the UTF-8
parts. Bytes that Windows-1252 leaves undefined are read as Latin-1.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

__all__ = ["Decoded", "decode_bytes", "decode_line", "binary_kind"]

_SNIFF = 8000  # bytes and characters inspected, as git does to call a file binary

# Only to make the message readable ("a PNG image"); any NUL byte makes a file binary anyway.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"),
)
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D
        return chr(byte)


# surrogateescape turns each undecodable byte b into U+DC00+b; this maps it to its cp1252 reading.
_ESCAPED = {0xDC00 + b: _cp1252_char(b) for b in range(0x80, 0x100)}


@dataclass(frozen=True)
class Decoded:
    text: str
    bad_bytes: int = 0
    """How many bytes were not UTF-8 and were read as Windows-1252."""
    first_bad: tuple[int, int] | None = None
    """(line, column) of the first such byte, both from 1."""


def binary_kind(data: bytes) -> str | None:
    """What the data is if it is not text ("a PNG image", "binary data"), else None."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if b"\x00" in data[:_SNIFF]:
        return "binary data"
    return None


def _mostly_controls(text: str) -> bool:
    """Random bytes decoded as text: many control, unassigned or private-use characters."""
    sample = text[:_SNIFF]
    odd = sum(1 for c in sample
              if c not in _TEXT_CONTROLS and unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs"))
    return odd > max(2, len(sample) // 20)


def decode_bytes(data: bytes) -> Decoded | str:
    """The text of ``data``, or a string saying what binary data it is."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Windows editors save "Unicode" text as UTF-16 with a byte-order mark.
        try:
            decoded = Decoded(data.decode("utf-16"))
        except UnicodeDecodeError:
            return "binary data"
    else:
        kind = binary_kind(data)
        if kind:
            return kind
        decoded = decode_line(data)
    if _mostly_controls(decoded.text):
        return "binary data"
    return decoded


def decode_line(data: bytes) -> Decoded:
    """UTF-8, with each byte that is not read as Windows-1252; never fails."""
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        escaped = data.decode("utf-8-sig", errors="surrogateescape")
        bad = sum(1 for c in escaped if "\udc80" <= c <= "\udcff")
        return Decoded(escaped.translate(_ESCAPED), bad, _line_column(data, exc.start))


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1
