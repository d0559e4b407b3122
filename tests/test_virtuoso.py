"""kg push into a real Virtuoso (Debian's virtuoso-opensource, installed by `make test`).

A fixture starts virtuoso-t on free loopback ports with a temporary database; the tests push
the seed graph through its Graph Store endpoint (digest auth, user dba) and then ask Virtuoso's
own /sparql endpoint: the triple count and the example queries' answers equal kg's.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
import requests
from SPARQLWrapper import JSON, SPARQLWrapper
from typer.testing import CliRunner

from conftest import ROOT, free_port, require_tool
from kg.cli import app

runner = CliRunner()
GRAPH = "https://w3id.org/kg-news/id/graph/seeds"

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 60
DirsAllowed = .
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


class Virtuoso:
    def __init__(self, base: str) -> None:
        self.base = base
        self.sparql = f"{base}/sparql"
        self.gsp = f"{base}/sparql-graph-crud-auth"

    def select(self, query: str, graph: str | None = GRAPH) -> list[dict[str, str]]:
        client = SPARQLWrapper(self.sparql)
        client.setQuery(query)
        client.setReturnFormat(JSON)
        if graph:
            client.addDefaultGraph(graph)
        doc = client.queryAndConvert()
        return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]

    def count(self, graph: str = GRAPH) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", graph=None)
        return int(rows[0]["n"])


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    binary = require_tool("virtuoso-t")
    db = tmp_path_factory.mktemp("virtuoso")
    http_port = free_port()
    (db / "virtuoso.ini").write_text(INI.format(db=db, sql_port=free_port(), http_port=http_port), encoding="utf-8")
    log = open(db / "stdout.log", "wb")
    proc = subprocess.Popen([binary, "-c", str(db / "virtuoso.ini"), "+foreground"], cwd=db, stdout=log,
                            stderr=subprocess.STDOUT)
    server = Virtuoso(f"http://127.0.0.1:{http_port}")
    deadline = time.monotonic() + 180
    while True:
        if proc.poll() is not None:
            pytest.fail(f"virtuoso-t exited with {proc.returncode}: {(db / 'stdout.log').read_text()[-2000:]}")
        try:
            if requests.get(server.sparql, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                break
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"virtuoso-t did not answer within 180 s: {(db / 'stdout.log').read_text()[-2000:]}")
        time.sleep(0.5)
    yield server
    proc.terminate()
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


def push(source: Path, virtuoso: Virtuoso, *extra: str, password: str = "dba"):
    return runner.invoke(app, ["push", str(source), "--endpoint", virtuoso.gsp, "--graph", GRAPH,
                               "--user", "dba", "--password", password, *extra])


def kg_rows(source: Path, query_file: str) -> list[dict[str, str]]:
    result = runner.invoke(app, ["query", str(source), "-f", str(ROOT / "queries" / query_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(result.output)["results"]["bindings"]]


def test_push_then_count_and_query_through_virtuoso(virtuoso, seed_graph_file, seed_build):
    result = push(seed_graph_file, virtuoso)
    assert result.exit_code == 0, result.output
    assert virtuoso.count() == len(seed_build.graph) > 100
    for query in ("musk-threatened.rq", "microsoft-and-twitter.rq", "musk-claims.rq", "openai-two-hops.rq"):
        text = (ROOT / "queries" / query).read_text(encoding="utf-8")
        ours = kg_rows(seed_graph_file, query)
        theirs = virtuoso.select(text)
        key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
        assert sorted(theirs, key=key) == sorted(ours, key=key), query
    assert kg_rows(seed_graph_file, "musk-threatened.rq")  # the comparison is not vacuous


def test_push_replaces_and_merges(virtuoso, seed_graph_file, seed_build, tmp_path):
    small = tmp_path / "small.nt"
    small.write_text("<urn:kg:a> <urn:kg:b> \"c\" .\n<urn:kg:a> <urn:kg:b> \"d\" .\n", encoding="utf-8")
    assert push(small, virtuoso).exit_code == 0
    assert virtuoso.count() == 2  # replaced, not added to
    merged = push(seed_graph_file, virtuoso, "--merge")
    assert merged.exit_code == 0 and "merged" in merged.output
    assert virtuoso.count() == len(seed_build.graph) + 2
    assert push(seed_graph_file, virtuoso).exit_code == 0
    assert virtuoso.count() == len(seed_build.graph)


def test_push_a_store_into_virtuoso(virtuoso, seed_store, seed_build):
    result = runner.invoke(app, ["push", str(seed_store), "--endpoint", virtuoso.gsp, "--graph", GRAPH + "/store",
                                 "--user", "dba", "--password", "dba"])
    assert result.exit_code == 0, result.output
    assert virtuoso.count(GRAPH + "/store") == len(seed_build.graph)


def test_wrong_password_against_virtuoso(virtuoso, seed_graph_file):
    result = push(seed_graph_file, virtuoso, password="not-the-password")
    assert result.exit_code == 1 and "[E108]" in result.output
    assert "not-the-password" not in result.output


def long_iri_graph(folder: Path) -> Path:
    """400 triples and one whose object is a 10,014-character IRI, which Virtuoso refuses. The long
    one is placed so that kg sends it after most of the others: Virtuoso has then loaded part of
    the body when it stops, as it had with the graph in the bug report."""
    from kg.read.load import open_graph
    others = "".join(f'<urn:kg:s{i}> <urn:kg:p> "new {i}" .\n' for i in range(400)).encode()
    long = f"<urn:kg:long> <https://schema.org/url> <https://example.com/{'a' * 9994}> .\n".encode()
    path = folder / "long.nt"
    for data in (long + others, others + long):
        path.write_bytes(data)
        order = [str(q.triple) for q in open_graph(path)]
        if next(n for n, line in enumerate(order) if "aaaa" in line) > len(order) * 2 // 3:
            return path
    pytest.fail("kg sends the long IRI early in the body either way")


def test_regression_a_failed_push_left_part_of_the_graph_in_virtuoso(virtuoso, seed_graph_file, seed_build, tmp_path):
    assert push(seed_graph_file, virtuoso).exit_code == 0
    assert virtuoso.count() == len(seed_build.graph)
    result = push(long_iri_graph(tmp_path), virtuoso)
    assert result.exit_code == 1, result.output
    # The graph is as it was: the seeds, and nothing of the refused body.
    assert virtuoso.count() == len(seed_build.graph)
    assert virtuoso.select("SELECT ?o WHERE { <urn:kg:s1> ?p ?o }") == []
    # Virtuoso's own reason is in the message, not cut off by its HTML page.
    assert "[E111]" in result.output and "HTTP 500" in result.output and "too long" in result.output
    assert "left as it was" in result.output
    leftovers = virtuoso.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), 'kg-push')) }",
                                graph=None)
    assert leftovers == []
