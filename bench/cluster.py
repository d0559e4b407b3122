"""The client's share of the CPU time of a build on an external Dask cluster.

It starts a Dask scheduler (``dask scheduler``) and two worker processes (``dask worker
--nworkers 2 --nthreads 1``) as separate processes on 127.0.0.1, then runs ``kg build CORPUS -o
OUT --dask-scheduler tcp://127.0.0.1:PORT`` as a third. The CPU time (user + system) of the
scheduler and of every worker process (the nannies and the workers they start) is read with
psutil before and after the build; the client's is the build process's own, read from
``os.wait4``. The target (issue 15): the client's CPU time <= 2% of the total (client, scheduler
and workers), so that Amdahl's bound on the speed-up is >= 50 workers.

Every round starts a fresh scheduler and fresh workers, so each build loads the spaCy pipeline
in its workers (that CPU time counts as the workers'). The machine's load average is printed
with each round, since others share it.

Every process imports kg from the checkout, or, with ``KG_BENCH_SITE`` set to a folder that
``pip install --target`` filled, from there (kg as ``pip install .`` installs it, compiled).

Usage: python bench/cluster.py [--articles 2000] [--rounds 3] [--corpus bbc|reuters] [-- extra kg build options]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from _shared import ROOT, SITE, machine, shared

BIN = Path(sys.executable).parent


def corpus(name: str, articles: int, folder: Path) -> tuple[Path, int]:
    source = shared("benchdata", "news", "bbc_news_2004_2005.jsonl.gz" if name == "bbc" else
                    "reuters21578_1987.jsonl.gz")
    records = []
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        for line in handle:
            records.append(json.loads(line))
    # Cycle through the corpus when more articles are asked for than it has, each copy with its own
    # id and a changed first sentence, so that no copy is a syndicated copy of another.
    out, words = [], 0
    for i in range(articles):
        record = dict(records[i % len(records)])
        if i >= len(records):
            record["id"] = f"{record['id']}-{i // len(records)}"
            record["text"] = f"Copy {i // len(records)} of the story. " + record["text"]
        words += len(record["text"].split())
        out.append(json.dumps(record))
    path = folder / f"{name}{articles}.jsonl"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path, words


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu(processes: list[psutil.Process]) -> float:
    """User + system seconds of the processes and all their descendants now alive."""
    seen, total = set(), 0.0
    for proc in processes:
        try:
            family = [proc, *proc.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for member in family:
            if member.pid in seen:
                continue
            seen.add(member.pid)
            try:
                times = member.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
    return total


def wait_for_workers(address: str, count: int, timeout: float = 180) -> None:
    from dask.distributed import Client
    with Client(address, timeout=timeout) as client:
        client.wait_for_workers(count, timeout=timeout)


def one_round(path: Path, out: Path, extra: list[str], log: Path, args_show: bool = False) -> dict:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    # The scheduler, the workers and the client (python -m kg) import this checkout's kg, or the
    # one installed in KG_BENCH_SITE (kg as `pip install .` installs it: compiled).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*([SITE] if SITE else []), str(ROOT)])}
    with open(log, "a") as sink:
        scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                      "--no-dashboard"], stdout=sink, stderr=sink, cwd=ROOT, env=env)
        workers = subprocess.Popen([str(BIN / "dask"), "worker", address, "--nworkers", "2", "--nthreads", "1",
                                    "--host", "127.0.0.1", "--no-dashboard", "--memory-limit", "0"],
                                   stdout=sink, stderr=sink, cwd=ROOT, env=env)
    try:
        wait_for_workers(address, 2)
        time.sleep(1.0)
        procs = [psutil.Process(scheduler.pid)], [psutil.Process(workers.pid)]
        before = cpu(procs[0]), cpu(procs[1])
        load = os.getloadavg()[0]
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        client = subprocess.Popen([sys.executable, "-m", "kg", "build", str(path), "-o", str(out),
                                   "--dask-scheduler", address, "--quiet", *extra],
                                  cwd=SITE or ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # os.wait4 gives the client's own resource usage (and that of any child it waited for).
        _, status, usage = os.wait4(client.pid, 0)
        wall = time.perf_counter() - started
        client.returncode = os.waitstatus_to_exitcode(status)
        stderr = client.stderr.read().decode("utf-8", "replace")
        client.stdout.close()
        client.stderr.close()
        if args_show:
            print(stderr)
        if client.returncode not in (0, 1):
            sys.exit(f"kg build failed ({client.returncode}):\n{stderr[-3000:]}")
        after = cpu(procs[0]), cpu(procs[1])
        return {"client": usage.ru_utime + usage.ru_stime, "scheduler": after[0] - before[0],
                "workers": after[1] - before[1], "wall": wall, "load": load,
                "load_after": os.getloadavg()[0], "summary": stderr.strip().splitlines()[-3:]}
    finally:
        for proc in (workers, scheduler):
            proc.terminate()
        for proc in (workers, scheduler):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", choices=("bbc", "reuters"), default="bbc")
    parser.add_argument("extra", nargs="*", help="more kg build options (after --)")
    parser.add_argument("--show", action="store_true", help="print the build's messages")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path, words = corpus(args.corpus, args.articles, Path(tmp))
        print(f"{args.articles} {args.corpus.upper()} articles ({words:,} words); kg build -o OUT "
              f"--dask-scheduler ... {' '.join(args.extra)}", flush=True)
        for number in range(1, args.rounds + 1):
            row = one_round(path, Path(tmp) / "out", args.extra, Path(tmp) / "dask.log", args.show)
            total = row["client"] + row["scheduler"] + row["workers"]
            row["share"] = row["client"] / total
            rows.append(row)
            print(f"round {number}: client {row['client']:6.2f} s CPU, scheduler {row['scheduler']:6.2f} s, "
                  f"workers {row['workers']:7.1f} s; client share {100 * row['share']:5.2f}% "
                  f"(Amdahl bound {1 / row['share']:5.0f} workers); wall {row['wall']:6.1f} s; "
                  f"load {row['load']:.1f} -> {row['load_after']:.1f}", flush=True)
            for line in row["summary"]:
                print(f"    {line}")
    share = statistics.median(r["share"] for r in rows)
    print(f"median client share {100 * share:.2f}% (target <= 2%): Amdahl bound {1 / share:.0f} workers; "
          f"median client CPU {statistics.median(r['client'] for r in rows):.2f} s, workers "
          f"{statistics.median(r['workers'] for r in rows):.1f} s, scheduler "
          f"{statistics.median(r['scheduler'] for r in rows):.2f} s, wall {statistics.median(r['wall'] for r in rows):.1f} s")
    print(f"Processor: {machine()}")  # the workers' CPU, and so the share, moves with it
    print(f"kg from {SITE or ROOT} (KG_BENCH_SITE {'set' if SITE else 'not set: the sources'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
