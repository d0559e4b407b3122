"""The HTML network: one self-contained UTF-8 file with the entities and no remote resources."""

from __future__ import annotations

import re
import subprocess
import sys

from rdflib import RDFS, Graph

from conftest import ROOT

REMOTE = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)


def test_html_exists_and_contains_the_entities(seed_outdir):
    html = (seed_outdir / "graph.html").read_text(encoding="utf-8")
    graph = Graph().parse(seed_outdir / "graph.ttl", format="turtle")
    for name in ("Elon Musk", "Microsoft", "Twitter", "threatens to sue"):
        assert name in html
    entities = {str(label) for s, label in graph.subject_objects(RDFS.label) if "/id/" in str(s)}
    assert all(e.replace('"', "\\u0022").replace("'", "\\u0027").replace("&", "\\u0026") in html
               or e in html for e in entities)


def test_no_remote_scripts_or_stylesheets(seed_outdir):
    html = (seed_outdir / "graph.html").read_text(encoding="utf-8")
    assert not REMOTE.search(html)
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html
    assert "vis.Network" in html  # vis-network is inlined


def test_script_text_escapes_closing_tags(nlp, tmp_path):
    from kg.pipeline.build import build
    from kg.viz.html import render_html
    (tmp_path / "x.txt").write_text("Elon Musk</script><script>alert(1)</script> sued Microsoft.", encoding="utf-8")
    html = render_html(build([str(tmp_path)], nlp=nlp).graph)
    assert "<script>alert(1)" not in html


def test_regression_inlined_scripts_are_not_read_as_templates(monkeypatch, seed_outdir):
    """The scripts and style sheets used to be Jinja includes: a ``{{``, ``{#`` or ``{%`` in
    them would have been taken for Jinja's own syntax. They are inlined as they are."""
    from kg.viz import html
    script = "var a = {{b: 1}}; /* {# no comment #} */ var c = '{% raw %}';"
    assets = {**html._assets(), "app_js": script}
    monkeypatch.setattr(html, "_assets", lambda: assets)
    page = html.render_html(Graph().parse(seed_outdir / "graph.ttl", format="turtle"))
    assert f"<script>{script}</script>" in page


def test_regression_a_page_does_not_import_pyvis(seed_outdir):
    """kg inlines pyvis's copy of vis-network but not pyvis's code: importing the package
    imported IPython and more, a tenth of a second of every build that writes a page."""
    code = ("import sys\nfrom rdflib import Graph\nfrom kg.viz.html import render_html\n"
            f"page = render_html(Graph().parse({str(seed_outdir / 'graph.ttl')!r}, format='turtle'))\n"
            "print('vis.Network' in page, sorted(m for m in ('pyvis', 'IPython', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    # nor scipy, which networkx's PageRank imports (0.09 s): kg ranks the nodes with numpy
    assert out.split() == ["True", "[]"]
