"""Hostile text: quotes, backslashes, '>', newlines, control characters, RTL marks, emoji and <script>
in entity names, sentences and metadata give valid IRIs, exactly escaped literals, and HTML whose
script data cannot close its <script> element. (Whether the page executes anything is tested in
Chromium by the browsing tests.)"""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from conftest import require_tool
from kg.pipeline.build import build
from kg.export.turtle import serialize_turtle, write_turtle
from kg.rdf.iri import Minter
from kg.ontology import SCHEMA
from kg.rdf.iri import slug
from kg.viz.html import render_html

HOSTILE_RECORDS = [
    {"id": "q1", "title": "Quotes \"double\" and 'single' \\ back\\slash\nnew line\ttab",
     "source": "Evil </script><script>alert(1)</script>",
     "text": "Elon \"The Boss\" Musk sued Microsoft. O'Brien & Sons acquired Twitter."},
    {"id": "<script>alert('id')</script>", "url": "https://example.com/a\"b<c>d/%zz/[x]/\u202e", "date": "2023-04-20",
     "text": "Elon Musk</script><script>alert(1)</script> sued Microsoft. Microsoft acquired OpenAI <script>x</script>."},
    {"id": "a.", "text": "Back\\Slash Corp acquired Twitter. A>B Holdings bought Tesla. Tim Cook, the CEO of "
                         "Apple\u0007\u0001\u001b, met \u202eElon Musk\u202c in Paris."},
    {"id": "x y\u0000z", "title": "Rocket \U0001F680 \u200fRTL\u200f", "text": "Elon Musk \U0001F680 bought Twitter. \u200fMohammed bin Salman\u200f invested in "
                                 "Twitter. \u0645\u062d\u0645\u062f \u0628\u0646 \u0633\u0644\u0645\u0627\u0646 met "
                                 "Elon Musk in Riyadh."},
    {"text": "Elon Musk has threatened to sue Microsoft\nfor allegedly using \"Twitter\" data\r\nwithout "
             "permission. Sky News contacted \"Microsoft\"\\ for a comment\u2028 on Tuesday."},
    {"text": "Apple\ufffe bought Beats\ud800 for 3 billion dollars.", "title": "lone \ud800 surrogate"},
]


@pytest.fixture(scope="module")
def hostile(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    with open(folder / "feed.jsonl", "w", encoding="utf-8") as handle:
        for record in HOSTILE_RECORDS:
            handle.write(json.dumps(record) + "\n")
    result = build([str(folder)], nlp=nlp)
    ttl = write_turtle(result.graph, folder / "out" / "graph.ttl")
    return result, ttl


def test_the_hostile_strings_reach_the_graph(hostile):
    """Otherwise the other tests would prove nothing."""
    result, _ = hostile
    assert result.summary.articles == len(HOSTILE_RECORDS) and result.summary.skipped == 0
    literals = {str(o) for o in result.graph.objects() if isinstance(o, Literal)}
    text = "\n".join(literals)
    for needle in ('"', "\\", ">", "</script>", "<script>", "\u202e", "\u200f", "\U0001F680", "'",
                   "\u0645\u062d\u0645\u062f", "\ufffd"):
        assert needle in text, needle
    labels = {str(o) for s, o in result.graph.subject_objects(URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert any("<" in label or ">" in label or "\\" in label or "\u200f" in label for label in labels), labels


def test_turtle_passes_rapper_and_the_strict_parser_and_round_trips(hostile):
    result, ttl = hostile
    rapper = subprocess.run([require_tool("rapper"), "-i", "turtle", "-c", str(ttl)], capture_output=True, text=True)
    assert rapper.returncode == 0, rapper.stderr
    assert "Error" not in rapper.stderr and "Warning" not in rapper.stderr
    assert f"returned {len(result.graph)} triples" in rapper.stderr
    data = ttl.read_bytes()
    strict = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(strict) == len(result.graph)
    # Every literal comes back exactly as built: nothing lost or changed by the escaping.
    parsed = Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert isomorphic(parsed, result.graph)
    strict_literals = {t.object.value for t in strict if isinstance(t.object, pyoxigraph.Literal)}
    assert strict_literals == {str(o) for o in result.graph.objects() if isinstance(o, Literal)}


def test_no_control_characters_or_surrogates_in_literals(hostile):
    result, _ = hostile
    for o in result.graph.objects():
        if isinstance(o, Literal):
            assert not any(ord(c) < 32 and c not in "\n\t" or 0xD800 <= ord(c) < 0xE000 or c == "\ufffe"
                           for c in str(o)), repr(str(o))


def test_hostile_url_is_published_percent_encoded(hostile):
    result, _ = hostile
    urls = {str(o) for o in result.graph.objects(None, SCHEMA.url)}
    assert urls == {"https://example.com/a%22b%3Cc%3Ed/%25zz/%5Bx%5D/%E2%80%AE"}


class _Scripts(HTMLParser):
    """The content of each <script>, split as a browser splits it (at the first '</script')."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script"
        if self._inside:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.scripts[-1] += data


def test_html_script_data_escapes_closing_tags_and_keeps_the_text(hostile):
    result, _ = hostile
    html = render_html(result.graph, heading="</title><script>alert('heading')</script>")
    parser = _Scripts()
    parser.feed(html)
    benign = _Scripts()
    benign.feed(render_html(result.graph, heading="plain"))
    # The template's own scripts (vis-network, the data, the page's code), and nothing the data opened.
    assert len(parser.scripts) == len(benign.scripts) >= 2
    [data] = [script for script in parser.scripts if script.lstrip().startswith("{") and '"nodes"' in script]
    assert "</" not in data and "<script" not in data.lower() and "<!--" not in data
    page = json.loads(data)
    labels = {n["label"] for n in page["nodes"]}
    graph_labels = {str(o) for s, o in result.graph.subject_objects(URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert labels <= graph_labels and any("</script>" in label for label in labels)
    evidence = json.dumps(page["evidence"], ensure_ascii=False)
    assert "\u202e" in evidence  # the RTL override survives as text
    assert "&lt;/title&gt;&lt;script&gt;" in html.split("<body>")[0]


settings_bounded = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings_bounded
@given(st.text(min_size=1, max_size=40))
def test_any_article_id_mints_a_valid_iri(article_id):
    iri = str(Minter().article(article_id))
    pyoxigraph.NamedNode(iri)  # raises on an invalid IRI
    assert URIRef(iri) == URIRef(iri) and iri.isascii()


@settings_bounded
@given(st.text(min_size=1, max_size=40), st.sampled_from(["Person", "Organization", "Place"]))
def test_any_entity_name_mints_a_valid_iri(name, cls):
    local = slug(name) or "entity"
    iri = str(Minter().entity(cls, local))
    pyoxigraph.NamedNode(iri)
    assert iri.isascii()


def test_serialization_is_deterministic_with_hostile_text(hostile, nlp, tmp_path):
    result, ttl = hostile
    again = build([str(ttl.parent.parent)], nlp=nlp)
    assert serialize_turtle(again.graph) == ttl.read_bytes()


def test_regression_article_id_ending_in_a_newline_put_the_newline_in_the_iri():
    """The id check used '$', which also matches before a final newline (found by the test above)."""
    iri = str(Minter().article("0\n"))
    pyoxigraph.NamedNode(iri)
    assert "\n" not in iri


def test_regression_base_ending_in_a_newline_was_accepted():
    from kg.errors import KGError
    from kg.rdf.iri import check_base
    with pytest.raises(KGError):
        check_base("https://example.org/id/\n")
