"""The Python API: what kg.build takes, what import kg costs, build_to, and missing extras."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import kg
from conftest import EXAMPLES, ROOT
from kg.errors import KGError, NothingRead
from kg.rdf.statement import statements_in_graph, statements_in_quads
from kg.rdf.terms import to_quads

MUSK = "Elon Musk has threatened to sue Microsoft."


def labels(result) -> set[str]:
    return {row["name"] for row in kg.select(result.graph, "SELECT ?name WHERE { ?e a ?c ; rdfs:label ?name . "
                                                           "?c rdfs:subClassOf kg:Entity }")}


def test_build_reads_a_text(nlp):
    result = kg.build([MUSK], nlp=nlp)
    assert result.summary.articles == 1 and not result.problems
    assert labels(result) == {"Elon Musk", "Microsoft"}


def test_build_takes_one_text_without_a_list(nlp):
    assert kg.build(MUSK, nlp=nlp).summary.articles == 1


def test_build_reads_article_records_with_their_metadata(nlp):
    record = kg.Article(MUSK, id="musk-1", title="Musk and Microsoft", date="2023-04-20", source="Sky News")
    result = kg.build([record], nlp=nlp)
    [row] = kg.select(result.graph, "SELECT ?id ?title ?date WHERE { ?a schema:identifier ?id ; "
                                    "schema:headline ?title ; schema:datePublished ?date }")
    assert row == {"id": "musk-1", "title": "Musk and Microsoft", "date": "2023-04-20"}


def test_build_mixes_paths_texts_and_records_from_a_generator(nlp):
    inputs = (item for item in [str(EXAMPLES), "Tim Cook runs Apple.", kg.Article("Satya Nadella leads Microsoft.")])
    assert kg.build(inputs, nlp=nlp).summary.articles == 4


def test_a_record_with_a_bad_date_keeps_the_text_and_warns(nlp):
    result = kg.build([kg.Article(MUSK, date="2023-02-30")], nlp=nlp)
    assert result.summary.articles == 1
    assert [p.message[:6] for p in result.problems] == ["[W307]"]


@pytest.mark.parametrize("value", ["examples-missing/", "no_such_file.txt", "news 2024.jsonl"])
def test_a_string_that_is_neither_a_path_nor_text_is_an_error(value):
    with pytest.raises(KGError, match=r"\[E020\]"):
        kg.build([value])


def test_an_input_of_another_type_is_an_error():
    with pytest.raises(KGError, match=r"\[E019\]"):
        kg.build([42])


def test_import_kg_loads_neither_spacy_nor_rdflib():
    code = "import sys, kg; print(json.dumps(sorted(m for m in ('spacy', 'rdflib', 'networkx') if m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", "import json; " + code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out) == []


@pytest.mark.parametrize("args", [["--help"], ["query", "--help"], ["build", "--help"]])
def test_the_cli_help_loads_neither_spacy_nor_rdflib(args):
    code = ("import sys, json\nfrom kg.cli import app\ntry:\n    app(%r)\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(sorted(m for m in ('spacy', 'rdflib', 'networkx', 'pyvis') if m in sys.modules)),"
            " file=sys.stderr)" % (args,))
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == []


def test_version():
    proc = subprocess.run([sys.executable, "-m", "kg", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("kg-news ")


def test_build_to_writes_every_output(tmp_path):
    report = kg.build_to([str(EXAMPLES)], tmp_path / "out", formats="ttl,nt")
    assert sorted(p.name for p in report.written) == ["graph.html", "graph.nt", "graph.ttl"]
    assert report.summary.articles == 2 and report.store is None
    assert not (tmp_path / "out" / ".kg-work").exists()


def test_build_to_a_store_reports_what_changed(tmp_path):
    report = kg.build_to([MUSK], store=tmp_path / "store")
    assert report.store.added == 1 and report.written == []


def test_build_to_with_nothing_to_read_writes_nothing(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    with pytest.raises(NothingRead, match=r"\[E306\]"):
        kg.build_to([str(empty)], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_regression_store_build_with_nothing_to_read_left_an_empty_store(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    with pytest.raises(NothingRead, match=r"\[E306\]"):
        kg.build_to([str(empty)], store=tmp_path / "new")
    assert not (tmp_path / "new").exists()
    (tmp_path / "made").mkdir()
    with pytest.raises(NothingRead):
        kg.build_to([str(empty)], store=tmp_path / "made")
    assert (tmp_path / "made").is_dir() and not any((tmp_path / "made").iterdir())


def test_store_build_with_nothing_to_read_leaves_a_store_as_it_was(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    kg.build_to([MUSK], store=tmp_path / "store")
    with pytest.raises(NothingRead):
        kg.build_to([str(empty)], store=tmp_path / "store")
    assert (tmp_path / "store" / "kg-copies.sqlite").exists()  # RocksDB renames its own files
    assert kg.build_to([MUSK], store=tmp_path / "store").store.unchanged == 1


def test_dask_missing_is_a_numbered_error_naming_the_extra(tmp_path):
    code = ("import sys\nsys.modules['dask'] = None\nsys.modules['dask.distributed'] = None\n"
            "from kg.cli import main\nsys.argv = ['kg', 'build', %r, '-o', %r, '--engine', 'dask', '-q']\nmain()"
            % (str(EXAMPLES), str(tmp_path / "out")))
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert "[E021]" in proc.stderr and "kg-news[dask]" in proc.stderr and "Traceback" not in proc.stderr


def test_regression_statement_node_decoded_in_three_places(seed_build):
    """A kg:Statement was decoded by the network view and twice by the store; now one codec
    reads it from an rdflib graph and from store quads alike."""
    import pyoxigraph as ox
    from_graph = list(statements_in_graph(seed_build.graph))
    from_quads = list(statements_in_quads(to_quads(seed_build.graph, ox.DefaultGraph())))
    assert from_graph == from_quads and len(from_graph) > 20
    threat = next(st for st in from_graph if st.predicate.endswith("#threatens-suit") and st.asserted)
    assert threat.subject.endswith("/person/elon-musk") and threat.confidence > 0.5


def test_outputs_are_written_without_full_collections(tmp_path, monkeypatch):
    """A full collection walks the whole heap, the pipeline's included (0.1 s each, two or three
    a build while the files and the page were written); the outputs make no cycles to collect.
    The collector is on again once they are written."""
    import gc
    import kg.viz.html as html
    states = []
    real_write_html = html.write_html
    monkeypatch.setattr(html, "write_html", lambda *a, **k: states.append(gc.isenabled()) or real_write_html(*a, **k))
    report = kg.build_to([str(EXAMPLES)], tmp_path / "out")
    assert report.summary.articles == 2 and states == [False] and gc.isenabled()


def test_a_build_with_the_callers_pipeline_does_not_collect_it(monkeypatch, nlp):
    """A build that loaded its pipeline collects it once phase one is done, before phase two
    takes its memory; the caller's pipeline stays, so a full collection would only cost time."""
    build_module = sys.modules["kg.pipeline.build"]
    collections = []
    monkeypatch.setattr(build_module.gc, "collect", lambda *a: collections.append(a) or 0)
    assert kg.build([str(EXAMPLES)], nlp=nlp).summary.articles == 2
    assert collections == []
