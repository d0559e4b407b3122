"""The wheel ships every subpackage and the ontology, and the ontology is what the code reads."""

from __future__ import annotations

import pytest

from rdflib import OWL, RDF, RDFS

from conftest import ROOT
from kg.ontology import KG, load_ontology, ontology_dir


def test_every_subpackage_is_listed_in_pyproject():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+; CI runs 3.11
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {"kg." + p.parent.relative_to(ROOT / "kg").as_posix().replace("/", ".")
             for p in (ROOT / "kg").rglob("*.py") if p.parent != ROOT / "kg" and "__pycache__" not in p.parts}
    assert found <= listed, found - listed


def test_ontology_is_found_and_declares_what_the_code_uses():
    assert (ontology_dir() / "kg.ttl").exists()
    onto = load_ontology()
    assert onto.entity_class("PERSON") == "Person" and onto.entity_class("DATE") is None
    assert [r.predicate for r in onto.patterns["threaten sue"]] == ["threatens-suit"]
    for prop in onto.graph.subjects(RDF.type, OWL.ObjectProperty):
        assert onto.graph.value(prop, RDFS.label) is not None, prop
    assert (KG["threatens-suit"], RDF.type, OWL.ObjectProperty) in onto.graph
