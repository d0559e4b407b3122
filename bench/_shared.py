"""Locate ../shared relative to the repository root, or stop with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "bench" / "results"


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        sys.exit(f"bench: {path} is missing. The benchmarks read the data in ../shared next to the "
                 f"repository (see ../shared/benchdata/README.md).")
    return path


SITE = os.environ.get("KG_BENCH_SITE")
"""A folder with kg installed in it, that a benchmark imports kg from instead of the checkout
(see :func:`rerun_with_compiled_kg`)."""


def kg_on_path() -> None:
    """Import kg from :data:`SITE` if set, else from the checkout."""
    sys.path.insert(0, str(ROOT))
    if SITE:
        sys.path.insert(0, SITE)


def rerun_with_compiled_kg(script: str) -> int:
    """Run ``script`` again with the same arguments, importing kg (in every process it starts)
    from a temporary folder into which kg is installed as ``pip install .`` installs it: with
    the modules setup.py compiles by mypyc. Stops if they were not compiled."""
    with tempfile.TemporaryDirectory() as site:
        print("bench: installing kg with its compiled modules (setup.py) ...", file=sys.stderr, flush=True)
        built = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                                "--target", site, str(ROOT)], capture_output=True, text=True)
        if built.returncode != 0 or not any(Path(site, "kg").rglob("*.so")):  # setup.py fell back to Python
            sys.exit(f"bench: kg was not compiled (see setup.py):\n{built.stdout[-3000:]}{built.stderr[-3000:]}")
        again = subprocess.run([sys.executable, script, *sys.argv[1:]], env={**os.environ, "KG_BENCH_SITE": site})
        return again.returncode


def machine() -> str:
    """The processor the benchmark ran on, for comparing runs: this machine is a virtual one, and
    each session may get a host of another processor generation (its model name says only "AMD
    EPYC"; the family and model number tell them apart), which moves kg's Python work more than
    spaCy's compiled work (docs/BENCHMARKS.md, twentieth round)."""
    fields: dict[str, str] = {}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if not line.strip():
                    break  # the first processor's block is enough
                fields.setdefault(key.strip(), value.strip())
    except OSError:
        return f"{os.cpu_count()} CPUs (no /proc/cpuinfo)"
    name, family, model = (fields.get(key, "?") for key in ("model name", "cpu family", "model"))
    return f"{name} (family {family}, model {model}), {os.cpu_count()} CPUs"
