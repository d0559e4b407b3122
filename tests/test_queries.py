"""The example queries in queries/ answer what they say on the seeds (checked independently)."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import PROV
from typer.testing import CliRunner

from conftest import ROOT
from kg.cli import app
from kg.ontology import KG, SCHEMA

runner = CliRunner()
QUERIES = ROOT / "queries"


def run(target, name: str) -> tuple[list[str], list[dict[str, str]]]:
    result = runner.invoke(app, ["query", str(target), "-f", str(QUERIES / name), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    rows = [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]
    return doc["head"]["vars"], rows


def label(graph: Graph, node) -> str:
    return str(graph.value(node, RDFS.label))


def is_musk(graph: Graph, node) -> bool:
    return (node, RDF.type, KG.Person) in graph and "musk" in label(graph, node).lower()


def relations(graph: Graph) -> set:
    related = {p for p in graph.subjects(RDFS.subPropertyOf, None) if KG.relatedTo in
               set(graph.transitive_objects(p, RDFS.subPropertyOf))}
    return {(s, o) for s, p, o in graph if p in related}


def test_every_query_is_documented():
    files = sorted(QUERIES.glob("*.rq"))
    assert {f.name for f in files} >= {"musk-threatened.rq", "musk-claims.rq", "openai-two-hops.rq",
                                       "microsoft-and-twitter.rq"}
    readme = (QUERIES / "README.md").read_text(encoding="utf-8")
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert text.startswith("# ") and "# Columns:" in text and f.name in readme


@pytest.fixture(params=["file", "store"])
def target(request, seed_graph_file, seed_store):
    return seed_graph_file if request.param == "file" else seed_store


def test_whom_did_musk_threaten(target, seed_build):
    g = seed_build.graph
    variables, rows = run(target, "musk-threatened.rq")
    assert variables == ["target", "relation", "sentence", "article"]
    expected = set()
    for st in g.subjects(RDF.type, KG.Statement):
        p = g.value(st, RDF.predicate)
        if is_musk(g, g.value(st, RDF.subject)) and label(g, p).lower().startswith("threaten"):
            expected.add((label(g, g.value(st, RDF.object)), label(g, p), str(g.value(st, KG.sentence)),
                          str(g.value(st, PROV.wasDerivedFrom))))
    assert {tuple(r.values()) for r in rows} == expected
    assert {r["target"] for r in rows} == {"Microsoft"} and len(rows) == 2  # both seed articles say it


def test_claims_attributed_to_musk(target, seed_build):
    g = seed_build.graph
    variables, rows = run(target, "musk-claims.rq")
    assert variables == ["claimant", "subject", "relation", "object", "sentence", "article"]
    expected = {(label(g, c), label(g, g.value(st, RDF.subject)), label(g, g.value(st, RDF.predicate)),
                 label(g, g.value(st, RDF.object)), str(g.value(st, KG.sentence)),
                 str(g.value(st, PROV.wasDerivedFrom)))
                for st, c in g.subject_objects(KG.claimedBy) if is_musk(g, c)}
    # Whatever the extractor finds today, the query returns exactly Musk's claims, with sentences.
    assert {tuple(r.values()) for r in rows} == expected
    assert all("musk" in r["claimant"].lower() and r["sentence"] for r in rows)


CLAIMS = """
@prefix kg: <https://w3id.org/kg-news/ontology#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix person: <https://w3id.org/kg-news/id/person/> .
@prefix organization: <https://w3id.org/kg-news/id/organization/> .
@prefix st: <https://w3id.org/kg-news/id/statement/> . @prefix art: <https://w3id.org/kg-news/id/article/> .
person:elon-musk a kg:Person ; rdfs:label "Elon Musk" .
person:mike-rhodes a kg:Person ; rdfs:label "Mike Rhodes" .
organization:microsoft a kg:Organization ; rdfs:label "Microsoft" .
organization:twitter a kg:Organization ; rdfs:label "Twitter" .
kg:trained-on a rdf:Property ; rdfs:label "trained on" ; rdfs:subPropertyOf kg:relatedTo .
st:1 a kg:Statement ; rdf:subject organization:microsoft ; rdf:predicate kg:trained-on ;
    rdf:object organization:twitter ; kg:claimedBy person:elon-musk ; kg:asserted false ;
    kg:sentence "Musk said the firm had trained it illegally using Twitter data." ;
    prov:wasDerivedFrom art:a .
st:2 a kg:Statement ; rdf:subject organization:twitter ; rdf:predicate kg:trained-on ;
    rdf:object organization:microsoft ; kg:claimedBy person:mike-rhodes ; kg:asserted false ;
    kg:sentence "Rhodes said so." ; prov:wasDerivedFrom art:a .
"""


def test_claims_query_finds_musk_claims_and_only_his(tmp_path):
    path = tmp_path / "claims.ttl"
    path.write_text(CLAIMS, encoding="utf-8")
    _, rows = run(path, "musk-claims.rq")
    assert rows == [{"claimant": "Elon Musk", "subject": "Microsoft", "relation": "trained on", "object": "Twitter",
                     "sentence": "Musk said the firm had trained it illegally using Twitter data.",
                     "article": "https://w3id.org/kg-news/id/article/a"}]


def test_organizations_two_hops_from_openai(target, seed_build):
    g = seed_build.graph
    net = nx.Graph()
    net.add_edges_from(relations(g))
    [openai] = [e for e in g.subjects(RDF.type, KG.Organization) if label(g, e).lower() == "openai"]
    expected = set()
    for mid in net.neighbors(openai):
        for org in net.neighbors(mid):
            if org != openai and (org, RDF.type, KG.Organization) in g and not net.has_edge(openai, org):
                expected.add((label(g, org), label(g, mid)))
    variables, rows = run(target, "openai-two-hops.rq")
    assert variables == ["organization", "via"]
    assert {tuple(r.values()) for r in rows} == expected and expected  # Sky News, via Microsoft


def test_articles_mentioning_microsoft_and_twitter(target, seed_build):
    g = seed_build.graph

    def mentioning(name: str) -> set:
        return {a for a, e in g.subject_objects(SCHEMA.mentions) if label(g, e).lower() == name}
    expected = mentioning("microsoft") & mentioning("twitter")
    variables, rows = run(target, "microsoft-and-twitter.rq")
    assert variables == ["article", "source", "date"]
    assert {URIRef(r["article"]) for r in rows} == expected and len(expected) == 2
    assert all(r["source"].endswith(".txt") for r in rows)
    dated = [r for r in rows if "date" in r]
    assert [r["date"] for r in dated] == [str(d) for a in expected for d in g.objects(a, SCHEMA.datePublished)]


def test_query_cli_answer_forms_and_formats(seed_graph_file):
    def q(query: str, *fmt: str):
        return runner.invoke(app, ["query", str(seed_graph_file), query, *fmt])
    construct = q("CONSTRUCT { ?s kg:ceoOf ?o } WHERE { ?s kg:ceoOf ?o }")
    assert construct.exit_code == 0 and len(Graph().parse(data=construct.output, format="turtle")) == 2
    nt = q("CONSTRUCT { ?s kg:ceoOf ?o } WHERE { ?s kg:ceoOf ?o }", "--format", "nt")
    assert len(nt.output.strip().splitlines()) == 2 and nt.output.startswith("<https://")
    assert q("ASK { ?s kg:ceoOf ?o }").output.strip() == "true"
    assert json.loads(q("ASK { ?s kg:killed ?o }", "--format", "json").output)["boolean"] is False
    select = "SELECT ?s WHERE { ?s kg:ceoOf ?o } ORDER BY ?s"
    tsv = q(select, "--format", "tsv").output.splitlines()
    assert tsv[0] == "?s" and tsv[1] == "<https://w3id.org/kg-news/id/person/elon-musk>"
    assert "<sparql" in q(select, "--format", "xml").output
    table = q(select).output
    assert "person:elon-musk" in table and "person:mike-rhodes" in table  # prefixed names in the table
    wrong = q(select, "--format", "nt")
    assert wrong.exit_code == 2 and "[E012]" in wrong.output
    bad = q("SELECT ?s WHERE { ?s kg:ceoOf }")
    assert bad.exit_code == 2 and "[E010]" in bad.output
