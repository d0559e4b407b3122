"""Turtle output: parsers agree on it, it is deterministic, and every IRI is valid."""

from __future__ import annotations

import subprocess

import pyoxigraph
from rdflib import BNode, Graph, URIRef
from rdflib.term import _is_valid_uri

from conftest import EXAMPLES, require_tool
from kg.pipeline.build import build
from kg.export.turtle import serialize_turtle


def test_rdflib_and_pyoxigraph_agree(seed_outdir):
    path = seed_outdir / "graph.ttl"
    rdflib_count = len(Graph().parse(path, format="turtle"))
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert rdflib_count == len(store) > 100


def test_rapper_accepts_the_turtle(seed_outdir):
    rapper = require_tool("rapper")
    path = seed_outdir / "graph.ttl"
    proc = subprocess.run([rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    count = int(proc.stderr.split("returned")[1].split()[0])
    assert count == len(Graph().parse(path, format="turtle"))


def test_explicit_prefixes_no_ns1(seed_outdir):
    text = (seed_outdir / "graph.ttl").read_text(encoding="utf-8")
    assert "ns1:" not in text and "@prefix kg:" in text and "@prefix person:" in text


def test_two_builds_are_byte_identical(nlp, seed_build):
    again = build([str(EXAMPLES)], nlp=nlp)
    assert serialize_turtle(again.graph) == serialize_turtle(seed_build.graph)


def test_no_blank_nodes_and_valid_iris(seed_build):
    for triple in seed_build.graph:
        for term in triple:
            assert not isinstance(term, BNode)
            if isinstance(term, URIRef):
                assert _is_valid_uri(str(term)), term


def test_hostile_names_give_valid_iris(nlp, tmp_path):
    (tmp_path / "h.txt").write_text(
        'Elon "The <Boss>" Musk met Jos\u00e9 \u00c1lvarez of Acme\\Corp {Ltd} in S\u00e3o Paulo. '
        "\u202eMicrosoft\u202c sued \U0001F600Twitter.\n", encoding="utf-8")
    result = build([str(tmp_path)], nlp=nlp)
    data = serialize_turtle(result.graph)
    assert len(Graph().parse(data=data, format="turtle")) == len(result.graph)
    store = pyoxigraph.Store()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(result.graph)
    for triple in result.graph:
        for term in triple:
            if isinstance(term, URIRef):
                assert _is_valid_uri(str(term)), term
