"""Network exports: GraphML and GEXF get scalars only (networkx #3663), JSON keeps the lists."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from kg import to_networkx
from kg.export.networks import NETWORK_FORMATS, scalar_attributes, serialize_network, write_network
from kg.read import load_graph

FIXTURES = Path(__file__).parent / "fixtures"
ALICE = "https://w3id.org/kg-news/id/person/alice-smith"


@pytest.fixture(scope="module")
def claims():
    return to_networkx(load_graph(FIXTURES / "claims.ttl"))


def test_networkx_refuses_lists_in_graphml(claims, tmp_path):
    """The bug the stringifying works around: networkx #3663 (a TypeError with lxml installed)."""
    with pytest.raises((nx.NetworkXError, TypeError)):
        nx.write_graphml(claims, tmp_path / "raw.graphml")


def test_graphml_keeps_lists_as_json_strings_and_drops_none(claims, tmp_path):
    write_network(claims, tmp_path / "g.graphml", "graphml")
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert json.loads(g.nodes[ALICE]["aliases"]) == ["A. Smith", "Smith"]
    claim = next(d for *_, d in g.edges(data=True) if d["kind"] == "claim")
    assert claim["claimed_by_label"] == "Bob Jones" and claim["asserted"] is False
    assert "modality" not in claim  # None is left out, not written as "None"
    assert isinstance(claim["confidence"], float)
    assert set(g.edges(keys=True)) == set(claims.edges(keys=True))  # statement IRIs are the edge ids


def test_gexf_keeps_statement_ids(claims, tmp_path):
    write_network(claims, tmp_path / "g.gexf", "gexf")
    g = nx.read_gexf(tmp_path / "g.gexf")
    assert {k for *_, k in g.edges(keys=True)} == {k for *_, k in claims.edges(keys=True)}
    assert g.nodes[ALICE]["label"] == "Alice Smith"


def test_json_keeps_lists(claims):
    data = json.loads(serialize_network(claims, "json"))
    alice = next(n for n in data["nodes"] if n["id"] == ALICE)
    assert alice["aliases"] == ["A. Smith", "Smith"]
    cy = json.loads(serialize_network(claims, "cyjs"))
    assert len({e["data"]["id"] for e in cy["elements"]["edges"]}) == 6


def test_scalar_attributes_leaves_the_input_alone(claims):
    flat = scalar_attributes(claims)
    assert isinstance(claims.nodes[ALICE]["aliases"], list) and isinstance(flat.nodes[ALICE]["aliases"], str)
    assert all(isinstance(v, (str, int, float, bool)) for *_, d in flat.edges(data=True) for v in d.values())


def test_every_format_is_deterministic(claims):
    for fmt in NETWORK_FORMATS:
        assert serialize_network(claims, fmt) == serialize_network(to_networkx(load_graph(FIXTURES / "claims.ttl")), fmt)


def test_a_failed_write_leaves_no_file(claims, tmp_path, monkeypatch):
    import kg.export.networks as networks
    target = tmp_path / "g.graphml"
    target.write_text("old", encoding="utf-8")

    def boom(g):
        raise RuntimeError("interrupted")

    monkeypatch.setitem(networks.NETWORK_FORMATS, "graphml", boom)
    with pytest.raises(RuntimeError):
        write_network(claims, target, "graphml")
    assert target.read_text(encoding="utf-8") == "old" and list(tmp_path.iterdir()) == [target]
