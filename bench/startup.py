"""Start-up time of the command line: ``kg --help`` and a ``kg query`` on the seed graph,
against ``python -c pass`` in the same run.

Each command runs ``--runs`` times (after one warm-up run, so the file cache is warm); the
median wall time is printed, with the targets (issue 11): ``kg --help`` <= 0.35 s and
``kg query`` on the seed graph <= 0.6 s. Usage: python bench/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _shared import ROOT

QUERY = "SELECT ?name WHERE { person:elon-musk rdfs:label ?name }"
TARGETS = {"kg --help": 0.35, "kg query": 0.6}


def kg_command() -> list[str]:
    """The installed ``kg`` script beside this Python, as a user runs it."""
    script = Path(sys.executable).parent / "kg"
    return [str(script)] if script.exists() else [shutil.which("kg") or "kg"]


def wall(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    kg = kg_command()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "kg --help": [*kg, "--help"],
        "kg query": [*kg, "query", "output/graph.ttl", QUERY],
    }
    print(f"start-up, median of {args.runs} runs (wall seconds)")
    failed = False
    for name, cmd in commands.items():
        seconds = wall(cmd, args.runs)
        target = TARGETS.get(name)
        verdict = "" if target is None else f"  target <= {target:.2f}: {'met' if seconds <= target else 'MISSED'}"
        failed |= target is not None and seconds > target
        print(f"{name:<16} {seconds:6.3f}{verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
