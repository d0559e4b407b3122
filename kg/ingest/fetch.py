"""Fetching feeds and pages over HTTP, politely and within bounds, with a revalidating cache.

Every request kg makes goes through :class:`Fetcher`:

* **Who is asking.** A ``User-Agent`` naming kg and its version. No proxy settings, ``.netrc``
  credentials or cookies are taken from the environment (``requests``' ``trust_env`` is off).
* **Bounds.** Each request has ``timeout`` seconds in all (connecting, waiting and reading, so a
  server that dribbles bytes is cut off too), a response may have ``max_bytes`` bytes (after
  decompression: a gzip bomb stops at the cap) and at most ``max_redirects`` redirects are
  followed. Between two requests to the same host kg waits ``delay`` seconds.
* **Where it may go.** Only ``http:`` and ``https:`` URLs; a redirect to ``file:``, ``ftp:``,
  ``data:`` or any other scheme is refused. A host that resolves to a private, loopback,
  link-local or otherwise non-public address is fetched only when the user named that host and
  port in an input (``kg build http://127.0.0.1:8000/feed.xml`` is the user's choice, and so are
  the links of that feed to the same host and port), or with ``allow_private``. A redirect or a
  feed link from elsewhere into such an address is refused: a public page cannot make kg read
  the intranet or a cloud metadata address. The address is checked when the name is resolved
  and again on the connected socket before the body is read (a name that resolves differently
  the second time, DNS rebinding, is caught there).
* **Cache.** A response with an ``ETag`` or ``Last-Modified`` is kept in the cache folder; the
  next request for that URL is conditional (``If-None-Match``, ``If-Modified-Since``), and a
  ``304 Not Modified`` answer is served from the cache, so a rerun downloads nothing that has
  not changed. The folder is ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg/http``, else
  ``~/.cache/kg/http``; ``HttpOptions(cache=...)`` (``kg build --http-cache DIR``) moves it and
  ``cache=False`` (``--no-http-cache``) turns it off. Each entry is two files named by the
  sha256 of the URL, written atomically: a crash never leaves a half entry that is used.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import socket
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, cast
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from ..defaults import FETCH_DELAY, FETCH_MAX_BYTES, FETCH_MAX_REDIRECTS, FETCH_TIMEOUT, user_cache_home
from ..errors import Errors, KGError
from .meta import shown

if TYPE_CHECKING:
    # Imported by name: inside Fetcher, "requests" is the request counter field, not the module.
    from requests import Response

__all__ = ["HttpOptions", "Fetcher", "Fetched", "FetchError", "default_cache_dir", "is_url", "user_agent"]

_REDIRECTS = (301, 302, 303, 307, 308)
_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
           "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,text/csv;q=0.8,*/*;q=0.1")
_CHUNK = 64 * 1024


def is_url(value: str) -> bool:
    """Whether an input is an http(s) URL (not a path, not a text).

    >>> is_url("https://example.org/feed.xml"), is_url("feed.xml"), is_url("see https://x.org now")
    (True, False, False)
    """
    value = value.strip()
    return value.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in value)


def user_agent() -> str:
    """``kg-news/VERSION (...)``: who is fetching, for the server's logs."""
    from .. import __version__
    return f"kg-news/{__version__} (knowledge graphs from news; python-requests/{requests.__version__})"


def default_cache_dir() -> Path:
    """``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg/http``, else ``~/.cache/kg/http``."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    return user_cache_home() / "http"


@dataclass(frozen=True)
class HttpOptions:
    """How kg fetches (see the module): ``kg build --fetch-delay``, ``--fetch-timeout``,
    ``--http-cache``/``--no-http-cache``; the others from Python.

    ``cache`` is True for the default folder (:func:`default_cache_dir`), a path for another
    one, or False for none.
    """

    delay: float = FETCH_DELAY
    timeout: float = FETCH_TIMEOUT
    max_bytes: int = FETCH_MAX_BYTES
    max_redirects: int = FETCH_MAX_REDIRECTS
    cache: bool | str | os.PathLike = True
    allow_private: bool = False

    def __post_init__(self) -> None:
        if self.delay < 0 or self.timeout <= 0 or self.max_bytes <= 0 or self.max_redirects < 0:
            raise KGError(Errors.E334.format(detail=f"{self}: delay >= 0, timeout > 0, max_bytes > 0 and "
                                                    "max_redirects >= 0 are needed"))

    @property
    def cache_dir(self) -> Path | None:
        if self.cache is False:
            return None
        return default_cache_dir() if self.cache is True else Path(self.cache)


@dataclass(frozen=True)
class Fetched:
    """A response body and what it is."""

    url: str
    """The URL asked for."""
    final_url: str
    """The URL after redirects."""
    content: bytes
    media_type: str
    """The Content-Type without parameters, lower case ('' when the server sent none)."""
    charset: str | None = None
    cached: bool = False
    """True when the server said 304 Not Modified and the body came from the cache."""


class FetchError(Exception):
    """A URL that could not be read; the message is numbered and names the URL."""

    def __init__(self, message: str, url: str, reason: str = "") -> None:
        super().__init__(message)
        self.url = url
        self.reason = reason or message
        """The reason alone, without the code and the URL: "HTTP 404 Not Found"."""


def _error(code: str, url: str, reason: str, **values) -> FetchError:
    return FetchError(getattr(Errors, code).format(url=url, **values), url, reason)


def _host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    return (parts.hostname or "").lower(), port


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


@dataclass
class _Cache:
    folder: Path

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.folder / f"{key}.json", self.folder / f"{key}.body"

    def get(self, url: str) -> tuple[dict, bytes] | None:
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("url") != url or meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return None  # another URL's entry, or a body from another write: not this response
        return meta, body

    def put(self, url: str, meta: dict, body: bytes) -> None:
        meta_path, body_path = self._paths(url)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(body_path, body)
            _write_atomic(meta_path, json.dumps({**meta, "url": url, "sha256": hashlib.sha256(body).hexdigest()},
                                                ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs a download next time


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@dataclass
class Fetcher:
    """Fetches http(s) URLs as the module describes. ``named`` holds the (host, port) pairs the
    user gave in inputs: only they may be private addresses."""

    options: HttpOptions = field(default_factory=HttpOptions)
    resolve: Callable[[str, int], list[str]] | None = None
    """Host name -> addresses (for tests); ``socket.getaddrinfo`` by default."""
    named: set[tuple[str, int]] = field(default_factory=set)
    requests: int = 0
    """Requests sent, counting conditional ones answered from the cache."""
    downloads: int = 0
    """Responses whose body was downloaded (not 304)."""

    def __post_init__(self) -> None:
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.headers.update({"User-Agent": user_agent(), "Accept": _ACCEPT})
        self._last: dict[str, float] = {}
        folder = self.options.cache_dir
        self.cache = _Cache(folder) if folder is not None else None

    def name(self, url: str) -> None:
        """Record that the user named ``url``: its host and port may be a private address."""
        self.named.add(_host_port(url))

    def close(self) -> None:
        self.session.close()

    # -- checks ----------------------------------------------------------------------------

    def _addresses(self, host: str, port: int) -> list[str]:
        if self.resolve is not None:
            return self.resolve(host, port)
        # An IPv4 or IPv6 socket address starts with the address as a str.
        return sorted({cast(str, info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})

    def _refusal(self, url: str, address: str | None = None) -> str | None:
        """Why ``url`` may not be fetched (its host is a non-public address nobody named), or None.
        ``address``: the connected peer's, checked instead of resolving the name."""
        host, port = _host_port(url)
        if self.options.allow_private or (host, port) in self.named:
            return None
        if address is None:
            try:
                addresses = self._addresses(host.strip("[]"), port)
            except (OSError, UnicodeError) as exc:
                detail = f"the host name cannot be resolved ({exc})"
                raise _error("E320", shown(url), detail, detail=detail) from exc
        else:
            addresses = [address]
        for found in addresses:
            if not _public(found):
                return f"{host} is {found}, a private, loopback or reserved address that no input named"
        return None

    def _peer(self, response: Response) -> str | None:
        try:
            return response.raw._fp.fp.raw._sock.getpeername()[0]
        except (AttributeError, OSError):
            return None  # not a plain socket (closed, or another transport): the name check stands

    def _refuse(self, why: str, url: str, current: str) -> FetchError:
        first = shown(url)
        if current == url:
            return _error("E325", first, why, why=why)
        return _error("E324", first, f"redirected to {shown(current)}: {why}", target=shown(current), why=why)

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = last + self.options.delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)

    # -- fetching --------------------------------------------------------------------------

    def get(self, url: str) -> Fetched:
        """The body of ``url`` after redirects; raises :class:`FetchError` (numbered) otherwise."""
        first = shown(url)
        current = url
        for _ in range(self.options.max_redirects + 1):
            scheme = urlsplit(current).scheme.lower()
            if scheme not in ("http", "https"):
                why = f"a {scheme}: URL, not http(s)"
                raise _error("E324", first, f"redirected to {shown(current)}: {why}", target=shown(current), why=why)
            refusal = self._refusal(current)
            if refusal is not None:
                raise self._refuse(refusal, url, current)
            result = self._get_once(current, first, url)
            if isinstance(result, Fetched):
                return Fetched(url, result.final_url, result.content, result.media_type, result.charset,
                               result.cached)
            current = urljoin(current, result)
        why = f"more than {self.options.max_redirects} redirects"
        raise _error("E324", first, why, target=shown(current), why=why)

    def _get_once(self, url: str, first: str, asked: str) -> Fetched | str:
        """A response, or the Location it redirects to."""
        host, _ = _host_port(url)
        headers = {}
        cached = self.cache.get(url) if self.cache is not None else None
        if cached is not None:
            if cached[0].get("etag"):
                headers["If-None-Match"] = cached[0]["etag"]
            if cached[0].get("last_modified"):
                headers["If-Modified-Since"] = cached[0]["last_modified"]
        timeout = self.options.timeout
        self._wait(host)
        started = time.monotonic()
        self.requests += 1
        try:
            response = self.session.get(url, headers=headers, timeout=(timeout, timeout), stream=True,
                                        allow_redirects=False)
        except requests.Timeout as exc:
            raise _error("E323", first, f"not read within {timeout:g}s", seconds=timeout) from exc
        except requests.RequestException as exc:
            raise _error("E320", first, _reason(exc), detail=_reason(exc)) from exc
        finally:
            self._last[host] = time.monotonic()
        with response:
            peer = self._peer(response)
            why = self._refusal(url, peer) if peer is not None else None
            if why is not None:
                raise self._refuse(why, asked, url)
            if response.status_code in _REDIRECTS and response.headers.get("Location"):
                return response.headers["Location"]
            if response.status_code == 304 and cached is not None:
                meta, body = cached
                return Fetched(url, meta.get("final_url", url), body, meta.get("media_type", ""),
                               meta.get("charset"), cached=True)
            if response.status_code != 200:
                status = f"HTTP {response.status_code} {response.reason or ''}".strip()
                raise _error("E321", first, status, status=status)
            body = self._read(response, first, started)
            self._last[host] = time.monotonic()
        self.downloads += 1
        media_type, charset = _content_type(response.headers.get("Content-Type", ""))
        fetched = Fetched(url, url, body, media_type, charset)
        etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
        if self.cache is not None and (etag or modified):
            self.cache.put(url, {"etag": etag, "last_modified": modified, "final_url": url,
                                 "media_type": media_type, "charset": charset}, body)
        return fetched

    def _read(self, response: Response, first: str, started: float) -> bytes:
        limit, timeout = self.options.max_bytes, self.options.timeout
        too_big = _error("E322", first, f"larger than {_size(limit)}", limit=_size(limit))
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_big
        parts: list[bytes] = []
        size = 0
        try:
            # read1 returns what has arrived (at most _CHUNK bytes, decompressed), so the deadline is
            # checked while a slow server dribbles, not only once a whole chunk has come.
            while chunk := response.raw.read1(_CHUNK, decode_content=True):
                size += len(chunk)
                if size > limit:
                    raise too_big
                if time.monotonic() - started > timeout:
                    raise _error("E323", first, f"not read within {timeout:g}s", seconds=timeout)
                parts.append(chunk)
        except (requests.Timeout, urllib3.exceptions.TimeoutError, socket.timeout) as exc:
            raise _error("E323", first, f"not read within {timeout:g}s", seconds=timeout) from exc
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            raise _error("E320", first, _reason(exc), detail=_reason(exc)) from exc
        return b"".join(parts)


def _content_type(value: str) -> tuple[str, str | None]:
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip('"').lower()
    return media.strip().lower(), charset


def _size(limit: int) -> str:
    return f"{limit / 1024 / 1024:g} MB" if limit >= 1024 * 1024 else f"{limit:,} bytes"


def _reason(exc: Exception) -> str:
    """A short reason for a connection error, without urllib3's long wrapping."""
    text = str(exc)
    for needle, reason in (("refused", "connection refused"), ("Name or service not known", "unknown host"),
                           ("nodename nor servname", "unknown host"), ("SSL", "TLS error"),
                           ("RemoteDisconnected", "the server closed the connection"),
                           ("reset by peer", "the connection was reset")):
        if needle in text:
            return reason
    return type(exc).__name__
