"""kg viz, kg stats and kg export read a store folder as they read the Turtle file."""

from __future__ import annotations

import json

from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.cli import app
from kg.read import load_graph

runner = CliRunner()


def test_store_reads_as_the_same_graph_as_the_turtle(seed_store, seed_outdir):
    assert isomorphic(load_graph(seed_store), load_graph(seed_outdir / "graph.ttl"))


def test_stats_and_viz_on_a_store(seed_store, seed_outdir, tmp_path):
    from_store = json.loads(runner.invoke(app, ["stats", str(seed_store), "--json"]).output)
    from_file = json.loads(runner.invoke(app, ["stats", str(seed_outdir / "graph.ttl"), "--json"]).output)
    assert from_store == from_file and from_store
    result = runner.invoke(app, ["viz", str(seed_store), "-o", str(tmp_path / "g.html")])
    assert result.exit_code == 0, result.output
    assert "Elon Musk" in (tmp_path / "g.html").read_text(encoding="utf-8")
