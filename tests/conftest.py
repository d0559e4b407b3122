from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.pipeline.article import read_article
from kg.pipeline.build import build
from kg.ingest import parse_text_document
from kg.nlp import load_pipeline, parse_articles
from kg.ontology import load_ontology

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@dataclass
class Reading:
    """What kg reads from one text: Open IE tuples, entity triples and entities."""

    tuples: list[tuple[str, ...]]
    triples: set[tuple[str, str, str]]
    asserted: set[tuple[str, str, str]]
    result: object

    def has_tuple(self, arg1: str, relation: str, *args: str) -> bool:
        return any(t[0] == arg1 and t[1] == relation and tuple(t[2:2 + len(args)]) == args
                   for t in self.tuples)


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory):
    """kg's caches (HTTP responses, derived tables) in a folder of the test session's, not the
    user's: every process the tests start inherits it."""
    if "KG_CACHE_DIR" not in os.environ:
        os.environ["KG_CACHE_DIR"] = str(tmp_path_factory.mktemp("kg-cache"))
        yield
        del os.environ["KG_CACHE_DIR"]
    else:
        yield


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def ontology():
    return load_ontology()


@pytest.fixture(scope="session")
def read(nlp, ontology):
    def _read(text: str) -> Reading:
        article = parse_text_document(text, "<test>", "test")
        [(article, paragraphs)] = list(parse_articles(nlp, [article]))
        result = read_article(article, paragraphs, ontology)
        # A build reads only the sentences that can give a relation: every table of sentences
        # checks that it still finds the same entities and relations.
        lean = read_article(article, paragraphs, ontology, keep_extractions=False)
        assert (lean.entities, lean.triples) == (result.entities, result.triples), text
        labels = {e.id: e.label for e in result.entities}
        tuples = [(x.arg1, x.relation, *[a.text for a in x.args]) for x in result.extractions]
        triples = {(labels[t.subject], t.predicate, labels[t.object]) for t in result.triples}
        asserted = {(labels[t.subject], t.predicate, labels[t.object]) for t in result.triples if t.asserted}
        return Reading(tuples, triples, asserted, result)
    return _read


@pytest.fixture(scope="session")
def seed_build(nlp):
    return build([str(EXAMPLES)], nlp=nlp)


@pytest.fixture(scope="session")
def seed_outdir(tmp_path_factory, seed_build):
    from kg.export.turtle import write_turtle
    from kg.viz.html import write_html
    out = tmp_path_factory.mktemp("seed-out")
    write_turtle(seed_build.graph, out / "graph.ttl")
    write_html(seed_build.graph, out / "graph.html")
    return out


def require_tool(name: str) -> str:
    """The path of a system tool that the tests need; CI installs them in .ci/run."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"'{name}' is not installed: run 'make system-deps' (as root) or see .ci/run")
    return path


@pytest.fixture(scope="session")
def seed_graph_file(seed_outdir):
    """The seed graph as Turtle (written by kg's own exporter)."""
    return seed_outdir / "graph.ttl"


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, nlp):
    """The seeds built into an Oxigraph store folder with ``kg build --store``'s writer."""
    from kg.rdf.store import StoreWriter
    folder = tmp_path_factory.mktemp("seed-store") / "store"
    writer = StoreWriter(folder)
    build([str(EXAMPLES)], nlp=nlp, sink=writer)
    writer.store.flush()
    del writer
    return folder


class Server:
    """A ``kg serve`` subprocess on a free loopback port (it prints its URL first)."""

    def __init__(self, *args: str) -> None:
        import queue
        import subprocess
        import sys
        import threading
        self.proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", *args, "--port", "0"],
                                     cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: lines.put(self.proc.stdout.readline()), daemon=True).start()
        try:
            self.url = lines.get(timeout=120).strip()
        except queue.Empty:
            self.stop()
            pytest.fail("kg serve did not start within 120 s")
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            pytest.fail(f"kg serve did not print its URL: {self.url!r} {self.proc.stderr.read()}")

    def stop(self) -> None:
        import signal
        import subprocess
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        # communicate, not wait: it drains and closes the pipes (see finished)
        try:
            self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            reap(self.proc)


@pytest.fixture
def serve():
    """Start ``kg serve`` with the given arguments; every server is stopped after the test."""
    servers = []

    def _start(*args: str) -> Server:
        server = Server(*[str(a) for a in args])
        servers.append(server)
        return server
    yield _start
    for server in servers:
        server.stop()


def finished(proc, timeout: float = 600) -> int:
    """The exit status of a process started with pipes, once it ended: its output read to the end
    and its pipes closed (``wait`` leaves them open, and a child that fills a pipe would never end)."""
    proc.communicate(timeout=timeout)
    return proc.returncode


def reap(proc) -> int:
    """The exit status of a process started with pipes that was killed, its pipes closed unread: a
    child it left behind may hold them open, and reading them to the end would wait for that child."""
    code = proc.wait()
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()
    return code


def free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def news_jsonl(tmp_path_factory):
    """A JSONL file of N made-up news articles (tests/newsgen.py): the tests that scale read it,
    never the benchmark corpora."""
    from newsgen import write_jsonl
    folder = tmp_path_factory.mktemp("news")

    def make(n: int):
        path = folder / f"news{n}.jsonl"
        if not path.exists():
            write_jsonl(path, n)
        return path
    return make


class Disk:
    """A small real filesystem (tmpfs) mounted by the test, so that writing fills it for real."""

    def __init__(self, path: Path, size: str) -> None:
        import subprocess
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.fail(f"cannot mount a {size} tmpfs at {path} ({done.stderr.strip()}): the full-disk tests "
                        "mount a small filesystem and need root, as CI runs them")
        self.mounts = [path]

    def mount_inside(self, name: str, size: str) -> Path:
        """Another tmpfs inside this one (for what should not fill it, such as a work folder)."""
        import subprocess
        inner = self.path / name
        inner.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(inner)], check=True)
        self.mounts.append(inner)
        return inner

    def grow(self, size: str) -> None:
        import subprocess
        subprocess.run(["mount", "-o", f"remount,size={size}", str(self.path)], check=True)

    def unmount(self) -> None:
        import subprocess
        for mount in reversed(self.mounts):
            subprocess.run(["umount", "-l", str(mount)], capture_output=True)
        self.mounts = []


@pytest.fixture
def small_disk(tmp_path):
    """``small_disk(size)`` mounts a tmpfs of that size (e.g. "1m") and returns it; unmounted after."""
    disks: list[Disk] = []

    def make(size: str, name: str = "disk") -> Disk:
        disk = Disk(tmp_path / name, size)
        disks.append(disk)
        return disk
    yield make
    for disk in disks:
        disk.unmount()


def sqlite_memory() -> int:
    """Bytes SQLite's own allocator holds in this process (page caches and prepared statements):
    tracemalloc does not see them."""
    import ctypes
    import ctypes.util
    lib = ctypes.CDLL(ctypes.util.find_library("sqlite3"))
    lib.sqlite3_memory_used.restype = ctypes.c_int64
    return lib.sqlite3_memory_used()
