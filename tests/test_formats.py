"""Every RDF format kg writes holds the same data; quad formats put each article in its own graph."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT, require_tool
from kg.pipeline.build import read_results, unique_articles
from kg.cli import app
from kg.export.formats import FORMATS, parse_formats, write_formats
from kg.rdf.writer import GraphWriter
from kg.ingest import iter_articles
from kg.rdf.iri import EntityNames, Minter
from kg.ontology import KG
from kg.resolve.corpus import EntityMerger

RDFLIB_NAME = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
QUAD_FORMATS = ("nq", "trig")
PATHS = {"rdflib path": 10**9, "fast path": 1}


@pytest.fixture(scope="module", params=list(PATHS))
def written(request, tmp_path_factory, seed_build):
    out = tmp_path_factory.mktemp(request.param.replace(" ", "-"))
    write_formats(seed_build.graph, out, FORMATS, threshold=PATHS[request.param])
    return out


@pytest.fixture(scope="module")
def article_graphs(nlp, ontology):
    """What GraphWriter.article yields for each seed article: the expected named graphs."""
    articles = list(unique_articles(iter_articles([str(EXAMPLES)]), lambda p: None))
    results = list(read_results(articles, nlp, ontology))
    merger = EntityMerger()
    for result in results:
        merger.add(result.entities)
    minter = Minter()
    writer = GraphWriter(EntityNames(merger.finalize(), minter), minter, ontology)
    graphs = {}
    for result in results:
        article = minter.article(result.meta.id)
        triples = set(writer.article(result))
        statements = {s for s, p, o in triples if p == RDF.type and o == KG.Statement}
        # The article's own triples and its statement nodes; its plain triples are shared facts.
        graphs[article] = {t for t in triples if t[0] == article or t[0] in statements}
        assert graphs[article] != triples  # the seeds do assert plain triples
    return graphs


def read_dataset(path, fmt) -> Dataset:
    dataset = Dataset()
    dataset.parse(path, format=RDFLIB_NAME[fmt])
    return dataset


def union(dataset: Dataset) -> Graph:
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_parses_back_isomorphic(written, seed_build, fmt):
    path = written / f"graph.{fmt}"
    graph = union(read_dataset(path, fmt)) if fmt in QUAD_FORMATS else \
        Graph().parse(path, format=RDFLIB_NAME[fmt])
    assert len(graph) == len(seed_build.graph) > 100
    assert isomorphic(graph, seed_build.graph)


@pytest.mark.parametrize("fmt", QUAD_FORMATS)
def test_quad_formats_have_one_graph_per_article(written, seed_build, article_graphs, fmt):
    dataset = read_dataset(written / f"graph.{fmt}", fmt)
    named = {g.identifier: set(g) for g in dataset.graphs() if isinstance(g.identifier, URIRef)
             and g.identifier != URIRef("urn:x-rdflib:default") and len(g)}
    assert named == article_graphs
    default = set(dataset.graph(URIRef("urn:x-rdflib:default")))
    in_articles = set().union(*article_graphs.values())
    assert default == set(seed_build.graph) - in_articles and default
    # Entities, plain triples and vocabulary are shared: they are in the default graph.
    assert (URIRef("https://w3id.org/kg-news/id/person/elon-musk"), KG["threatens-suit"],
            URIRef("https://w3id.org/kg-news/id/organization/microsoft")) in default


def test_nquads_and_trig_hold_the_same_quads(written):
    nq = set(ox.parse(path=str(written / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    trig = set(ox.parse(path=str(written / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert nq == trig and len(nq) > 100


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig"])
def test_rapper_rdflib_and_pyoxigraph_count_the_same(written, seed_build, fmt):
    rapper = require_tool("rapper")
    path = written / f"graph.{fmt}"
    syntax = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "trig": "trig"}[fmt]
    proc = subprocess.run([rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    rapper_count = int(proc.stderr.split("returned")[1].split()[0])
    oxigraph_count = sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.from_extension(fmt)))
    rdflib_count = sum(1 for _ in read_dataset(path, fmt).quads((None, None, None, None))) if fmt in QUAD_FORMATS else \
        len(Graph().parse(path, format=RDFLIB_NAME[fmt]))
    assert rapper_count == oxigraph_count == rdflib_count
    assert rapper_count >= len(seed_build.graph)


def test_jsonld_has_a_context(written):
    doc = json.loads((written / "graph.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["kg"] == "https://w3id.org/kg-news/ontology#"
    assert doc["@context"]["person"].endswith("/person/")
    assert doc["@graph"]


def test_fast_path_turtle_uses_prefixes(tmp_path, seed_build):
    [path] = write_formats(seed_build.graph, tmp_path, ["ttl"], threshold=1)
    text = path.read_text(encoding="utf-8")
    assert "@prefix kg: <https://w3id.org/kg-news/ontology#>" in text
    assert "person:elon-musk" in text and "ns1:" not in text


def test_fast_path_is_byte_identical_across_processes(tmp_path):
    """Sorted N-Triples make the fast path independent of rdflib's hash order."""
    script = ("import sys; from kg.pipeline.build import build; from kg.export.formats import FORMATS, write_formats; "
              "write_formats(build([sys.argv[1]]).graph, sys.argv[2], FORMATS, threshold=1)")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(EXAMPLES), str(out)], cwd=ROOT, env=env, check=True)
        outputs.append({fmt: (out / f"graph.{fmt}").read_bytes() for fmt in FORMATS})
    assert outputs[0] == outputs[1]


def test_small_graphs_are_byte_identical_between_builds(tmp_path, nlp, seed_build):
    from kg.pipeline.build import build
    again = build([str(EXAMPLES)], nlp=nlp)
    first = write_formats(seed_build.graph, tmp_path / "a", FORMATS)
    second = write_formats(again.graph, tmp_path / "b", FORMATS)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_parse_formats():
    assert parse_formats("ttl,nt, trig") == ("ttl", "nt", "trig")
    assert parse_formats("") == ("ttl",)
    with pytest.raises(Exception, match=r"\[E103\].*'rdfxml'"):
        parse_formats("ttl,rdfxml")


def test_build_cli_writes_each_format(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["build", str(EXAMPLES), "-o", str(tmp_path), "--format", "ttl,nt,nq,trig,jsonld"])
    assert result.exit_code == 0, result.output
    for fmt in FORMATS:
        assert (tmp_path / f"graph.{fmt}").stat().st_size > 1000
    assert (tmp_path / "graph.html").exists()
    bad = runner.invoke(app, ["build", str(EXAMPLES), "-o", str(tmp_path), "--format", "ttl,xml"])
    assert bad.exit_code == 2 and "[E103]" in bad.output


def test_default_format_is_turtle_only(tmp_path):
    result = CliRunner().invoke(app, ["build", str(EXAMPLES), "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html", "graph.ttl"]


def test_confidence_decimal_survives_a_store_round_trip(seed_build):
    """Regression: '0.900'^^xsd:decimal came back from Oxigraph (and Virtuoso) as '0.9', so the
    store and the files differed. kg now writes the canonical form."""
    literals = list(seed_build.graph.objects(None, KG.confidence))
    assert literals
    store = ox.Store()
    for i, literal in enumerate(literals):
        store.add(ox.Quad(ox.NamedNode(f"urn:s:{i}"), ox.NamedNode("urn:p"),
                          ox.Literal(str(literal), datatype=ox.NamedNode(str(literal.datatype)))))
    assert sorted(q.object.value for q in store) == sorted(str(lit) for lit in literals)


ODD_LITERALS = ['He said "no"', "back\\slash", "two\nlines", "tab\there", "bell\x07", "nb\u00a0sp", "é ü 北京",
                "\u2028", "", " lead and trail "]


@pytest.fixture
def odd_graph() -> Graph:
    from rdflib import BNode, Literal
    from rdflib.namespace import XSD
    graph = Graph()
    ex = "https://example.org/"
    for i, text in enumerate(ODD_LITERALS):
        graph.add((URIRef(f"{ex}s{i}"), URIRef(f"{ex}label"), Literal(text)))
        graph.add((URIRef(f"{ex}s{i}"), URIRef(f"{ex}title"), Literal(text, lang="EN-gb")))
    graph.add((URIRef(f"{ex}n"), URIRef(f"{ex}count"), Literal("7", datatype=XSD.integer)))
    graph.add((URIRef(f"{ex}n"), URIRef(f"{ex}name"), Literal("n", datatype=XSD.string)))
    graph.add((BNode("b1"), URIRef(f"{ex}p"), BNode("b12")))
    graph.add((URIRef(f"{ex}a"), URIRef(f"{ex}p"), URIRef(f"{ex}a#b")))
    graph.add((URIRef(f"{ex}a#b"), URIRef(f"{ex}p"), Literal("x")))
    return graph


def test_fast_ntriples_write_every_term_as_pyoxigraph_does(odd_graph):
    """kg writes the N-Triples lines itself: each line must be pyoxigraph's canonical form of
    the triple, and the lines sorted as whole lines."""
    from kg.export.base import Exportable
    from kg.rdf.terms import to_oxigraph
    expected = sorted(ox.serialize([ox.Triple(*map(to_oxigraph, t))], format=ox.RdfFormat.N_TRIPLES).decode()
                      for t in odd_graph)
    written = Exportable(odd_graph).ntriples.decode("utf-8")
    assert [line + "\n" for line in written.split("\n")[:-1]] == expected  # not splitlines: U+2028 is no line end
    assert len(Graph().parse(data=written, format="nt")) == len(odd_graph)


def test_fast_path_reads_only_its_own_graph_of_a_shared_store(odd_graph):
    """rdflib's in-memory index holds every graph of its store: a graph that shares it with
    others is read through the graph, not the index."""
    from kg.export.base import Exportable
    dataset = Dataset()
    mine = dataset.graph(URIRef("https://example.org/mine"))
    for triple in odd_graph:
        mine.add(triple)
    dataset.graph(URIRef("https://example.org/other")).add(
        (URIRef("https://example.org/x"), URIRef("https://example.org/p"), URIRef("https://example.org/y")))
    lines = Exportable(mine).ntriples.decode("utf-8").split("\n")[:-1]
    assert len(lines) == len(odd_graph)
    assert not any("example.org/x>" in line for line in lines)


@pytest.mark.parametrize("threshold", [1, 10**9], ids=["fast path", "rdflib's"])
def test_a_graph_given_as_quads_is_written_as_the_same_files(threshold, seed_build, tmp_path):
    """QuadsExportable (a cluster build's --format files, from its shards' lines, with no
    rdflib graph unless the graph is small) writes every format byte for byte as the build's
    own graph does."""
    from kg.export.base import QuadsExportable
    from kg.read.load import kg_prefixes, quad_batches
    write_formats(seed_build.graph, tmp_path / "graph", ["nq"])
    quads = QuadsExportable(quad_batches(tmp_path / "graph" / "graph.nq"), kg_prefixes(), threshold)
    names = list(FORMATS)
    write_formats(quads, tmp_path / "quads", names)
    write_formats(seed_build.graph, tmp_path / "build", names, threshold=threshold)
    for name in (f"graph.{name}" for name in names):
        assert (tmp_path / "quads" / name).read_bytes() == (tmp_path / "build" / name).read_bytes(), name


def test_text_read_in_pieces_gives_the_same_files(seed_build, tmp_path, monkeypatch):
    """A big graph's N-Triples, Turtle and JSON-LD are made from its N-Triples text, and its
    N-Quads and TriG from its N-Quads text, in pieces of CHUNK_LINES lines (each format alone),
    or from the whole text once (several together): the same bytes either way, whatever the
    pieces' size."""
    import kg.export.base as base
    names = list(FORMATS)
    write_formats(seed_build.graph, tmp_path / "whole", names, threshold=1)
    monkeypatch.setattr(base, "CHUNK_LINES", 7)
    for name in names:  # one at a time: read in pieces
        source = base.Exportable(seed_build.graph, threshold=1)
        write_formats(source, tmp_path / "pieces", [name])
        assert "ntriples" not in source.__dict__ and "nquads" not in source.__dict__, name
    for name in (f"graph.{name}" for name in names):
        assert (tmp_path / "pieces" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    assert len(base.Exportable(seed_build.graph).ntriples.splitlines()) > 7 * 10


def test_chunk_reader_reads_across_pieces():
    """A raw file: a read gives at most what was asked, from one piece, and b"" at the end."""
    from kg.export.base import ChunkReader
    reader = ChunkReader([b"<a", b"", b"> <b> <c> .\n", b"<a> <b> <d> .\n"])
    reads = list(iter(lambda: reader.read(5), b""))
    assert reads == [b"<a", b"> <b>", b" <c> ", b".\n", b"<a> <", b"b> <d", b"> .\n"]
    assert reader.read() == b""


def test_chunk_reader_splits_characters_and_lines_anywhere(odd_graph):
    """pyoxigraph's parser reads the text as a raw file gives it: a read may end inside a line
    or a character of several bytes (é, 北京, U+2028), and the triples are the same."""
    from kg.export.base import ChunkReader, Exportable
    text = Exportable(odd_graph).ntriples
    assert any(byte > 0x7F for byte in text)
    whole = sorted(str(quad) for quad in ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
    pieces = ChunkReader(text[at:at + 1] for at in range(len(text)))  # a byte at a time
    assert sorted(str(quad) for quad in ox.parse(pieces, format=ox.RdfFormat.N_TRIPLES)) == whole


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_a_written_file_is_the_serialized_bytes(fmt, seed_build, tmp_path):
    """A big graph's files are written as they are made (in pieces, or streamed by pyoxigraph):
    each is byte for byte what the format's serialize function returns whole."""
    from kg.export import jsonld, nquads, ntriples, trig, turtle
    from kg.export.base import Exportable
    serialize = {"ttl": turtle.serialize_turtle, "nt": ntriples.serialize_ntriples, "nq": nquads.serialize_nquads,
                 "trig": trig.serialize_trig, "jsonld": jsonld.serialize_jsonld}[fmt]
    [path] = write_formats(Exportable(seed_build.graph, threshold=1), tmp_path, [fmt])
    assert path.read_bytes() == serialize(Exportable(seed_build.graph, threshold=1))
