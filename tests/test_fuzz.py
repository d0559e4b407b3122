"""Fuzzing `build` with random Unicode text, random bytes and random JSONL structures.

It must never raise, never fail on an article (E305 means a kg bug), and always produce
Turtle that rdflib and pyoxigraph's strict parser read back to the same number of triples
as the graph holds. The examples are bounded so that CI stays fast; the pipeline is the one
loaded for the whole session.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pyoxigraph
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.pipeline.build import build
from kg.export.turtle import serialize_turtle
from kg.ingest import Problem

SENTENCES = ["Elon Musk has threatened to sue Microsoft.", "Microsoft invested in OpenAI.",
             "Tim Cook, the CEO of Apple, met Sundar Pichai in Paris.", "Meta owns Instagram and Facebook.",
             "\"We will sue,\" said Musk.", "Twitter's owner Elon Musk bought it in 2022."]
NAMES = ["Elon Musk", "Microsoft", "O'Brien & Co", "A>B Corp", "Back\\Slash Ltd", "\u202eMusk", "</script>",
         "\U0001F680 SpaceX", "Zürich", "\u0645\u062d\u0645\u062f"]

# Text that spaCy reads as news some of the time, with arbitrary Unicode spliced in.
pieces = st.one_of(st.sampled_from(SENTENCES), st.sampled_from(NAMES), st.text(max_size=30),
                   st.sampled_from(["\n", "\n\n", " ", "\r\n", "\t", "\u2028", "\x00", "\ud800"]))
texts = st.lists(pieces, max_size=12).map(" ".join)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)
records = st.fixed_dictionaries(
    {"text": st.one_of(texts, json_values)},
    optional={"id": st.one_of(st.text(max_size=20), json_values), "title": st.one_of(texts, json_values),
              "date": st.one_of(st.sampled_from(["2023-04-20", "2023-13-45", "2023-04-20T10:00:00Z", "yesterday"]),
                                json_values),
              "url": st.one_of(st.sampled_from(["https://a.example/x", "https://u:p@b.example/%zz[1]",
                                                "javascript:alert(1)", "https://exämple.com/ü b"]), st.text(max_size=20)),
              "source": json_values})
jsonl_lines = st.lists(st.one_of(records.map(lambda r: json.dumps(r, ensure_ascii=False)),
                                 records.map(json.dumps), json_values.map(json.dumps), st.text(max_size=40)),
                       max_size=6)

html_pieces = st.one_of(
    pieces, st.sampled_from(["<p>", "</p>", "<br>", "<script>", "</script>", "<style>", "</style>", "<title>",
                             "</title>", "<div class=\"x", "<!--", "-->", "<![if !supportLists]>", "<![endif]>",
                             "<![foo x]>", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#xd800;", "&bogus;", "<", ">",
                             "</", "<?php", "<!DOCTYPE", "<svg><text>", "</svg>"]))
html_documents = st.lists(html_pieces, max_size=20).map(lambda parts: "<!DOCTYPE html><html>" + "".join(parts))

bounded = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def build_and_check(folder: Path, nlp, non_english: str = "process") -> None:
    result = build([str(folder)], nlp=nlp, non_english=non_english)
    failures = [p for p in result.problems if "[E305]" in p.message]
    assert not failures, failures[0].message
    assert all(isinstance(p, Problem) and p.message.startswith("[") for p in result.problems)
    data = serialize_turtle(result.graph)
    parsed = Graph().parse(data=data.decode("utf-8"), format="turtle")
    strict = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(parsed) == len(strict) == len(result.graph)
    event(f"articles read: {min(result.summary.articles, 3)}{'+' if result.summary.articles >= 3 else ''}")
    event(f"statements: {'yes' if result.summary.statements else 'none'}")


def _write(folder: Path, name: str, data: bytes) -> None:
    (folder / name).write_bytes(data)


@bounded
@given(texts, st.sampled_from(["skip", "process"]))
def test_fuzz_unicode_text_files(nlp, text, non_english):
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), "a.txt", text.encode("utf-8", errors="surrogatepass"))
        build_and_check(Path(tmp), nlp, non_english)


@bounded
@given(st.binary(max_size=300), texts)
def test_fuzz_bytes_and_encodings(nlp, noise, text):
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), "noise.txt", noise)
        _write(Path(tmp), "latin.txt", text.encode("cp1252", errors="replace"))
        _write(Path(tmp), "mixed.txt", text.encode("utf-8", errors="replace") + noise[:20])
        build_and_check(Path(tmp), nlp)


@bounded
@given(jsonl_lines, st.binary(max_size=40))
def test_fuzz_jsonl_structures(nlp, lines, junk):
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), "feed.jsonl", "\n".join(lines).encode("utf-8", errors="surrogatepass") + b"\n" + junk)
        build_and_check(Path(tmp), nlp)


@bounded
@given(html_documents)
def test_fuzz_html_pages(nlp, html):
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), "page.html", html.encode("utf-8", errors="surrogatepass"))
        _write(Path(tmp), "page-in.jsonl", json.dumps({"text": html}).encode() + b"\n")
        build_and_check(Path(tmp), nlp)
