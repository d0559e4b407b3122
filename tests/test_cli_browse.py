"""kg viz, kg stats and kg export on the command line: outputs, flags, errors and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
from typer.testing import CliRunner

from kg import to_networkx
from kg.analytics import relation_groups
from kg.cli import app
from kg.read import load_graph

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"
CLAIMS = str(FIXTURES / "claims.ttl")


def page_data(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'id="kg-data">(.*?)</script>', html, re.S).group(1))


def test_viz_writes_the_page_next_to_the_graph_by_default(seed_outdir, tmp_path):
    ttl = tmp_path / "g.ttl"
    ttl.write_bytes((seed_outdir / "graph.ttl").read_bytes())
    result = runner.invoke(app, ["viz", str(ttl)])
    assert result.exit_code == 0, result.output
    data = page_data(tmp_path / "g.html")
    entities = to_networkx(load_graph(ttl)).number_of_nodes()
    assert len(data["nodes"]) == entities and f"wrote {tmp_path / 'g.html'}: {entities} entities" in result.output


def test_viz_focus_hops_types_and_max_nodes(tmp_path):
    out = tmp_path / "p.html"
    result = runner.invoke(app, ["viz", CLAIMS, "-o", str(out), "--focus", "Bob Jones", "--hops", "2",
                                 "--types", "Person,Organization", "--max-nodes", "3", "--title", "Bob"])
    assert result.exit_code == 0, result.output
    data = page_data(out)
    assert "Bob Jones" in {n["label"] for n in data["nodes"]}  # the focus survives --max-nodes
    assert len(data["nodes"]) == 3 and data["heading"] == "Bob"
    assert {n["kgType"] for n in data["nodes"]} <= {"Person", "Organization"}
    assert len(data["notes"]) == 3 and "Left out" in data["notes"][2]
    assert "Left out" in result.output  # the notes are printed too


def test_viz_since_until_and_article(tmp_path):
    out = tmp_path / "p.html"
    result = runner.invoke(app, ["viz", CLAIMS, "-o", str(out), "--since", "2024-03-02", "--until", "2024-12"])
    assert result.exit_code == 0, result.output
    data = page_data(out)
    assert {e["predicate"] for e in data["edges"]} == {"acquired", "basedIn", "sues"}
    assert [a["id"] for a in data["articles"]] == ["a2"]
    assert "Articles dated 2024-03-02 to 2024-12: 1 of 2 articles" in result.output
    result = runner.invoke(app, ["viz", CLAIMS, "-o", str(out), "--article", "a1", "--article", "a2"])
    assert result.exit_code == 0 and len(page_data(out)["articles"]) == 2
    result = runner.invoke(app, ["viz", CLAIMS, "-o", str(out), "--article", "a1"])
    assert {n["label"] for n in page_data(out)["nodes"]} == {"Acme Corp", "Globex", "Alice Smith", "Bob Jones"}


def test_viz_errors_exit_2(tmp_path):
    cases = {
        "[E200]": ["viz", CLAIMS, "-o", str(tmp_path / "x.html"), "--focus", "Nobody"],
        "[E201]": ["viz", CLAIMS, "-o", str(tmp_path / "x.html"), "--types", "Planet"],
        "[E205]": ["viz", CLAIMS, "-o", str(tmp_path / "x.html"), "--until", "2024-13-01"],
        "[E206]": ["viz", CLAIMS, "-o", str(tmp_path / "x.html"), "--article", "nope"],
        "[E001]": ["viz", str(tmp_path / "missing.ttl")],
        "[E202]": ["viz", str(FIXTURES)],
    }
    for code, args in cases.items():
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and code in result.output, (code, result.output)
    assert not (tmp_path / "x.html").exists()


def test_bad_turtle_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/kg-news/ontology#> .\nkg:a kg:b \"unterminated .\n", encoding="utf-8")
    for command in ("viz", "stats"):
        result = runner.invoke(app, [command, str(bad)])
        assert result.exit_code == 2 and "[E101]" in result.output and "bad.ttl:2:" in result.output


def test_regression_rdf12_triple_terms_crashed_the_rdflib_commands(tmp_path):
    """A graph with RDF 1.2 triple terms (which pyoxigraph reads) made stats, viz, export and
    validate fail with a TypeError traceback: rdflib has no such term. Now E129 says so, and
    kg query, which reads the store as it is, answers."""
    graph = tmp_path / "rdf12.ttl"
    graph.write_text("@prefix ex: <http://example.org/> .\n"
                     "ex:a ex:says <<( ex:b ex:c ex:d )>> .\nex:b ex:c ex:d .\n", encoding="utf-8")
    for args in (["stats", str(graph)], ["viz", str(graph), "-o", str(tmp_path / "p.html")],
                 ["export", str(graph), "--format", "json", "-o", str(tmp_path / "n.json")],
                 ["validate", str(graph)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and "[E129]" in result.output and "rdf12.ttl: 1 triple(s)" in result.output, \
            (args, result.output)
    assert not (tmp_path / "p.html").exists() and not (tmp_path / "n.json").exists()
    asked = runner.invoke(app, ["query", str(graph), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "json"])
    assert asked.exit_code == 0 and '"2"' in asked.output.replace(" ", ""), asked.output


def test_regression_ill_typed_literals_of_a_foreign_graph_ended_stats_or_printed_tracebacks(tmp_path, caplog):
    """kg:copySimilarity "abc" made stats, viz and export fail (float()), and rdflib logged a
    traceback for an xsd:date "2004-13-45". Now the similarity is unknown, the date kept as
    written, and nothing reads as a crash."""
    graph = tmp_path / "odd.ttl"
    graph.write_text("""@prefix kg: <https://w3id.org/kg-news/ontology#> .
    @prefix schema: <https://schema.org/> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    <urn:a1> a schema:NewsArticle ; kg:copySimilarity "abc" ; schema:mentions <urn:p> .
    <urn:a2> a schema:NewsArticle ; schema:datePublished "2004-13-45"^^xsd:date ; schema:mentions <urn:p> .
    <urn:p> a kg:Person ; rdfs:label "P" .
    """, encoding="utf-8")
    for args in (["stats", str(graph)], ["viz", str(graph), "-o", str(tmp_path / "p.html")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "Traceback" not in result.output and "Error" not in result.output, \
            (args, result.output)
    assert (tmp_path / "p.html").exists()
    assert not [r for r in caplog.records if r.name.startswith("rdflib") and r.exc_info], caplog.text


def test_a_graph_without_entities_warns(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    result = runner.invoke(app, ["stats", str(empty)])
    assert result.exit_code == 0 and "[W200]" in result.output


def test_stats_tables(seed_outdir):
    result = runner.invoke(app, ["stats", str(seed_outdir / "graph.ttl")])
    assert result.exit_code == 0, result.output
    for heading in ("Entities by type", "Statements by predicate", "Top entities by PageRank",
                    "Top entities by degree", "Connected components", "Communities (Louvain)", "Most-cited relations"):
        assert heading in result.output
    assert "Elon Musk" in result.output and "threatens to sue" in result.output


def test_stats_json(seed_outdir):
    result = runner.invoke(app, ["stats", str(seed_outdir / "graph.ttl"), "--json", "--top", "3"])
    assert result.exit_code == 0
    stats = json.loads(result.output)
    g = to_networkx(load_graph(seed_outdir / "graph.ttl"))
    assert stats["counts"]["entities"] == g.number_of_nodes() and stats["counts"]["articles"] == 2
    assert stats["counts"]["statements"] == g.number_of_edges()
    assert stats["most_cited"][0]["statements"] == max(len(ev) for ev in relation_groups(g).values())
    assert len(stats["top_pagerank"]) == 3 and "Elon Musk" in {r["label"] for r in stats["top_pagerank"]}
    assert sum(t["entities"] for t in stats["types"]) == g.number_of_nodes()


def test_export_every_format_reads_back(tmp_path):
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf),
                      ("json", lambda p: nx.node_link_graph(json.loads(Path(p).read_text()), edges="edges")),
                      ("cyjs", lambda p: nx.cytoscape_graph(json.loads(Path(p).read_text())))):
        out = tmp_path / f"g.{fmt}"
        result = runner.invoke(app, ["export", CLAIMS, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        g = read(out)
        assert g.number_of_nodes() == 6 and g.number_of_edges() == 6, fmt


def test_export_default_path_and_stdout(tmp_path):
    ttl = tmp_path / "g.ttl"
    ttl.write_bytes(Path(CLAIMS).read_bytes())
    assert runner.invoke(app, ["export", str(ttl), "--format", "gexf"]).exit_code == 0
    assert (tmp_path / "g.gexf").read_text(encoding="utf-8").startswith("<?xml")
    result = runner.invoke(app, ["export", str(ttl), "--format", "json", "-o", "-"])
    assert result.exit_code == 0 and json.loads(result.stdout)["directed"] is True


def test_export_unknown_format_exits_2(tmp_path):
    result = runner.invoke(app, ["export", CLAIMS, "--format", "dot", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "[E012]" in result.output and "graphml" in result.output
    assert not (tmp_path / "x").exists()


def test_hops_without_focus_warns(tmp_path):
    result = runner.invoke(app, ["viz", CLAIMS, "-o", str(tmp_path / "p.html"), "--hops", "3"])
    assert result.exit_code == 0 and "[W201]" in result.output
    assert len(page_data(tmp_path / "p.html")["nodes"]) == 6
