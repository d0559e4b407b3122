"""kg build caps glibc's malloc arenas (kg/pipeline/memory.py): threads that allocate at the same
time no longer each get an arena that keeps what they freed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from kg.cli import app
from kg.pipeline import memory

ARENAS = """
import ctypes, ctypes.util, re, sys, tempfile, threading
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.fopen.restype, libc.fopen.argtypes = ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_char_p]
libc.malloc_info.argtypes, libc.fclose.argtypes = [ctypes.c_int, ctypes.c_void_p], [ctypes.c_void_p]
if sys.argv[1] == "limit":
    from kg.pipeline.memory import limit_malloc_arenas
    assert limit_malloc_arenas()

def work():  # ctypes lets go of the GIL in each call, so the threads allocate at the same time
    for _ in range(20000):
        libc.free(libc.malloc(1000))

threads = [threading.Thread(target=work) for _ in range(8)]
[t.start() for t in threads]
[t.join() for t in threads]
path = tempfile.mktemp()
handle = libc.fopen(path.encode(), b"w")
libc.malloc_info(0, handle)
libc.fclose(handle)
print(len(re.findall(r"<heap nr=", open(path).read())))
"""

TRIM = """
import ctypes, ctypes.util, sys
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]

def rss_mb():
    return int(next(line for line in open("/proc/self/status") if line.startswith("VmRSS")).split()[1]) // 1024

blocks = [libc.malloc(4000) for _ in range(50000)]  # 200 MB on malloc's heap, below its mmap threshold
for block in blocks:
    ctypes.memset(block, 1, 4000)
pin = libc.malloc(4000)  # keeps the heap's top in use: free() alone cannot give the memory back
for block in blocks:
    libc.free(block)
before = rss_mb()
if sys.argv[1] == "trim":
    from kg.pipeline.memory import return_freed_memory
    assert return_freed_memory()
print(before, rss_mb())
"""

GLIBC = hasattr(os, "confstr") and (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")


def arenas(mode: str) -> int:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    out = subprocess.run([sys.executable, "-c", ARENAS, mode], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True)
    return int(out.stdout.split()[-1])


@pytest.mark.skipif(not GLIBC, reason="malloc arenas are glibc's")
def test_eight_threads_share_two_arenas_once_capped():
    assert arenas("limit") == memory.ARENAS == 2
    assert arenas("free") > 2  # the check can tell: without the cap, threads get arenas of their own


def test_the_users_malloc_arena_max_wins(monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert memory.limit_malloc_arenas() is False


def test_kg_build_caps_the_arenas_before_it_builds(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(memory, "limit_malloc_arenas", lambda: calls.append("arenas"))
    source = tmp_path / "a.txt"
    source.write_text("Acme Corp bought Widget Works in London on Monday.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(source), "-o", str(tmp_path / "out"), "--no-html", "--quiet"])
    assert result.exit_code == 0, result.output
    assert calls == ["arenas"]


def test_regression_name_caches_outlived_the_merge_into_phase_two(monkeypatch, nlp):
    """The reading's and the merge's caches grow with the corpus (up to 90,000 entries): a
    19,043-article build wrote its RDF with them full. They are empty when the RDF is written."""
    import importlib
    from kg.extract import predicates
    from kg.resolve import names
    build_module = importlib.import_module("kg.pipeline.build")  # kg.pipeline.build is also the function
    sizes = []
    write = build_module._write

    def recording(*args, **kwargs):
        sizes.append([cached.cache_info().currsize for cached in
                      (names.clean_surface, names._name_words, names._content_words, predicates._normalize)])
        return write(*args, **kwargs)

    monkeypatch.setattr(build_module, "_write", recording)
    build_module.build(["Elon Musk has threatened to sue Microsoft. Microsoft said it would fight."], nlp=nlp)
    assert sizes == [[0, 0, 0, 0]]
    assert names.clean_surface("the Microsoft") == "Microsoft"  # and the caches work again after


def trimmed(mode: str) -> int:
    """MB of resident memory that went after 200 MB were freed in the middle of malloc's heap."""
    out = subprocess.run([sys.executable, "-c", TRIM, mode], cwd=ROOT, capture_output=True, text=True, check=True)
    before, after = map(int, out.stdout.split())
    return before - after


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's")
def test_freed_memory_goes_back_to_the_system():
    assert trimmed("trim") > 150
    assert trimmed("keep") < 20  # the check can tell: free() alone keeps it


def test_a_build_that_let_go_of_its_pipeline_gives_its_memory_back(monkeypatch):
    import importlib
    build_module = importlib.import_module("kg.pipeline.build")
    calls = []
    monkeypatch.setattr(build_module, "return_freed_memory", lambda: calls.append("trim"))
    build_module.build(["Acme Corp bought Widget Works in London on Monday."])
    assert calls == ["trim"]


def test_regression_the_collector_ran_hundreds_of_times_over_the_entity_merge(monkeypatch):
    """Merging the 31,559 names of 19,043 Reuters articles took 1.8 to 2.1 s, of which 0.55 to
    0.67 s were 693 collections over objects the merge makes without cycles; it runs with the
    collector paused, which is on again after."""
    import gc
    from kg.pipeline.build import build
    from kg.resolve.corpus import EntityMerger
    collecting, real = [], EntityMerger.finalize
    monkeypatch.setattr(EntityMerger, "finalize", lambda self: collecting.append(gc.isenabled()) or real(self))
    result = build(["Acme Corp bought Widget Works in London on Monday. Acme said the deal would close soon."])
    assert collecting == [False] and gc.isenabled()
    assert result.summary.entities >= 2
