"""``kg serve``: a read-only SPARQL 1.1 endpoint over a graph file or a store.

:class:`Endpoint` ties the pieces together: the data (a store folder as it is, or a graph
file loaded into a temporary on-disk store so that worker processes can share it), the
worker pool that runs queries with a timeout and a result cap (:mod:`kg.server.pool`), the
protocol app (:mod:`kg.server.app`, with the checks of :mod:`kg.server.guard`) and waitress,
the WSGI server, with bounded connections (:class:`BoundedServer`).
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server

from ..read.load import kg_prefixes, load_into
from ..defaults import (DEFAULT_HOST, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_RESULTS,
                        DEFAULT_PORT, DEFAULT_TIMEOUT)
from ..errors import Errors, KGError
from ..rdf.shards import is_build_folder
from ..rdf.store import open_store
from .app import MAX_QUERY_BYTES, SparqlApp
from .guard import HostCheck
from .pool import WorkerPool, default_memory

__all__ = ["Endpoint", "BoundedServer", "is_loopback", "DEFAULT_HOST", "DEFAULT_PORT", "DEFAULT_TIMEOUT",
           "DEFAULT_MAX_RESULTS", "DEFAULT_MAX_CONNECTIONS", "DEFAULT_IDLE_TIMEOUT"]


class BoundedServer:
    """Waitress with its connections bounded and never stuck behind idle ones.

    Waitress stops accepting at ``connection_limit`` open connections and closes an idle one
    only after ``channel_timeout``: a hundred connections that send nothing (or a byte now and
    then) keep every real client waiting. Here, at the limit, the connection that has been quiet
    longest and has no request being answered is closed to make room for the new one, and idle
    connections are looked for every second. Mixed into waitress's server class by
    :meth:`Endpoint.start`.
    """

    def readable(self):
        if self.accepting and len(self._map) >= self.adj.connection_limit:
            channels = list(self.active_channels.values())
            # Marked, not closed here: the event loop is collecting the sockets to wait on, and
            # closes a marked channel on its next round.
            if not any(c.will_close for c in channels):
                quiet = [c for c in channels if not c.requests]
                if quiet:
                    min(quiet, key=lambda c: c.last_activity).will_close = True
        return super().readable()


def _sockets(server: BaseWSGIServer | MultiSocketServer) -> list[BaseWSGIServer]:
    """waitress's server of each listening socket: one, or one per address of a host name that
    has several ("localhost" is often both 127.0.0.1 and ::1)."""
    if isinstance(server, BaseWSGIServer):
        return [server]
    return [s for s in server.map.values() if isinstance(s, BaseWSGIServer)]


def _bound(server: BaseWSGIServer | MultiSocketServer) -> None:
    """Give waitress's server (one, or each of a multi-socket server's) the bounded behaviour."""
    for one in _sockets(server):
        one.__class__ = type(f"Bounded{type(one).__name__}", (BoundedServer, type(one)), {})


def _listen(app, host: str, port: int, **options) -> BaseWSGIServer | MultiSocketServer:
    """waitress's server on every address of ``host``, all on one port: with port 0, each address
    would get a port of its own, so the others listen again on the first one's."""
    server = create_server(app, host=host, port=port, **options)
    ports = [one.effective_port for one in _sockets(server)]
    if port == 0 and len(set(ports)) > 1:
        server.close()
        server = create_server(app, host=host, port=ports[0], **options)
    return server


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Endpoint:
    """A running endpoint: ``with Endpoint(path) as ep: ep.serve_forever()``; ``ep.url``."""

    def __init__(self, source: str | os.PathLike, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 timeout: float = DEFAULT_TIMEOUT, max_results: int = DEFAULT_MAX_RESULTS, workers: int = 2,
                 threads: int = 4, max_memory: int | None = None, max_connections: int = DEFAULT_MAX_CONNECTIONS,
                 idle_timeout: float = DEFAULT_IDLE_TIMEOUT, allow_service: bool = False,
                 allow_hosts: Iterable[str] = ()) -> None:
        self.source = Path(source)
        self.host, self.port = host, port
        self.timeout, self.max_results = timeout, max_results
        self.workers, self.threads = workers, threads
        self.max_memory = max_memory if max_memory is not None else default_memory(workers)
        self.max_connections, self.idle_timeout = max_connections, idle_timeout
        self.allow_service, self.allow_hosts = allow_service, tuple(allow_hosts)
        self._tmp: str | None = None
        self.pool: WorkerPool | None = None
        self.server: BaseWSGIServer | MultiSocketServer | None = None

    def _store_dir(self) -> str:
        if not self.source.exists():
            raise KGError(Errors.E001.format(path=self.source))
        if self.source.is_dir() and not is_build_folder(self.source):
            open_store(self.source, read_only=True)  # a clear error now rather than in a worker
            return str(self.source)
        self._tmp = tempfile.mkdtemp(prefix="kg-serve-")
        folder = os.path.join(self._tmp, "store")
        store = ox.Store(folder)
        load_into(store, self.source)
        store.flush()
        del store  # the workers open it read-only
        return folder

    def start(self) -> "Endpoint":
        try:
            store_dir = self._store_dir()
            prefixes = kg_prefixes(ox.Store.read_only(store_dir))
            self.pool = WorkerPool(store_dir, prefixes, size=self.workers, timeout=self.timeout,
                                   cap=self.max_results, memory=self.max_memory, network=self.allow_service)
            app = SparqlApp(self.pool, hosts=HostCheck(self.host, self.allow_hosts), allow_service=self.allow_service)
            try:
                self.server = _listen(app, self.host, self.port, threads=self.threads, ident="kg",
                                      max_request_body_size=MAX_QUERY_BYTES, clear_untrusted_proxy_headers=True,
                                      connection_limit=self.max_connections,
                                      channel_timeout=max(1, round(self.idle_timeout)), cleanup_interval=1)
            except (OSError, ValueError) as exc:
                raise KGError(Errors.E106.format(host=self.host, port=self.port, detail=exc)) from exc
            _bound(self.server)
        except BaseException:
            self.close()
            raise
        return self

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{_sockets(self._running())[0].effective_port}/"

    def serve_forever(self) -> None:
        self._running().run()

    def _running(self) -> BaseWSGIServer | MultiSocketServer:
        if self.server is None:
            raise RuntimeError("the endpoint is not started (Endpoint.start, or a with block)")
        return self.server

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> "Endpoint":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()
