"""MEN (Malaysian English News): entity-pair recall of `kg build` on 200 whole annotated articles.

The MEN annotation is mention-level (coreferent mentions are separate entities; see the Caveats in
../shared/benchdata/men/README.md), so scoring is entity-level and ignores relation labels:

* gold pairs: per article, the relations minus `Others`, `given name` and any relation whose
  subject or object mention is a TITLE or ROLE. Mention strings are normalized (case, accents,
  dots, commas, apostrophes, hyphens, possessive 's, a leading "the" and honorifics such as
  Datuk Seri, Tan Sri, Dr, Tun, Mr, Mrs), and clustered per article and type: a name whose words
  are a contiguous part of a longer gold name of the same type (a surname, "Noor Hisham" in
  "Noor Hisham Abdullah") joins that longest name. A gold pair is an unordered pair of two
  distinct clusters.
* kg side: for each article (schema:NewsArticle, schema:identifier = id) the entities it mentions
  (schema:mentions, names from rdfs:label and skos:altLabel, normalized the same way) and the
  kg:Statement nodes derived from it (prov:wasDerivedFrom) whose subject and object are such
  entities. A node matches a gold cluster when one of its names equals one of the cluster's names,
  or one is a whole-word suffix of the other (any suffix for persons, two words or more for other
  types). A gold pair is found when a statement links a node of one cluster to a node of the other,
  in either direction, whatever its predicate and whether asserted or not.

Prints gold pairs, found pairs, pair recall; statements between entities and how many link a gold
pair (pair precision); recall for the 15 most frequent gold labels. kg runs through its CLI only.

Usage:
    python bench/men.py                  # build the 200 articles (~1 min) and score
    python bench/men.py --limit 20       # the first 20 articles only
    python bench/men.py --graph bench/results/men/graph.ttl   # score an existing graph
    python bench/men.py --details 30     # also list 30 missed gold pairs
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

from _shared import RESULTS, ROOT, shared

KG = rdflib.Namespace("https://w3id.org/kg-news/ontology#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SCHEMA = rdflib.Namespace("https://schema.org/")

DROPPED_LABELS = {"Others", "given name"}
DROPPED_TYPES = {"TITLE", "ROLE"}
HONORIFIC = re.compile(r"^(?:the|datuk seri|dato seri|dato sri|tan sri|puan sri|toh puan|datin paduka|datuk|dato|"
                       r"datin|seri|tun|dr|prof|professor|mr|mrs|ms|madam|sir|haji|hajah)\s+")
#: Inside a gold PERSON mention, the name starts after the last of these ("Health director-general
#: Tan Sri Dr Noor Hisham Abdullah" -> "noor hisham abdullah").
INNER_TITLE = re.compile(r"(?<!\S)(?:datuk seri|dato seri|dato sri|tan sri|puan sri|toh puan|datuk|dato|datin|tun|"
                         r"dr|prof|mr|mrs|ms|madam)\s+")
TOP_LABELS = 15


def norm(name: str) -> str:
    """Case-fold, drop accents, possessive 's, dots and similar, a leading "the" and honorifics."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    s = re.sub(r"['\u2019]s\b", "", s)
    s = re.sub(r"[.,'\u2019\-]", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    while (m := HONORIFIC.match(s)) and m.end() < len(s):
        s = s[m.end():]
    return s


def gold_name(text: str, etype: str) -> str:
    """norm(), and for a person the part after the last honorific, dropping a role in front of it."""
    name = norm(text)
    if etype == "PERSON":
        last = None
        for last in INNER_TITLE.finditer(name):
            pass
        if last is not None and last.end() < len(name):
            name = name[last.end():]
    return name


def contains_words(longer: str, shorter: str) -> bool:
    """Whether the words of shorter are a contiguous run of the words of longer."""
    return f" {shorter} " in f" {longer} "


def word_suffix(longer: str, shorter: str) -> bool:
    return longer == shorter or longer.endswith(" " + shorter)


@dataclass
class GoldArticle:
    id: str
    clusters: dict[str, set[str]] = field(default_factory=dict)   # cluster name -> its names
    types: dict[str, str] = field(default_factory=dict)           # cluster name -> entity type
    pairs: dict[frozenset[str], set[str]] = field(default_factory=dict)  # pair -> gold labels


def cluster(names_by_type: dict[str, set[str]]) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """Map each (type, name) to the longest same-type name containing it; return it and the root types."""
    root: dict[tuple[str, str], str] = {}
    types: dict[str, str] = {}
    for etype, names in names_by_type.items():
        by_length = sorted(names, key=lambda n: (-len(n.split()), -len(n), n))
        for name in names:
            root[etype, name] = next(n for n in by_length if contains_words(n, name))
            types[root[etype, name]] = etype
    return root, types


def gold_article(row: dict) -> GoldArticle:
    names_by_type: dict[str, set[str]] = defaultdict(set)
    entities = {e["id"]: e for e in row["entities"]}
    for e in row["entities"]:
        if gold_name(e["text"], e["type"]):
            names_by_type[e["type"]].add(gold_name(e["text"], e["type"]))
    root, types = cluster(names_by_type)
    article = GoldArticle(row["id"])
    for (etype, name), r in root.items():
        article.clusters.setdefault(r, set()).add(name)
        article.types[r] = types[r]
    for rel in row["relations"]:
        head, tail = entities.get(rel["head"]), entities.get(rel["tail"])
        if rel["relation"] in DROPPED_LABELS or head is None or tail is None:
            continue
        if head["type"] in DROPPED_TYPES or tail["type"] in DROPPED_TYPES:
            continue
        a = root.get((head["type"], gold_name(head["text"], head["type"])))
        b = root.get((tail["type"], gold_name(tail["text"], tail["type"])))
        if a and b and a != b:
            article.pairs.setdefault(frozenset((a, b)), set()).add(rel["relation"])
    return article


def read_data(path: Path, limit: int | None) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return rows[:limit] if limit else rows


def build(rows: list[dict], keep: Path) -> tuple[Path, float]:
    """Write the articles as JSONL (id, text), run kg build on them, copy graph.ttl into keep."""
    with tempfile.TemporaryDirectory(prefix="kg-men-") as tmp:
        source = Path(tmp) / "men.jsonl"
        with open(source, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps({"id": row["id"], "text": row["text"]}) + "\n")
        out = Path(tmp) / "out"
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "kg", "build", str(source), "-o", str(out), "--quiet"],
                              cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"bench: kg build failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        keep.mkdir(parents=True, exist_ok=True)
        graph = keep / "graph.ttl"
        shutil.copyfile(out / "graph.ttl", graph)
    return graph, seconds


@dataclass
class KgArticle:
    names: dict[rdflib.term.Node, set[str]]                   # mentioned entity -> normalized names
    statements: list[tuple[rdflib.term.Node, rdflib.term.Node, bool]]  # (subject, object, asserted)


def read_graph(path: Path, ids: set[str]) -> dict[str, KgArticle]:
    """Each article's mentioned entities with their names and its entity-to-entity statements."""
    g = rdflib.Graph()
    g.parse(path)
    names: dict[rdflib.term.Node, set[str]] = defaultdict(set)
    for prop in (RDFS.label, SKOS.altLabel):
        for s, o in g.subject_objects(prop):
            if norm(str(o)):
                names[s].add(norm(str(o)))
    nodes = {s: str(i) for s, i in g.subject_objects(SCHEMA.identifier)
             if str(i) in ids and (s, RDF.type, SCHEMA.NewsArticle) in g}
    articles = {aid: KgArticle({e: names.get(e, set()) for e in g.objects(node, SCHEMA.mentions)}, [])
                for node, aid in nodes.items()}
    for st, node in g.subject_objects(PROV.wasDerivedFrom):
        if node not in nodes or (st, RDF.type, KG.Statement) not in g:
            continue
        article = articles[nodes[node]]
        s, o = g.value(st, RDF.subject), g.value(st, RDF.object)
        if s in article.names and o in article.names and s != o:
            asserted = str(g.value(st, KG.asserted)).lower() != "false"
            article.statements.append((s, o, asserted))
    return articles


def name_matches(kg_name: str, gold_name: str, person: bool) -> bool:
    if kg_name == gold_name:
        return True
    shorter, longer = sorted((kg_name, gold_name), key=len)
    return word_suffix(longer, shorter) and (person or len(shorter.split()) >= 2)


def node_clusters(gold: GoldArticle, kg: KgArticle) -> dict[rdflib.term.Node, set[str]]:
    """The gold clusters each mentioned kg entity matches."""
    out: dict[rdflib.term.Node, set[str]] = {}
    for node, kg_names in kg.names.items():
        out[node] = {r for r, gold_names in gold.clusters.items()
                     if any(name_matches(k, n, gold.types[r] == "PERSON") for k in kg_names for n in gold_names)}
    return out


def score_article(gold: GoldArticle, kg: KgArticle | None) -> tuple[set[frozenset[str]], Counter]:
    """The gold pairs kg finds in one article and its statement counts."""
    counts: Counter = Counter()
    if kg is None:
        counts["missing_articles"] += 1
        return set(), counts
    matched = node_clusters(gold, kg)
    found: set[frozenset[str]] = set()
    for s, o, asserted in kg.statements:
        hits = {frozenset((a, b)) for a in matched[s] for b in matched[o] if a != b} & gold.pairs.keys()
        found |= hits
        counts["statements"] += 1
        counts["statements_hit"] += bool(hits)
        counts["asserted"] += asserted
        counts["asserted_hit"] += asserted and bool(hits)
    return found, counts


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="MEN-format JSONL (default: ../shared/benchdata/men/men.jsonl)")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--graph", type=Path, help="score this existing graph instead of building one")
    parser.add_argument("--keep", type=Path, default=RESULTS / "men",
                        help="folder to write the built graph.ttl to (default: bench/results/men)")
    parser.add_argument("--details", type=int, default=0, metavar="N", help="print N missed gold pairs")
    args = parser.parse_args()
    rows = read_data(args.data or shared("benchdata", "men", "men.jsonl"), args.limit)
    if args.graph:
        if not args.graph.is_file():
            sys.exit(f"bench: {args.graph} is not a file")
        graph, seconds = args.graph, None
    else:
        graph, seconds = build(rows, args.keep)
    started = time.perf_counter()
    golds = [gold_article(row) for row in rows]
    kg = read_graph(graph, {g.id for g in golds})
    totals: Counter = Counter()
    label_gold: Counter = Counter()
    label_found: Counter = Counter()
    missed: list[tuple[str, frozenset[str], set[str]]] = []
    for gold in golds:
        found, counts = score_article(gold, kg.get(gold.id))
        totals.update(counts)
        totals["gold_pairs"] += len(gold.pairs)
        totals["found_pairs"] += len(found)
        for pair, labels in gold.pairs.items():
            label_gold.update(labels)
            if pair in found:
                label_found.update(labels)
            else:
                missed.append((gold.id, pair, labels))
    scoring = time.perf_counter() - started
    built = f"built in {seconds:.1f}s" if seconds is not None else "existing graph"
    print(f"MEN: {len(golds)} articles ({totals['missing_articles']} not in the graph); {built}, "
          f"scored in {scoring:.1f}s; {graph}")
    print(f"gold pairs {totals['gold_pairs']}, found {totals['found_pairs']}, "
          f"pair recall {ratio(totals['found_pairs'], totals['gold_pairs'])}")
    print(f"kg statements between entities {totals['statements']}, on a gold pair {totals['statements_hit']}, "
          f"pair precision {ratio(totals['statements_hit'], totals['statements'])} "
          f"(asserted: {totals['asserted']}, {totals['asserted_hit']}, "
          f"{ratio(totals['asserted_hit'], totals['asserted'])})")
    print(f"\n{'gold label':<28} {'pairs':>5} {'found':>5} {'recall':>6}")
    for label, n in label_gold.most_common(TOP_LABELS):
        print(f"{label:<28} {n:>5} {label_found[label]:>5} {label_found[label] / n:6.3f}")
    if args.details:
        print(f"\nmissed gold pairs (first {args.details} of {len(missed)}):")
        for aid, pair, labels in missed[: args.details]:
            a, b = sorted(pair)
            print(f"{aid}\t{a} -- {b}\t{', '.join(sorted(labels))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
