"""News KG gold: build the gold articles with `kg build` and score the graph against the gold.

Measures, with ../shared/tools/newsgold_score.py (its docstring defines every figure): node
precision / recall and duplicate nodes per 100 entities; relation precision, pair precision,
relation recall, pair recall and core recall; kind accuracy; asserted statements per article and
relation F1. Also reports the build wall time and the canonical share: of the asserted statements
(kg:asserted true, subject and object both entities the article mentions), the share whose
predicate is a curated relation, i.e. not marked kg:openRelation true in the graph.

kg is run only through its CLI (python -m kg build ... --quiet), so the script does not depend on
the package layout (--thresholds reads the assertion threshold from kg.defaults). The graph is kept in bench/results/newsgold/graph.ttl (or --keep DIR).

Usage:
    python bench/newsgold.py                          # dev gold in ../shared/benchdata/newsgold
    python bench/newsgold.py --details                # + per-article counts and scorer details
    python bench/newsgold.py --articles A.jsonl --gold DIR   # another split of the same format
    python bench/newsgold.py --graph graph.ttl        # score an existing graph, no build
    python bench/newsgold.py --json                   # everything as one JSON object
    python bench/newsgold.py --thresholds 0.3,0.4,0.5,0.6,0.7   # the assertion threshold moved
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import rdflib
from rdflib.namespace import RDF

from _shared import RESULTS, ROOT, shared

KG = rdflib.Namespace("https://w3id.org/kg-news/ontology#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SCHEMA = rdflib.Namespace("https://schema.org/")

#: (summary key, column header, format) in the order they are printed.
FIGURES = [
    ("node_precision", "node P", ".3f"),
    ("node_recall", "node R", ".3f"),
    ("duplicates_per_100_entities", "dup/100", ".1f"),
    ("relation_precision", "rel P", ".3f"),
    ("relation_pair_precision", "pair P", ".3f"),
    ("relation_recall", "rel R", ".3f"),
    ("relation_pair_recall", "pair R", ".3f"),
    ("core_recall", "core R", ".3f"),
    ("kind_accuracy", "kind acc", ".3f"),
    ("asserted_per_article", "asserted/art", ".2f"),
    ("relation_f1", "rel F1", ".3f"),
]

#: (per-article count key, column header) for --details.
COUNTS = [
    ("nodes", "nodes"), ("nodes_matched", "matched"), ("gold_entities_found", "gold found"),
    ("duplicate_nodes", "dups"), ("asserted", "asserted"), ("asserted_correct", "correct"),
    ("facts_found", "facts found"), ("core_found", "core found"),
]


def build(articles: Path, keep: Path) -> tuple[Path, float]:
    """Run kg build on the articles; copy graph.ttl into keep; return its path and the wall time."""
    with tempfile.TemporaryDirectory(prefix="kg-newsgold-") as tmp:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "kg", "build", str(articles), "-o", tmp, "--quiet"],
                              cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"bench: kg build failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        keep.mkdir(parents=True, exist_ok=True)
        graph = keep / "graph.ttl"
        shutil.copyfile(Path(tmp) / "graph.ttl", graph)
    return graph, seconds


def score(graph: Path, gold: Path, details: bool) -> dict:
    """Run the shared scorer with --json (and --details) and return its result."""
    cmd = [sys.executable, str(shared("tools", "newsgold_score.py")), str(graph), str(gold), "--json"]
    if details:
        cmd.append("--details")
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench: newsgold_score.py failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout)


def is_true(value: rdflib.term.Node | None) -> bool:
    return value is not None and str(value).lower() == "true"


def canonical_share(graph: Path, article_ids: set[str]) -> dict:
    """Share of asserted entity-to-entity statements of the given articles whose predicate is curated."""
    g = rdflib.Graph()
    g.parse(graph)
    open_predicates = {p for p, v in g.subject_objects(KG.openRelation) if is_true(v)}
    articles = {s: str(i) for s, i in g.subject_objects(SCHEMA.identifier)
                if str(i) in article_ids and (s, RDF.type, SCHEMA.NewsArticle) in g}
    mentions = {a: set(g.objects(a, SCHEMA.mentions)) for a in articles}
    asserted = canonical = 0
    for st, art in g.subject_objects(PROV.wasDerivedFrom):
        if art not in articles or (st, RDF.type, KG.Statement) not in g:
            continue
        s, o = g.value(st, RDF.subject), g.value(st, RDF.object)
        if s not in mentions[art] or o not in mentions[art] or not is_true(g.value(st, KG.asserted)):
            continue
        asserted += 1
        canonical += g.value(st, RDF.predicate) not in open_predicates
    return {"asserted": asserted, "canonical": canonical,
            "share": round(canonical / asserted, 3) if asserted else None}


def rescored(graph: Path, gold: Path, thresholds: list[float]) -> list[tuple[float, dict]]:
    """The scores of ``graph`` with the assertion threshold moved: a statement is asserted when it
    is neither negated, hedged nor claimed and its confidence reaches the threshold. A statement
    kg left unasserted although its confidence reached kg's own threshold (reported speech whose
    speaker was not resolved) stays unasserted."""
    from kg.defaults import ASSERT_THRESHOLD
    g = rdflib.Graph()
    g.parse(graph)
    rows = []
    for st in g.subjects(RDF.type, KG.Statement):
        confidence = float(g.value(st, KG.confidence))
        clean = not is_true(g.value(st, KG.negated)) and g.value(st, KG.modality) is None \
            and g.value(st, KG.claimedBy) is None
        held_back = confidence >= ASSERT_THRESHOLD and not is_true(g.value(st, KG.asserted))
        rows.append((st, clean and not held_back, confidence))
    out = []
    with tempfile.TemporaryDirectory(prefix="kg-threshold-") as tmp:
        for threshold in thresholds:
            for st, clean, confidence in rows:
                g.set((st, KG.asserted, rdflib.Literal(clean and confidence >= threshold)))
            moved = Path(tmp) / f"graph-{threshold}.nt"
            g.serialize(moved, format="nt", encoding="utf-8")
            out.append((threshold, score(moved, gold, False)["summary"]))
    return out


def fmt(value: float | int | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_summary(result: dict, canonical: dict, seconds: float | None, graph: Path) -> None:
    summary = result["summary"]
    counts = summary.get("counts", {})
    built = f"built in {seconds:.1f}s" if seconds is not None else "existing graph"
    print(f"news KG gold: {summary['articles']} articles, {counts.get('gold_entities', 0)} gold entities, "
          f"{counts.get('gold_facts', 0)} gold facts ({counts.get('gold_core', 0)} core); {built}; {graph}")
    headers = [h for _, h, _ in FIGURES] + ["canonical"]
    cells = [fmt(summary.get(k), spec) for k, _, spec in FIGURES] + [fmt(canonical["share"], ".3f")]
    widths = [max(len(h), len(c)) for h, c in zip(headers, cells)]
    print("  ".join(h.rjust(w) for h, w in zip(headers, widths)))
    print("  ".join(c.rjust(w) for c, w in zip(cells, widths)))
    print(f"canonical share: {canonical['canonical']} of {canonical['asserted']} asserted statements "
          f"between mentioned entities use a curated (non-open) predicate")


def print_details(result: dict) -> None:
    print()
    width = max([len("article")] + [len(a) for a in result["per_article"]])
    print(f"{'article':<{width}}  " + "  ".join(f"{h:>{max(len(h), 5)}}" for _, h in COUNTS))
    for aid, c in sorted(result["per_article"].items()):
        missing = "  (article not in graph)" if c.get("missing_article") else ""
        print(f"{aid:<{width}}  " + "  ".join(f"{c.get(k, 0):>{max(len(h), 5)}}" for k, h in COUNTS) + missing)
    print()
    print("\n".join(result["details"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, help="articles JSONL (default: the newsgold dev articles)")
    parser.add_argument("--gold", type=Path, help="folder of <id>.json gold files (default: the newsgold dev gold)")
    parser.add_argument("--graph", type=Path, help="score this existing graph instead of building one")
    parser.add_argument("--keep", type=Path, default=RESULTS / "newsgold",
                        help="folder to write the built graph.ttl to (default: bench/results/newsgold)")
    parser.add_argument("--details", action="store_true",
                        help="also print per-article counts and the scorer's details lines")
    parser.add_argument("--json", action="store_true", help="print everything as one JSON object")
    parser.add_argument("--thresholds", help="comma-separated assertion thresholds to re-score the graph at")
    args = parser.parse_args()
    gold = args.gold or shared("benchdata", "newsgold", "gold")
    if not gold.is_dir() or not any(gold.glob("*.json")):
        sys.exit(f"bench: no gold files (*.json) in {gold}")
    if args.graph:
        if not args.graph.is_file():
            sys.exit(f"bench: {args.graph} is not a file")
        graph, seconds = args.graph, None
    else:
        articles = args.articles or shared("benchdata", "newsgold", "articles.jsonl")
        if not articles.is_file():
            sys.exit(f"bench: {articles} is not a file")
        graph, seconds = build(articles, args.keep)
    result = score(graph, gold, args.details)
    article_ids = {json.loads(p.read_text(encoding="utf-8"))["id"] for p in gold.glob("*.json")}
    canonical = canonical_share(graph, article_ids)
    if args.json:
        out = {"graph": str(graph), "build_seconds": None if seconds is None else round(seconds, 2),
               "summary": result["summary"], "canonical": canonical}
        if args.details:
            out["per_article"], out["details"] = result["per_article"], result["details"]
        print(json.dumps(out, indent=1))
        return 0
    print_summary(result, canonical, seconds, graph)
    if args.details:
        print_details(result)
    if args.thresholds:
        print("\nthreshold  asserted/art  rel P  pair R  kind acc")
        for threshold, summary in rescored(graph, gold, [float(t) for t in args.thresholds.split(",")]):
            print(f"{threshold:9.2f}  {summary['asserted_per_article']:12.2f}  {summary['relation_precision']:5.3f}"
                  f"  {summary['relation_pair_recall']:6.3f}  {summary['kind_accuracy']:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
