"""``kg push``: upload a graph or a store into a triple store's named graph.

It speaks the SPARQL 1.1 Graph Store HTTP Protocol: ``PUT {endpoint}?graph=IRI`` replaces
the graph, ``POST`` merges into it. The body is N-Triples, written to a temporary file
first so that a big store is streamed, not held in memory.

What kg guarantees:

* **A failed push leaves the target graph as it was.** Stores load a body as they read it, and
  one that stops midway (Virtuoso refusing an over-long IRI) keeps what it had loaded. So the
  data goes first into a temporary graph of the same store; only once the store has taken all
  of it is the same body sent to the target graph, and the temporary graph is deleted. If that
  last step fails too, the message says what the target graph now holds.
* **No redirect is followed.** An HTTP client turns a redirected PUT or POST into a GET without
  the data; kg reports the redirect, with its location, as an error instead.
* **``timeout`` bounds each request as a whole** (connecting, sending, the answer), not only each
  read: a server that trickles its answer a byte at a time is cut off.
* **Credentials go only into the ``Authorization`` header** (HTTP digest by default, which never
  sends the password itself): an endpoint URL with a user name or password in it is refused,
  and no message kg prints contains the password.
* **A server's error text is quoted without markup or control characters**, and keeps its reason.
"""

from __future__ import annotations

import base64
import html
import os
import re
import socket
import tempfile
import threading
import uuid
from dataclasses import dataclass
from typing import IO, cast
from urllib.parse import urljoin, urlsplit

import pyoxigraph as ox
import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth
from rdflib.term import _is_valid_uri
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from ..defaults import AUTH_SCHEMES, DEFAULT_PUSH_TIMEOUT
from ..errors import Errors, KGError, printable
from ..read.load import detect_base, open_graph

__all__ = ["PushResult", "push", "check_endpoint", "default_graph_iri", "server_reason", "AUTH_SCHEMES"]

_NT = "application/n-triples"
REASON_CHARS = 400
"""Characters of a server's error text that a message quotes (after markup is removed)."""


@dataclass(frozen=True)
class PushResult:
    endpoint: str
    graph: str
    triples: int
    replaced: bool
    status: int


def check_endpoint(url: str) -> str:
    """An absolute http(s) URL without user info; the message never repeats the URL, which
    may hold a password."""
    try:
        parts = urlsplit(url)
        has_userinfo = parts.username is not None or parts.password is not None
    except ValueError:
        raise KGError(Errors.E107) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or has_userinfo or "@" in parts.netloc:
        raise KGError(Errors.E107)
    return url


def default_graph_iri(store: ox.Store) -> str:
    """``{base}graph``: the graph IRI under the base the data was built with."""
    return detect_base(store) + "graph"


def _count(store: ox.Store) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    solutions = cast(ox.QuerySolutions, store.query(query, use_default_graph_as_union=True))  # a SELECT's answer
    return int(next(iter(solutions))["n"].value)


def _reason(exc: BaseException) -> str:
    """The innermost cause of a network error, e.g. 'Connection refused'."""
    seen, todo = set(), [exc]
    best = None
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError) and current.strerror:
            best = current.strerror
        for nxt in (current.__cause__, current.__context__, getattr(current, "reason", None),
                    *[a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]):
            if isinstance(nxt, BaseException):
                todo.append(nxt)
    if isinstance(exc, requests.Timeout):
        return "no answer in time"
    return best or type(exc).__name__


def _scrub(text: str, user: str | None, password: str | None) -> str:
    """Remove the password (plain or inside a basic-auth token) from text a server sent back."""
    if not password:
        return text
    token = base64.b64encode(f"{user or ''}:{password}".encode("utf-8")).decode("ascii")
    return text.replace(token, "***").replace(password, "***")


_HIDDEN = re.compile(r"<(head|script|style|title)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def server_reason(body: str, status: int = 0, reason: str = "") -> str:
    """What a server's error body says, as one line a person reads: the markup, the page title
    and the repeated status line removed, control characters escaped, at most
    :data:`REASON_CHARS` characters.

    >>> server_reason("<html><head><title>Error</title></head><body><h1>HTTP/1.1 500 Request Failed</h1>"
    ...               "<xmp>SP029: the IRI is too long</xmp></body></html>", 500, "Request Failed")
    'SP029: the IRI is too long'
    """
    text = body
    if "<" in text and ">" in text:
        text = html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", text)))
    text = " ".join(text.split())
    for status_line in (f"HTTP/1.1 {status} {reason}", f"HTTP/1.0 {status} {reason}", f"{status} {reason}"):
        if reason and text.startswith(status_line):
            text = text[len(status_line):].lstrip(" :-")
    text = printable(text)
    return text if len(text) <= REASON_CHARS else text[:REASON_CHARS - 1] + "\u2026"


class _Deadline:
    """Bounds a request as a whole: when the time is up, the sockets it opened are shut down, so
    that a blocked send or read returns at once (a socket timeout only bounds each one)."""

    def __init__(self) -> None:
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None
        self.expired = False

    def track(self, sock: socket.socket | None) -> None:
        if sock is not None:
            with self.lock:
                self.sockets.add(sock)
                if self.expired:
                    self._shut(sock)

    def start(self, seconds: float) -> None:
        self.expired = False
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True
        self.timer.start()

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                self._shut(sock)
            self.sockets.clear()

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class _DeadlineAdapter(HTTPAdapter):
    """requests' adapter whose connections report their sockets to a :class:`_Deadline`."""

    def __init__(self, deadline: _Deadline) -> None:
        class Tracked(HTTPConnection):
            def connect(self) -> None:
                super().connect()
                deadline.track(self.sock)

        class TrackedTLS(HTTPSConnection):
            def connect(self) -> None:
                super().connect()
                deadline.track(self.sock)

        self._pools = {"http": type("Pool", (HTTPConnectionPool,), {"ConnectionCls": Tracked}),
                       "https": type("TLSPool", (HTTPSConnectionPool,), {"ConnectionCls": TrackedTLS})}
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self._pools

    def proxy_manager_for(self, *args, **kwargs):
        manager = super().proxy_manager_for(*args, **kwargs)
        manager.pool_classes_by_scheme = self._pools
        return manager


class _Client:
    """One push's HTTP requests: credentials, the deadline, no redirects, numbered errors."""

    def __init__(self, endpoint: str, credentials: AuthBase | None, timeout: float, user: str | None,
                 password: str | None) -> None:
        self.endpoint, self.timeout, self.user, self.password = endpoint, timeout, user, password
        self.deadline = _Deadline()
        self.session = requests.Session()
        self.session.auth = credentials
        adapter = _DeadlineAdapter(self.deadline)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        self.session.close()

    def send(self, method: str, graph: str, body: IO[bytes] | None = None) -> requests.Response:
        """One request, answered 2xx, or a KGError that says why not."""
        if body is not None:
            body.seek(0)
        headers = {"Content-Type": _NT} if body is not None else {}
        self.deadline.start(self.timeout)
        try:
            response = self.session.request(method, self.endpoint, params={"graph": graph}, data=body,
                                            headers=headers, timeout=self.timeout, allow_redirects=False)
            response.content  # the whole answer, within the deadline
        except requests.RequestException as exc:
            if self.deadline.expired:
                raise KGError(Errors.E124.format(endpoint=self.endpoint, seconds=self.timeout)) from None
            raise KGError(Errors.E110.format(endpoint=self.endpoint, detail=_reason(exc))) from None
        finally:
            self.deadline.stop()
        if self.deadline.expired:
            raise KGError(Errors.E124.format(endpoint=self.endpoint, seconds=self.timeout))
        status = response.status_code
        if 300 <= status < 400:
            location = response.headers.get("Location")
            shown = urljoin(self.endpoint, location) if location else "no location given"
            raise KGError(Errors.E123.format(endpoint=self.endpoint, method=method, location=shown, status=status))
        if status in (401, 403):
            if self.user:
                raise KGError(Errors.E108.format(endpoint=self.endpoint, user=self.user, status=status))
            raise KGError(Errors.E109.format(endpoint=self.endpoint, status=status))
        if not response.ok:
            text = response.text if response.content else ""
            detail = server_reason(_scrub(text, self.user, self.password), status, response.reason or "")
            raise KGError(Errors.E111.format(endpoint=self.endpoint, status=status,
                                             reason=printable(response.reason or ""),
                                             detail=f": {detail}" if detail else ""))
        return response

    def holds(self, graph: str) -> str:
        """What the store's graph now holds, as a phrase for a message."""
        try:
            self.deadline.start(self.timeout)
            try:
                response = self.session.get(self.endpoint, params={"graph": graph}, timeout=self.timeout,
                                            headers={"Accept": "application/n-triples, text/turtle;q=0.9"},
                                            allow_redirects=False)
                data = response.content
            finally:
                self.deadline.stop()
            if response.status_code == 404:
                return f"<{graph}> now holds nothing (the store answers 404 for it)"
            if not response.ok:
                raise ValueError(response.status_code)
            kind = response.headers.get("Content-Type", "").split(";")[0].strip()
            fmt = ox.RdfFormat.from_media_type(kind) or ox.RdfFormat.TURTLE
            count = sum(1 for _ in ox.parse(data, format=fmt))
            return f"<{graph}> now holds {count} triples"
        except Exception:  # what it holds cannot be told: say so rather than guess
            return f"what <{graph}> now holds could not be read back"


def push(source: str | os.PathLike, endpoint: str, *, graph: str | None = None, user: str | None = None,
         password: str | None = None, merge: bool = False, auth: str = "digest",
         timeout: float = DEFAULT_PUSH_TIMEOUT) -> PushResult:
    """Replace (or, with ``merge``, add to) the named graph ``graph`` at ``endpoint``.

    The body goes first into a temporary graph of the store, then into ``graph``; a failure
    before that leaves ``graph`` as it was. ``timeout`` bounds each HTTP request as a whole.
    """
    check_endpoint(endpoint)
    if password and not user:
        raise KGError(Errors.E112)
    store = open_graph(source)
    graph = graph or default_graph_iri(store)
    if not (_is_valid_uri(graph) and urlsplit(graph).scheme):
        raise KGError(Errors.E113.format(iri=graph))
    credentials: AuthBase | None = None
    if user:
        credentials = HTTPBasicAuth(user, password or "") if auth == "basic" else HTTPDigestAuth(user, password or "")
    staging = f"{graph}-kg-push-{uuid.uuid4().hex[:12]}"
    client = _Client(endpoint, credentials, timeout, user, password)
    with tempfile.TemporaryFile() as body:
        ox.serialize((quad.triple for quad in store), body, format=ox.RdfFormat.N_TRIPLES)
        try:
            try:
                client.send("PUT", staging, body)
            except KGError as exc:
                raise KGError(f"{exc} The graph <{graph}> was left as it was.") from None
            finally:
                _discard(client, staging)
            try:
                response = client.send("POST" if merge else "PUT", graph, body)
            except KGError as exc:
                raise KGError(f"{exc} The store had taken the same data into a temporary graph, but not into "
                              f"<{graph}>: {client.holds(graph)}.") from None
        finally:
            client.close()
    return PushResult(endpoint, graph, _count(store), not merge, response.status_code)


def _discard(client: _Client, graph: str) -> None:
    """Delete the temporary graph (it may not exist when the upload was refused at once)."""
    try:
        client.send("DELETE", graph)
    except KGError:
        pass
