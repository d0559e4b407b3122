"""``kg serve``: a read-only SPARQL 1.1 endpoint over a graph file or a store.

:class:`Endpoint` ties the pieces together: the data (a store folder as it is, or a graph
file loaded into a temporary on-disk store so that worker processes can share it), the
worker pool that runs queries with a timeout and a result cap (:mod:`kg.server.pool`), the
protocol app (:mod:`kg.server.app`) and waitress, the WSGI server.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox
from waitress.server import create_server

from ..read.load import kg_prefixes, load_into
from ..defaults import DEFAULT_HOST, DEFAULT_MAX_RESULTS, DEFAULT_PORT, DEFAULT_TIMEOUT
from ..errors import Errors, KGError
from ..rdf.store import open_store
from .app import MAX_QUERY_BYTES, SparqlApp
from .pool import WorkerPool

__all__ = ["Endpoint", "is_loopback", "DEFAULT_HOST", "DEFAULT_PORT", "DEFAULT_TIMEOUT", "DEFAULT_MAX_RESULTS"]



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
                 threads: int = 4) -> None:
        self.source = Path(source)
        self.host, self.port = host, port
        self.timeout, self.max_results = timeout, max_results
        self.workers, self.threads = workers, threads
        self._tmp: str | None = None
        self.pool: WorkerPool | None = None
        self.server = None

    def _store_dir(self) -> str:
        if not self.source.exists():
            raise KGError(Errors.E001.format(path=self.source))
        if self.source.is_dir():
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
                                   cap=self.max_results)
            try:
                self.server = create_server(SparqlApp(self.pool), host=self.host, port=self.port,
                                            threads=self.threads, ident="kg", max_request_body_size=MAX_QUERY_BYTES,
                                            clear_untrusted_proxy_headers=True)
            except (OSError, ValueError) as exc:
                raise KGError(Errors.E106.format(host=self.host, port=self.port, detail=exc)) from exc
        except BaseException:
            self.close()
            raise
        return self

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.server.effective_port}/"

    def serve_forever(self) -> None:
        self.server.run()

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
