"""Throughput: kg build end to end against bare spaCy, on the BBC corpus.

For each number of processes (1 and 2) it measures (a) bare ``nlp.pipe`` over the article
texts with the same model and process count, and (b) kg's whole build of the same articles to
Turtle (``kg.pipeline.build.build(..., jobs=N)`` then the Turtle writer). Each round measures
every setting once, one after another, so that each ratio compares times taken minutes apart;
(a) runs first in odd rounds and (b) in even ones.
Every measurement runs in a fresh process and starts its clock once the model is loaded, so
neither side inherits the other's state. It prints words/s for each, the ratio b/a (target
>= 0.90), and the speed-up of 2 processes over 1 for kg (target >= 1.8), each as the median
of the rounds' own ratios and as the ratio of the medians.

kg is measured as ``pip install .`` installs it (``--kg compiled``, the default): the script
builds it into a temporary folder, with the rules and resolution compiled by mypyc (setup.py),
and every measured process imports kg from there. ``--kg source`` measures the checkout's
Python modules instead, byte-compiled first as an installed package's are. The last lines name
the interpreter, the processor and the kg: kg's own work is Python, spaCy's mostly compiled, so
the ratio depends on how both were built and on the processor they run on (docs/BENCHMARKS.md,
seventeenth, eighteenth and twentieth rounds).

With ``--whole`` it times whole processes instead, start-up included (issue 15's second
measure, target >= 0.85 on 150 articles): (a) ``python -c`` that loads the pipeline and runs
``nlp.pipe`` over the texts, against (b) the command ``kg build CORPUS -o OUT`` (Turtle and the
HTML page, as users run it).
Usage: python bench/throughput.py [--limit N] [--rounds R] [--processes 1,2] [--whole] [--kg compiled|source]
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _shared import ROOT, SITE, kg_on_path, machine, rerun_with_compiled_kg, shared

kg_on_path()

from kg.pipeline.build import build  # noqa: E402
from kg.export.turtle import write_turtle  # noqa: E402
from kg.nlp import load_pipeline  # noqa: E402


def load_corpus(limit: int | None) -> list[dict]:
    path = shared("benchdata", "news", "bbc_news_2004_2005.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return records[:limit] if limit else records


def bare(nlp, texts: list[str], processes: int) -> float:
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=processes, batch_size=32):
        pass
    return time.perf_counter() - started


def kg_build(nlp, corpus: Path, processes: int, out: Path) -> float:
    started = time.perf_counter()
    result = build([str(corpus)], nlp=nlp, jobs=processes)
    write_turtle(result.graph, out / "graph.ttl")
    return time.perf_counter() - started


def child(kind: str, corpus: Path, processes: int) -> None:
    """One measurement in this fresh process: load the model, then time only the work."""
    nlp = load_pipeline()
    if kind == "bare":
        texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
        seconds = bare(nlp, texts, processes)
    else:
        with tempfile.TemporaryDirectory() as out:
            seconds = kg_build(nlp, corpus, processes, Path(out))
    print(json.dumps({"seconds": seconds}))


BARE_PROCESS = """
import json, sys
from kg.nlp import load_pipeline
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
for _ in load_pipeline().pipe(texts, n_process=int(sys.argv[2]), batch_size=32):
    pass
"""


def whole_process(kind: str, corpus: Path, processes: int) -> float:
    """Wall time of a whole process, Python's start-up and the model's loading included."""
    with tempfile.TemporaryDirectory() as out:
        command = ([sys.executable, "-c", BARE_PROCESS, str(corpus), str(processes)] if kind == "bare" else
                   [sys.executable, "-m", "kg", "build", str(corpus), "-o", out, "--quiet",
                    "--jobs", str(processes)])
        # kg from PYTHONPATH (the compiled build's, or the checkout), as the working folder, which
        # Python puts first, has none
        env = {**os.environ, "PYTHONPATH": SITE or str(ROOT)}
        started = time.perf_counter()
        subprocess.run(command, cwd=out, check=True, capture_output=True, env=env)
        return time.perf_counter() - started


def order(round_: int) -> tuple[str, str]:
    """Which of the two runs first in round ``round_`` (from 1): they take turns.

    >>> [order(r)[0] for r in (1, 2, 3)]
    ['bare', 'kg', 'bare']
    """
    return ("bare", "kg") if round_ % 2 else ("kg", "bare")


def measure(kind: str, corpus: Path, processes: int) -> float:
    proc = subprocess.run([sys.executable, __file__, "--child", kind, "--corpus", str(corpus),
                           "--processes", str(processes)], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])["seconds"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--rounds", type=int, default=2, help="rounds; each measures every setting once")
    parser.add_argument("--processes", default="1,2")
    parser.add_argument("--whole", action="store_true", help="time whole processes, start-up included")
    parser.add_argument("--kg", choices=("compiled", "source"), default="compiled",
                        help="kg as pip install . builds it (default), or the checkout's Python modules")
    parser.add_argument("--child", choices=("bare", "kg"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.corpus, int(args.processes))
        return 0
    if args.kg == "compiled" and not SITE:
        return rerun_with_compiled_kg(__file__)
    records = load_corpus(args.limit)
    # kg's modules byte-compiled first, as pip compiles a package it installs (spaCy's, in
    # site-packages, are): a checkout run with PYTHONDONTWRITEBYTECODE set would otherwise
    # compile them again in every measured process, about 0.13 s each.
    compileall.compile_dir(Path(SITE or ROOT) / "kg", quiet=1)
    words = sum(len(r["text"].split()) for r in records)
    settings = [int(p) for p in args.processes.split(",")]
    timer = whole_process if args.whole else measure
    times: dict[tuple[str, int], list[float]] = {(kind, p): [] for kind in ("bare", "kg") for p in settings}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        # Every setting in every round, so that the machine's drift (its speed moves by a
        # quarter between minutes) hits the times each ratio compares alike; bare spaCy first in
        # odd rounds and kg first in even ones, so that neither always runs on a machine the
        # other has just warmed (or heated).
        for round_ in range(1, args.rounds + 1):
            for processes in settings:
                for kind in order(round_):
                    times[kind, processes].append(timer(kind, corpus, processes))
            # one line a round, so that a long run shows that it is going and how it goes
            print(f"round {round_} of {args.rounds}: " + ", ".join(
                f"{p} process(es) bare {times['bare', p][-1]:.1f} s, kg {times['kg', p][-1]:.1f} s" for p in settings),
                file=sys.stderr, flush=True)
    target = 0.85 if args.whole else 0.90
    for processes in settings:
        a_times, b_times = times["bare", processes], times["kg", processes]
        paired = [x / y for x, y in zip(a_times, b_times)]
        a, b = statistics.median(a_times), statistics.median(b_times)
        print(f"{processes} process(es), seconds per round: bare {' '.join(f'{t:.1f}' for t in a_times)}"
              f" | kg {' '.join(f'{t:.1f}' for t in b_times)} | ratio of each round "
              f"{' '.join(f'{x:.3f}' for x in paired)}")
        print(f"{processes} process(es): bare nlp.pipe {words / a:8.0f} words/s | kg build {words / b:8.0f} words/s"
              f" | ratio b/a: median of the rounds' {statistics.median(paired):.3f}, of the medians {a / b:.3f}"
              f" (target >= {target})")
    what = "whole processes, start-up included" if args.whole else "the clock started once the model is loaded"
    print(f"{len(records)} BBC articles, {words} words, {args.rounds} rounds of every setting; {what}")
    # kg's own work is pure Python and spaCy's mostly compiled: the interpreter's build moves the ratio
    print(f"Python {platform.python_version()} ({sys.executable}; {platform.python_compiler()})")
    print(f"Processor: {machine()}")
    compiled = sum(1 for _ in (Path(SITE or ROOT) / "kg").rglob("*.so"))
    print(f"kg from {SITE or ROOT}: " + (f"{compiled} modules compiled by mypyc" if compiled else "Python source"))
    if 1 in settings and 2 in settings:
        for kind, name in (("kg", "kg build"), ("bare", "bare spaCy")):
            one, two = times[kind, 1], times[kind, 2]
            rounds = statistics.median(x / y for x, y in zip(one, two))
            print(f"{name}, 2 processes over 1: median of the rounds' {rounds:.2f}x, of the medians "
                  f"{statistics.median(one) / statistics.median(two):.2f}x"
                  + (" (target >= 1.8)" if kind == "kg" and not args.whole else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
