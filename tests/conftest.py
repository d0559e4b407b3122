from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.article import read_article
from kg.build import build
from kg.ingest import parse_text_document
from kg.nlp import load_pipeline, parse_articles
from kg.ontology import load_ontology

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@dataclass
class Reading:
    """What kg reads from one text: Open IE tuples, entity triples and entities."""

    tuples: list[tuple[str, ...]]
    triples: set[tuple[str, str, str]]
    asserted: set[tuple[str, str, str]]
    result: object

    def has_tuple(self, arg1: str, relation: str, *args: str) -> bool:
        return any(t[0] == arg1 and t[1] == relation and tuple(t[2:2 + len(args)]) == args
                   for t in self.tuples)


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def ontology():
    return load_ontology()


@pytest.fixture(scope="session")
def read(nlp, ontology):
    def _read(text: str) -> Reading:
        article = parse_text_document(text, "<test>", "test")
        [(article, paragraphs)] = list(parse_articles(nlp, [article]))
        result = read_article(article, paragraphs, ontology)
        labels = {e.id: e.label for e in result.entities}
        tuples = [(x.arg1, x.relation, *[a.text for a in x.args]) for x in result.extractions]
        triples = {(labels[t.subject], t.predicate, labels[t.object]) for t in result.triples}
        asserted = {(labels[t.subject], t.predicate, labels[t.object]) for t in result.triples if t.asserted}
        return Reading(tuples, triples, asserted, result)
    return _read


@pytest.fixture(scope="session")
def seed_build(nlp):
    return build([str(EXAMPLES)], nlp=nlp)


@pytest.fixture(scope="session")
def seed_outdir(tmp_path_factory, seed_build):
    from kg.export.turtle import write_turtle
    from kg.viz.html import write_html
    out = tmp_path_factory.mktemp("seed-out")
    write_turtle(seed_build.graph, out / "graph.ttl")
    write_html(seed_build.graph, out / "graph.html")
    return out


def require_tool(name: str) -> str:
    """The path of a system tool that the tests need; CI installs them in .ci/run."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"'{name}' is not installed: run 'make system-deps' (as root) or see .ci/run")
    return path
