"""Queries run in worker processes, so that a slow or greedy one can be stopped.

pyoxigraph evaluates a query in Rust and offers no way to cancel it, so each query runs in
a worker process that has the store open read-only. The HTTP thread waits for the answer
up to the timeout; past it, the worker is killed and replaced (a fresh worker opens the
read-only store in milliseconds). Workers are forked from a forkserver that has imported
kg once, so replacing one is cheap and safe in a threaded server.

Each worker's memory is bounded (``memory`` bytes): the HTTP thread watches the worker's
resident size while it waits and kills it past the bound, and the worker's data segment is
capped with ``RLIMIT_DATA`` a little above it, so that even a sudden allocation fails rather
than take the machine's memory. Either way the answer is 503 and the pool goes on. Queries run
on a thread with a large stack, so that a long chain of operators does not overflow it.

Unless SERVICE is allowed, a worker also moves into a network namespace of its own, where no
address can be reached (Linux; as root, or where unprivileged user namespaces are allowed): a
query that got past the endpoint's SERVICE check still could not send a request anywhere.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import re
import signal
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ..errors import Errors, KGError, Warnings
from ..read.sparql import execute, serialize_result

__all__ = ["Request", "Answer", "WorkerPool", "answer", "RESULT_MEDIA", "GRAPH_MEDIA", "default_memory",
           "resident_bytes", "isolate_network"]

QUERY_STACK = 512 << 20
"""Stack of the thread that runs queries: address space, used only as deep as the recursion goes."""
_WATCH_EVERY = 0.02
"""Seconds between two looks at a busy worker's memory."""
_MEMORY = "memory"

RESULT_MEDIA: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
"""Media types for SELECT and ASK answers; the first is the default."""

GRAPH_MEDIA: dict[str, str] = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
"""Media types for CONSTRUCT and DESCRIBE answers; the first is the default."""

_UPDATE_WORDS = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Request:
    """A SPARQL protocol query, as the HTTP layer parsed it."""

    query: str
    accept: str = ""
    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, message: str) -> "Answer":
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def _negotiate(accept: str, media: dict[str, str]) -> str | None:
    choices = list(media)
    if not accept.strip():
        return choices[0]
    return parse_accept_header(accept, MIMEAccept).best_match(choices)


def answer(store: ox.Store, request: Request, prefixes: dict[str, str], cap: int) -> Answer:
    """Run one request against ``store``: the whole protocol answer, status and body."""
    try:
        result = execute(store, request.query, prefixes=prefixes, default_graph=list(request.default_graph),
                         named_graphs=list(request.named_graphs))
    except KGError as exc:
        if _UPDATE_WORDS.search(request.query):
            # Not a query; most likely an update sent as one.
            return Answer.text(403, f"{Errors.E114}\n{exc}")
        return Answer.text(400, str(exc))
    media = GRAPH_MEDIA if isinstance(result, ox.QueryTriples) else RESULT_MEDIA
    chosen = _negotiate(request.accept, media)
    if chosen is None:
        return Answer.text(406, f"Not acceptable: this answer can be sent as {', '.join(media)}.")
    try:
        body, cut = serialize_result(result, media[chosen], cap=cap, prefixes=prefixes)
    except (OSError, ValueError, SyntaxError) as exc:
        return Answer.text(500, Errors.E116.format(detail=exc))
    headers = {"X-KG-Result-Cap": str(cap)}
    if cut:
        headers["X-KG-Truncated"] = "true"
        headers["Warning"] = f'199 kg "{Warnings.W101.format(cap=cap)}"'
    charset = "; charset=utf-8" if chosen.startswith("text/") else ""
    return Answer(200, chosen + charset, body, headers)


def default_memory(workers: int) -> int:
    """The default memory bound of one worker: a quarter of the machine's memory, shared by the
    workers, and at least 256 MB."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        total = 4 << 30
    return max(256 << 20, total // 4 // max(1, workers))


def resident_bytes(pid: int) -> int | None:
    """The resident memory of process ``pid``, or None where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _data_bytes() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def _cap_data(memory: int) -> None:
    """Let this process's data segment grow by at most ``memory`` and a margin beyond what it has:
    past that, allocations fail (the query engine then aborts), whatever the watcher sees."""
    import resource
    current = _data_bytes()
    if current is None:
        return
    limit = current + memory + (memory >> 2)
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ValueError, OSError):
        pass


def isolate_network() -> bool:
    """Move this process into a new, empty network namespace (no interface is up, so nothing can
    be reached, not even 127.0.0.1). Needs a single-threaded process; as a user without
    privileges, a user namespace comes with it. False where the system does not allow it."""
    import ctypes
    import ctypes.util
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        unshare = libc.unshare
    except (OSError, AttributeError):
        return False
    for flags in (clone_newnet, clone_newnet | clone_newuser):
        if unshare(flags) == 0:
            return True
    return False


def _serve(conn: Connection, store_dir: str, prefixes: dict[str, str], cap: int, memory: int | None) -> None:
    store = ox.Store.read_only(store_dir)
    if memory:
        _cap_data(memory)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = answer(store, request, prefixes, cap)
        except MemoryError:
            reply = Answer.text(503, Errors.E120.format(limit=_size(memory)))
        except Exception as exc:  # never let one query take the worker down silently
            reply = Answer.text(500, Errors.E116.format(detail=exc))
        conn.send(reply)


def _worker_main(conn: Connection, store_dir: str, prefixes: dict[str, str], cap: int,
                 memory: int | None = None, isolate: bool = True) -> None:
    if isolate:
        isolate_network()
    threading.stack_size(QUERY_STACK)
    thread = threading.Thread(target=_serve, args=(conn, store_dir, prefixes, cap, memory), name="kg-query")
    thread.start()
    thread.join()


def _size(memory: int | None) -> str:
    from .guard import format_size
    return format_size(memory or 0)


class _Worker:
    def __init__(self, ctx, store_dir: str, prefixes: dict[str, str], cap: int, memory: int | None,
                 isolate: bool) -> None:
        self.conn, child = ctx.Pipe()
        self.memory = memory
        self.process = ctx.Process(target=_worker_main, args=(child, store_dir, prefixes, cap, memory, isolate),
                                   daemon=True)
        self.process.start()
        child.close()

    def ask(self, request: Request, timeout: float) -> Answer | str | None:
        """The answer; None past ``timeout``; ``"memory"`` when the worker went past its memory."""
        self.conn.send(request)
        deadline = time.monotonic() + timeout
        while not self.conn.poll(min(_WATCH_EVERY, max(0.0, deadline - time.monotonic()))):
            if self.memory and (resident_bytes(self.process.pid) or 0) > self.memory:
                return _MEMORY
            if time.monotonic() >= deadline:
                return None
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            self.process.join(1)
            # An allocation refused under RLIMIT_DATA aborts the query engine (SIGABRT).
            if self.memory and self.process.exitcode == -signal.SIGABRT:
                return _MEMORY
            raise

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes over the read-only store at ``store_dir``, each bounded to
    ``memory`` bytes, and without network unless ``network``."""

    def __init__(self, store_dir: str, prefixes: dict[str, str], *, size: int = 2, timeout: float = 10.0,
                 cap: int = 10_000, memory: int | None = None, network: bool = False) -> None:
        self.ctx = multiprocessing.get_context("forkserver")
        self.ctx.set_forkserver_preload(["kg.server.pool"])
        self.store_dir, self.prefixes, self.timeout, self.cap = store_dir, prefixes, timeout, cap
        self.memory, self.network = memory, network
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.lock = threading.Lock()
        self.workers: set[_Worker] = set()
        for _ in range(max(1, size)):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self.ctx, self.store_dir, self.prefixes, self.cap, self.memory, not self.network)
        with self.lock:
            self.workers.add(worker)
        self.idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        with self.lock:
            self.workers.discard(worker)
        worker.stop()
        self._add()

    def run(self, request: Request) -> Answer:
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer.text(503, "All query workers are busy; try again later.")
        try:
            reply = worker.ask(request, self.timeout)
        except (EOFError, OSError, BrokenPipeError):
            code = worker.process.exitcode
            self._retire(worker)
            how = f" (signal {-code})" if code is not None and code < 0 else ""
            return Answer.text(500, Errors.E116.format(detail=f"the query worker stopped{how}; the endpoint goes on"))
        if reply is None:
            self._retire(worker)
            return Answer.text(503, Errors.E115.format(seconds=self.timeout))
        if isinstance(reply, str):  # the worker went past its memory
            self._retire(worker)
            return Answer.text(503, Errors.E120.format(limit=_size(self.memory)))
        self.idle.put(worker)
        return reply

    def close(self) -> None:
        with self.lock:
            workers, self.workers = list(self.workers), set()
        for worker in workers:
            worker.stop()
