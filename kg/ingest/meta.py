"""Article metadata made safe to publish: plain one-line strings, real dates, valid http(s) IRIs.

Metadata comes from feeds kg does not control. A title may hold newlines and control
characters, a date may look ISO but be no date (``2023-13-45``, or ``2023-01-01T10:00:00+20:00``
with an offset no time zone has, which would become an ill-typed ``xsd:date`` or
``xsd:dateTime``), and a url may be relative, carry credentials, hold characters that are not
allowed in an IRI, or be so long that triple stores refuse it (:data:`MAX_URL`). Each value is
either cleaned or dropped with a reason.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import date, datetime, timedelta
from urllib.parse import quote, urlsplit, urlunsplit

__all__ = ["clean_text_value", "check_date", "date_offset_ok", "clean_date", "clean_url", "shown", "ISO_DATE",
           "ISO_DATETIME", "MAX_URL"]

MAX_URL = 2000
"""Longest url kg publishes, in characters once encoded. Browsers and crawlers agree on about
2,000; Virtuoso refuses an IRI of 10,000 in the middle of loading a graph."""
_MAX_OFFSET = timedelta(hours=14)

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?\Z")
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@")
_SHOWN = 80
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?\Z")
# RFC 3986 characters allowed unencoded in each part (besides unreserved and '%').
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = _PATH_SAFE + "?"


def clean_text_value(value: str) -> str | None:
    """One line, single spaces; None when nothing is left."""
    value = " ".join(value.split())
    return value or None


def check_date(value: str) -> bool:
    """False only for a value that looks like an ISO 8601 date but is not a real one.

    >>> check_date("2023-02-29"), check_date("2023-01-01T10:00:00+02:00"), check_date("20 January 2023")
    (False, True, True)
    """
    try:
        if ISO_DATE.match(value):
            date.fromisoformat(value)
        elif ISO_DATETIME.match(value):
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def date_offset_ok(value: str) -> bool:
    """False for an ISO datetime whose time zone offset is beyond ±14:00, which XML Schema (and
    so ``xsd:dateTime``) does not allow, though Python reads it.

    >>> date_offset_ok("2023-01-01T10:00:00+20:00"), date_offset_ok("2023-01-01T10:00:00-14:00")
    (False, True)
    """
    if not ISO_DATETIME.match(value):
        return True
    try:
        offset = datetime.fromisoformat(value.replace("Z", "+00:00")).utcoffset()
    except ValueError:
        return True
    return offset is None or abs(offset) <= _MAX_OFFSET


def clean_date(value: str) -> str:
    """An ISO datetime without seconds gets ``:00`` (``xsd:dateTime`` needs them); others as they are.

    >>> clean_date("2023-01-01T10:00Z"), clean_date("2023-01-01")
    ('2023-01-01T10:00:00Z', '2023-01-01')
    """
    match = re.match(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})?\Z", value)
    if match:
        return f"{match.group(1)}:00{match.group(2) or ''}"
    return value


def _quote(part: str, safe: str) -> str:
    return quote(_LONE_PERCENT.sub("%25", part), safe=safe, errors="replace")


def _host(parts) -> str | None:
    host = parts.hostname
    if not host:
        return None
    if ":" in host:
        try:
            return f"[{ipaddress.IPv6Address(host).compressed}]"
        except ValueError:
            return None
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return host if _HOST.match(host) else None


def clean_url(value: str) -> str | None:
    """An absolute http(s) URL as a valid ASCII IRI, or None.

    Non-ASCII and reserved characters are percent-encoded, the host is IDNA-encoded, and any
    ``user:password@`` is dropped: credentials must never end up in a published graph.
    """
    value = value.strip()
    if not value or any(c.isspace() for c in value):
        return None
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return None
    host = _host(parts)
    if host is None:
        return None
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit((scheme, netloc, _quote(parts.path, _PATH_SAFE), _quote(parts.query, _QUERY_SAFE),
                       _quote(parts.fragment, _QUERY_SAFE)))


def shown(value: str) -> str:
    """A value as a message may show it: no credentials, no control characters, not too long."""
    value = _USERINFO.sub(r"\1***@", " ".join(value.split()))
    return value if len(value) <= _SHOWN else value[:_SHOWN - 1] + "\u2026"
