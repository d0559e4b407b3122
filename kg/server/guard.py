"""What the endpoint checks before a query reaches the query engine.

* **No outbound requests.** Oxigraph runs ``SERVICE`` clauses by sending HTTP requests, which
  would let anyone who can send a query make this machine probe and call other servers (SSRF).
  :func:`scan` finds the ``SERVICE`` keyword the way the query parser would, however it is
  written (any case, glued to the word before it as in ``trueSERVICE``, after a comment), and the
  endpoint refuses such a query unless it was started with ``--allow-service``.
* **Bounded nesting.** The parser and the evaluator recurse; thousands of nested brackets
  overflow the stack and kill the worker. :func:`scan` measures the depth.
* **The right Host.** A web page can make the browser send requests to a name that the page's
  author points at 127.0.0.1 (DNS rebinding); :class:`HostCheck` accepts only the names this
  server is known by.
* **Valid dataset IRIs** (:func:`check_iri`) and **a memory size** (:func:`parse_size`).

>>> scan('ASK { ?s ?p 1SERVICE <http://10.0.0.1/> { ?a ?b ?c } }').service
True
>>> scan('SELECT ?service WHERE { ?x schema:serviceType "SERVICE" } # SERVICE').service
False
>>> scan("SELECT * WHERE { { { ?s ?p ?o } } }").depth
3
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Iterable

import pyoxigraph as ox

from ..errors import Errors

__all__ = ["MAX_NESTING", "MIN_MEMORY", "Scan", "scan", "HostCheck", "check_iri", "parse_size", "format_size"]

MAX_NESTING = 100
"""Most levels of brackets ``{ ( [`` a query may nest (kg's own queries use fewer than ten)."""

# One token at a time: strings (long ones first), IRIs, comments, variables, words (prefixed names,
# keywords, numbers), brackets; anything else is one character of punctuation.
_TOKEN = re.compile(r"""
    (?P<string>'''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z) | \"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|\Z)
              | '(?:[^'\\\n\r]|\\.)*(?:'|$) | "(?:[^"\\\n\r]|\\.)*(?:"|$))
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n\r]*)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<word>[\w\u00b7\u0300-\u036f\u203f-\u2040.:%\\-]+)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL | re.MULTILINE)
_SERVICE = re.compile("service", re.IGNORECASE)


@dataclass(frozen=True)
class Scan:
    service: bool
    """Whether the query may hold a SERVICE clause."""
    depth: int
    """The deepest nesting of brackets."""


def scan(query: str) -> Scan:
    """Look through ``query`` as SPARQL's tokenizer would, outside strings, IRIs and comments.

    A word counts as ``SERVICE`` when the keyword appears anywhere in it but in the local part of a
    prefixed name (``schema:serviceType`` is a name; ``1SERVICE`` and ``SERVICE:x`` are read
    as the keyword by the parser); a variable is never the keyword. So a query that names a
    service in a string, an IRI, a comment, a variable or a prefixed name passes.
    """
    service, depth, deepest = False, 0, 0
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "word":
            word = match.group()
            head = word.split(":", 1)[0] if ":" in word else word
            if _SERVICE.search(head):
                service = True
        elif kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(0, depth - 1)
    return Scan(service, deepest)


def check_iri(param: str, value: str) -> str | None:
    """None for an absolute IRI, else the numbered message that refuses ``value`` for ``param``."""
    try:
        ox.NamedNode(value)
    except ValueError as exc:
        shown = value if len(value) <= 200 else value[:199] + "\u2026"
        return Errors.E121.format(param=param, value=shown, detail=exc)
    return None


def _host_name(value: str) -> str:
    """The name in a Host header, without port, brackets or final dot, in lower case."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostCheck:
    """Which Host headers a server listening on ``listen`` accepts: its own address, the loopback
    names (``localhost``, 127.0.0.1, ::1), and ``extra`` names. On a wildcard address (0.0.0.0,
    ::) any IP address is accepted too, since DNS rebinding needs a name.

    >>> check = HostCheck("127.0.0.1")
    >>> check.allows("127.0.0.1:7878"), check.allows("localhost:7878"), check.allows("evil.example:7878")
    (True, True, False)
    """

    def __init__(self, listen: str, extra: Iterable[str] = ()) -> None:
        self.names = {_host_name(listen), "localhost", "127.0.0.1", "::1", *(_host_name(e) for e in extra)}
        self.any_ip = _host_name(listen) in ("0.0.0.0", "::", "")

    def allows(self, header: str | None) -> bool:
        """A request without a Host header (HTTP/1.0) is not from a browser, and passes."""
        if header is None:
            return True
        name = _host_name(header)
        return name in self.names or (self.any_ip and _is_ip(name))

    def refusal(self, header: str) -> str:
        allowed = ", ".join(sorted(self.names)) + (" or an IP address" if self.any_ip else "")
        shown = header if len(header) <= 100 else header[:99] + "\u2026"
        return Errors.E119.format(host=shown, allowed=allowed)


MIN_MEMORY = 64 << 20
"""The least --max-memory: a worker with the store open takes about 45 MB before any query."""
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)


def parse_size(value: str) -> int:
    """Bytes in ``512M``, ``2G``, ``1.5GB``, ``300MiB`` or a plain number of megabytes.

    >>> parse_size("512M"), parse_size("1.5GB"), parse_size("300")
    (536870912, 1610612736, 314572800)
    """
    match = _SIZE.match(value)
    if not match:
        raise ValueError(Errors.E127.format(value=value))
    number, unit = float(match.group(1)), match.group(2).lower()
    scale = {"": 1 << 20, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}[unit]
    size = int(number * scale)
    if size < MIN_MEMORY:
        raise ValueError(Errors.E127.format(value=value))
    return size


def format_size(size: int) -> str:
    """>>> format_size(3 << 29)
    '1.5 GB'
    """
    if size >= 1 << 30:
        return f"{size / (1 << 30):.3g} GB"
    return f"{size / (1 << 20):.0f} MB"
