"""``kg push``: upload a graph or a store into a triple store's named graph.

It speaks the SPARQL 1.1 Graph Store HTTP Protocol: ``PUT {endpoint}?graph=IRI`` replaces
the graph, ``POST`` merges into it. The body is N-Triples, written to a temporary file
first so that a big store is streamed, not held in memory.

Credentials go only into the ``Authorization`` header (HTTP digest by default, which never
sends the password itself): an endpoint URL with a user name or password in it is refused,
and no message kg prints contains the password.
"""

from __future__ import annotations

import base64
import os
import tempfile
from dataclasses import dataclass
from urllib.parse import urlsplit

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth
from rdflib.term import _is_valid_uri

from ..read.load import detect_base, open_graph
from ..defaults import AUTH_SCHEMES
from ..errors import Errors, KGError

__all__ = ["PushResult", "push", "check_endpoint", "default_graph_iri", "AUTH_SCHEMES"]

_NT = "application/n-triples"


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
    return int(next(iter(store.query(query, use_default_graph_as_union=True)))["n"].value)


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


def _excerpt(response: requests.Response) -> str:
    text = " ".join(response.text.split())[:200] if response.content else ""
    return f": {text}" if text else ""


def push(source: str | os.PathLike, endpoint: str, *, graph: str | None = None, user: str | None = None,
         password: str | None = None, merge: bool = False, auth: str = "digest",
         timeout: float = 300.0) -> PushResult:
    """Replace (or, with ``merge``, add to) the named graph ``graph`` at ``endpoint``."""
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
    with tempfile.TemporaryFile() as body:
        ox.serialize((quad.triple for quad in store), body, format=ox.RdfFormat.N_TRIPLES)
        body.seek(0)
        try:
            response = requests.request("POST" if merge else "PUT", endpoint, params={"graph": graph}, data=body,
                                        headers={"Content-Type": _NT}, auth=credentials, timeout=timeout)
        except requests.RequestException as exc:
            raise KGError(Errors.E110.format(endpoint=endpoint, detail=_reason(exc))) from None
    if response.status_code in (401, 403):
        if user:
            raise KGError(Errors.E108.format(endpoint=endpoint, user=user, status=response.status_code))
        raise KGError(Errors.E109.format(endpoint=endpoint, status=response.status_code))
    if not response.ok:
        detail = _scrub(_excerpt(response), user, password)
        raise KGError(Errors.E111.format(endpoint=endpoint, status=response.status_code,
                                         reason=response.reason or "", detail=detail))
    return PushResult(endpoint, graph, _count(store), not merge, response.status_code)
