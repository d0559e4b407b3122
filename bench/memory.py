"""Peak memory of kg build on 2,000 and then 20,000 Reuters articles.

Each build runs as its own process (``kg build --store``, which writes into an Oxigraph store
article by article) under ``/usr/bin/time -v``; its peak resident set size is read from there.
Targets (issue 15): the 20k peak <= 1.2x the 2k peak, and <= 1 GB.
Usage: python bench/memory.py [--sizes 2000,20000] [--jobs 1]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _shared import ROOT, machine, shared


def corpus(size: int, folder: Path) -> tuple[Path, int]:
    source = shared("benchdata", "news", "reuters21578_1987.jsonl.gz")
    path = folder / f"reuters-{size}.jsonl"
    words = 0
    with gzip.open(source, "rt", encoding="utf-8") as handle, open(path, "w", encoding="utf-8") as out:
        for count, line in enumerate(handle):
            if count == size:
                break
            out.write(line)
            words += len(json.loads(line)["text"].split())
    return path, words


def peak_rss(size: int, folder: Path, jobs: int) -> tuple[float, float, int]:
    path, words = corpus(size, folder)
    store = folder / f"store-{size}"
    shutil.rmtree(store, ignore_errors=True)
    started = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "kg", "build", str(path), "--store",
                           str(store), "--jobs", str(jobs), "--quiet"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        sys.exit(f"kg build failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    kbytes = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return kbytes / 1024, seconds, words


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("bench/memory.py needs /usr/bin/time (Debian package 'time').")
    sizes = [int(s) for s in args.sizes.split(",")]
    peaks = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            mb, seconds, words = peak_rss(size, Path(tmp), args.jobs)
            peaks[size] = mb
            print(f"{size:6d} Reuters articles ({words} words): peak RSS {mb:7.1f} MB, {seconds:6.1f}s "
                  f"({words / seconds:,.0f} words/s)", flush=True)
    if len(sizes) == 2:
        small, big = peaks[sizes[0]], peaks[sizes[1]]
        print(f"peak {sizes[1]} / peak {sizes[0]}: {big / small:.2f} (target <= 1.2); "
              f"{sizes[1]} peak {big:.0f} MB (target <= 1024 MB)")
    print(f"Python {sys.version.split()[0]} ({sys.executable}); kg from {ROOT}")
    print(f"Processor: {machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
