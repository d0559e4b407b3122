"""Locate ../shared relative to the repository root, or stop with a clear message."""

from __future__ import annotations

import sys
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
