"""CoNLL04 relations, zero-shot, through kg's predicate vocabulary.

Every sentence is read as its own article. kg's predicates map onto the five CoNLL04
relations (below); a predicted edge counts when its relation matches and a mention of its
subject and of its object overlap the gold head and tail spans. Prints P/R/F1 per relation
and micro-averaged, and the entity type accuracy: of the gold entities that kg finds (a
mention with the same span), the share whose kg type matches (Peop -> Person, Org ->
Organization, Loc -> Place; Other is not scored).
Usage: python bench/conll04.py [--split dev | --data FILE] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from _shared import ROOT, shared

sys.path.insert(0, str(ROOT))

from kg.pipeline.article import read_article  # noqa: E402
from kg.ingest import parse_text_document  # noqa: E402
from kg.nlp import load_pipeline, parse_articles  # noqa: E402
from kg.ontology import load_ontology  # noqa: E402

# kg property (and its sub-properties) -> CoNLL04 label
MAPPING = {
    "worksFor": "Work_For", "leaderOf": "Work_For", "ceoOf": "Work_For", "founderOf": "Work_For",
    "memberOf": "Work_For",
    "livesIn": "Live_In", "from": "Live_In", "bornIn": "Live_In",
    "locatedIn": "Located_In",
    "basedIn": "OrgBased_In",
    "killed": "Kill",
}
LABELS = ("Work_For", "Live_In", "Located_In", "OrgBased_In", "Kill")
TYPES = {"Peop": "Person", "Org": "Organization", "Loc": "Place"}


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def label_of(triple, types: dict[str, str]) -> str | None:
    """The CoNLL04 label of a kg edge. CoNLL04 reads a person's post in a place as living there
    ("Illinois Gov. James Thompson", "the 31st president of the United States"), so a person's
    work relation to a place is Live_In, and a Place's relation to an Organization is none."""
    label = MAPPING.get(triple.predicate)
    if label == "Work_For" and types.get(triple.object) == "Place":
        return "Live_In"
    if label == "Work_For" and types.get(triple.subject) != "Person":
        return None
    return label


def mapped(result) -> list:
    types = {e.id: e.type for e in result.entities}
    return [(t, label) for t in result.triples if not t.negated and (label := label_of(t, types))]


def predictions(result) -> list[tuple[str, set, set]]:
    """(label, subject spans, object spans) per mapped edge of one sentence."""
    spans = {e.id: {(m.start, m.end) for m in e.mentions} for e in result.entities}
    return [(label, spans[t.subject], spans[t.object]) for t, label in mapped(result)]


def predicted_names(result) -> list[tuple[str, str]]:
    """(subject label, object label) of each mapped edge, in the order of :func:`predictions`."""
    labels = {e.id: e.label for e in result.entities}
    return [(labels[t.subject], labels[t.object]) for t, _ in mapped(result)]


def type_hits(record: dict, result, offset: int) -> Counter:
    """Gold entities (Peop, Org, Loc) found with the same span, and how many have the right type."""
    spans = {(m.start, m.end): e.type for e in result.entities for m in e.mentions}
    out = Counter()
    for ent in record["entities"]:
        want = TYPES.get(ent["type"])
        if want is None:
            continue
        out["gold"] += 1
        got = spans.get((ent["start"] - offset, ent["end"] - offset))
        if got is not None:
            out["found"] += 1
            out["right"] += got == want
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--data", help="a JSONL file in the same format (e.g. a held-out split)")
    parser.add_argument("--errors", type=int, default=0, help="print this many missed gold relations")
    parser.add_argument("--wrong", type=int, default=0, help="print this many predicted relations the gold lacks")
    args = parser.parse_args()
    path = Path(args.data) if args.data else shared("benchdata", "conll04", f"conll04_{args.split}.jsonl")
    if not path.exists():
        sys.exit(f"bench: {path} is missing")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp, ontology = load_pipeline(), load_ontology()
    articles = [parse_text_document(r["text"], f"{path.name}:{i}", r["id"]) for i, r in enumerate(records, 1)]
    started = time.perf_counter()
    tp, fp, fn = Counter(), Counter(), Counter()
    typed = Counter()
    missed, wrong = [], []
    for record, (article, paragraphs) in zip(records, parse_articles(nlp, articles)):
        result = read_article(article, paragraphs, ontology)
        offset = len(record["text"]) - len(record["text"].lstrip())  # ingest strips leading space
        preds = predictions(result)
        names = predicted_names(result)
        typed.update(type_hits(record, result, offset))
        gold = [(r["relation"], r["head"], r["tail"]) for r in record["relations"] if r["relation"] in LABELS]
        used = set()
        for label, head, tail in gold:
            h, t = record["entities"][head], record["entities"][tail]
            hs, ts = (h["start"] - offset, h["end"] - offset), (t["start"] - offset, t["end"] - offset)
            hit = next((i for i, (pl, ps, po) in enumerate(preds) if i not in used and pl == label
                        and any(overlaps(hs, s) for s in ps) and any(overlaps(ts, o) for o in po)), None)
            if hit is None:
                fn[label] += 1
                missed.append((label, h["text"], t["text"], record["text"]))
            else:
                used.add(hit)
                tp[label] += 1
        for i, (label, _, _) in enumerate(preds):
            if i not in used:
                fp[label] += 1
                wrong.append((label, *names[i], record["text"]))
    seconds = time.perf_counter() - started
    name = path.name if args.data else args.split
    print(f"CoNLL04 {name}: {len(records)} sentences in {seconds:.1f}s, zero-shot through kg's vocabulary")
    print(f"{'relation':<12} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for label in (*LABELS, "micro"):
        t = sum(tp.values()) if label == "micro" else tp[label]
        p = t + (sum(fp.values()) if label == "micro" else fp[label])
        g = t + (sum(fn.values()) if label == "micro" else fn[label])
        prec, rec = (t / p if p else 0.0), (t / g if g else 0.0)
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        print(f"{label:<12} {g:5d} {p:5d} {prec:6.3f} {rec:6.3f} {f1:6.3f}")
    found = typed["found"]
    print(f"entity types: {typed['right']} of {found} gold entities found have the right type "
          f"({typed['right'] / found if found else 0:.3f}); {found} of {typed['gold']} found "
          f"({found / typed['gold'] if typed['gold'] else 0:.3f})")
    for label, head, tail, text in wrong[:args.wrong]:
        print(f"wrong {label}: {head} -> {tail} | {text}")
    for label, head, tail, text in missed[:args.errors]:
        print(f"missed {label}: {head} -> {tail} | {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
