"""CaRB (Open IE) on the dev split: kg extract --lines --format tsv, scored by ../shared/tools/carb_score.py.

Prints precision, recall, F1 (at the best threshold) and AUC for the whole dev set and for the
newswire (WSJ) subset. Usage: python bench/carb.py [--details FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from _shared import RESULTS, ROOT, shared

PUBLISHED = [("IMoJIE (neural)", 0.535), ("OpenIE6 (neural)", 0.527), ("OpenIE-4", 0.516),
             ("ClausIE", 0.450), ("MinIE", 0.419), ("OLLIE", 0.411), ("Stanford OpenIE", 0.23)]


def score(system, gold, scorer, subset=None, details=None) -> dict:
    cmd = [sys.executable, str(scorer), "--gold", str(gold), "--system", str(system), "--json"]
    if subset:
        cmd += ["--sentences", str(subset)]
    if details:
        cmd += ["--details", str(details)]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", help="write the scorer's per-sentence details (JSON lines) here")
    parser.add_argument("--split", default="dev", help="a split of ../shared/benchdata/carb (dev, test)")
    parser.add_argument("--sentences", type=Path, help="score another file of sentences, one per line ...")
    parser.add_argument("--gold", type=Path, help="... against this gold file in CaRB's tab-separated format")
    args = parser.parse_args()
    if (args.sentences is None) != (args.gold is None):
        parser.error("--sentences and --gold go together")
    carb = shared("benchdata", "carb")
    sentences = args.sentences or carb / "data" / f"{args.split}.txt"
    gold = args.gold or carb / "data" / "gold" / f"{args.split}.tsv"
    name = sentences.stem if args.sentences else args.split
    newswire = carb / "derived" / f"{args.split}_newswire_sentences.txt"
    scorer = shared("tools", "carb_score.py")
    RESULTS.mkdir(parents=True, exist_ok=True)
    system = RESULTS / f"carb_{name}.tsv"
    started = time.perf_counter()
    with open(system, "w", encoding="utf-8") as handle:
        subprocess.run([sys.executable, "-m", "kg", "extract", "--lines", "--format", "tsv", str(sentences)],
                       check=True, stdout=handle, cwd=ROOT)
    seconds = time.perf_counter() - started
    rows = [("all", score(system, gold, scorer, details=args.details))]
    if args.sentences is None and newswire.exists():
        rows.append(("newswire", score(system, gold, scorer, newswire)))
    print(f"CaRB {name}: {sum(1 for _ in open(system, encoding='utf-8'))} extractions in {seconds:.1f}s")
    print(f"{'subset':<10} {'P':>6} {'R':>6} {'F1':>6} {'AUC':>6}   (all extractions: P, R, F1)")
    for name, result in rows:
        o, z = result["optimal"], result["all_extractions"]
        print(f"{name:<10} {o['precision']:6.3f} {o['recall']:6.3f} {o['f1']:6.3f} {result['auc']:6.3f}"
              f"   ({z['precision']:.3f}, {z['recall']:.3f}, {z['f1']:.3f})")
    print("published CaRB test F1: " + ", ".join(f"{n} {f:.3f}" for n, f in PUBLISHED))
    return 0


if __name__ == "__main__":
    sys.exit(main())
