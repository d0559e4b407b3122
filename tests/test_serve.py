"""kg serve: the SPARQL 1.1 Protocol on a free loopback port, queried with SPARQLWrapper and plain HTTP.

It is read-only, stops slow queries, caps results and listens on loopback by default.
"""

from __future__ import annotations

import csv
import io
import json
import time
from urllib.error import HTTPError

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, N3, POST, TSV, XML, SPARQLWrapper
from typer.testing import CliRunner

from kg.cli import app
from kg.server import DEFAULT_HOST, DEFAULT_PORT, is_loopback

CEO = "SELECT ?s ?o WHERE { ?s kg:ceoOf ?o } ORDER BY ?s"
CAP, TIMEOUT = 50, 2


@pytest.fixture(scope="module")
def endpoint(seed_graph_file):
    from conftest import Server
    server = Server(str(seed_graph_file), "--timeout", str(TIMEOUT), "--max-results", str(CAP))
    yield server.url
    server.stop()


def wrapper(url: str, query: str, fmt=JSON) -> SPARQLWrapper:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def kg_answer(seed_graph_file, query: str) -> list[list[str]]:
    result = CliRunner().invoke(app, ["query", str(seed_graph_file), query, "--format", "json"])
    doc = json.loads(result.output)
    return [[b[v]["value"] for v in doc["head"]["vars"]] for b in doc["results"]["bindings"]]


def test_select_with_sparqlwrapper_equals_kg_query(endpoint, seed_graph_file):
    doc = wrapper(endpoint, CEO).queryAndConvert()
    rows = [[b["s"]["value"], b["o"]["value"]] for b in doc["results"]["bindings"]]
    assert rows == kg_answer(seed_graph_file, CEO) and len(rows) == 2


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_get_and_post_in_every_result_format(endpoint, method):
    for fmt in (JSON, XML, CSV, TSV):
        client = wrapper(endpoint, CEO, fmt)
        client.setMethod(method)
        result = client.query()
        body = result.response.read()
        assert result.response.status == 200
        assert b"person/elon-musk" in body and b"organization/twitter" in body, fmt


def test_content_negotiation_with_plain_http(endpoint):
    cases = {
        "application/sparql-results+json": lambda b: json.loads(b)["results"]["bindings"][0]["s"]["value"],
        "application/sparql-results+xml": lambda b: b.decode().split("<uri>")[1].split("</uri>")[0],
        "text/csv": lambda b: list(csv.reader(io.StringIO(b.decode())))[1][0],
        "text/tab-separated-values": lambda b: b.decode().splitlines()[1].split("\t")[0].strip("<>"),
    }
    for media, first in cases.items():
        response = requests.get(endpoint, params={"query": CEO}, headers={"Accept": media}, timeout=30)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(media)
        assert first(response.content).endswith("person/elon-musk"), media
    default = requests.get(endpoint, params={"query": CEO}, timeout=30)
    assert default.headers["Content-Type"].startswith("application/sparql-results+json")
    refused = requests.get(endpoint, params={"query": CEO}, headers={"Accept": "image/png"}, timeout=30)
    assert refused.status_code == 406


def test_post_urlencoded_and_direct(endpoint):
    form = requests.post(endpoint, data={"query": CEO}, headers={"Accept": "text/csv"}, timeout=30)
    direct = requests.post(endpoint, data=CEO.encode(), timeout=30,
                           headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert form.status_code == direct.status_code == 200
    assert form.text == direct.text and "person/mike-rhodes" in form.text
    other = requests.post(endpoint, data=CEO.encode(), headers={"Content-Type": "text/plain"}, timeout=30)
    assert other.status_code == 415


def test_construct_and_describe_as_turtle_and_ntriples(endpoint):
    query = "CONSTRUCT { ?s kg:ceoOf ?o } WHERE { ?s kg:ceoOf ?o }"
    turtle = requests.get(endpoint, params={"query": query}, timeout=30)
    assert turtle.headers["Content-Type"].startswith("text/turtle")
    assert len(Graph().parse(data=turtle.text, format="turtle")) == 2
    nt = requests.get(endpoint, params={"query": query}, headers={"Accept": "application/n-triples"}, timeout=30)
    assert nt.headers["Content-Type"].startswith("application/n-triples")
    assert len(list(ox.parse(nt.content, format=ox.RdfFormat.N_TRIPLES))) == 2
    client = wrapper(endpoint, "DESCRIBE person:elon-musk", N3)
    described = client.queryAndConvert()
    assert len(Graph().parse(data=described, format="turtle")) >= 3


def test_ask(endpoint):
    assert wrapper(endpoint, "ASK { ?s kg:threatens-suit ?o }").queryAndConvert()["boolean"] is True
    assert wrapper(endpoint, "ASK { ?s kg:killed ?o }").queryAndConvert()["boolean"] is False


def test_article_graphs_and_dataset_parameters(endpoint):
    graphs = wrapper(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g").queryAndConvert()
    names = [b["g"]["value"] for b in graphs["results"]["bindings"]]
    # A Turtle file has no named graphs; the store and the quad formats do (see the store test).
    assert names == []
    one = requests.get(endpoint, timeout=30, params={
        "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "default-graph-uri": "https://w3id.org/kg-news/id/nothing-here"})
    assert one.json()["results"]["bindings"][0]["n"]["value"] == "0"


def test_update_is_refused(endpoint, seed_graph_file):
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    form = requests.post(endpoint, data={"update": update}, timeout=30)
    direct = requests.post(endpoint, data=update.encode(), timeout=30,
                           headers={"Content-Type": "application/sparql-update"})
    as_query = requests.get(endpoint, params={"query": update}, timeout=30)
    for response in (form, direct, as_query):
        assert response.status_code == 403 and "[E114]" in response.text
    client = wrapper(endpoint, update)
    client.setMethod(POST)
    client.setRequestMethod("postdirectly")
    with pytest.raises(HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    count = wrapper(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").queryAndConvert()
    assert int(count["results"]["bindings"][0]["n"]["value"]) == len(Graph().parse(seed_graph_file))


def test_huge_construct_is_cut_at_the_cap(endpoint):
    query = "CONSTRUCT { ?a ?b ?d } WHERE { ?a ?b ?c . ?d ?e ?f }"  # about 100,000 triples
    response = requests.get(endpoint, params={"query": query}, headers={"Accept": "application/n-triples"},
                            timeout=30)
    assert response.status_code == 200
    assert response.headers["X-KG-Truncated"] == "true" and response.headers["X-KG-Result-Cap"] == str(CAP)
    assert len(list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))) == CAP
    rows = requests.get(endpoint, params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"}, timeout=30)
    assert len(rows.json()["results"]["bindings"]) == CAP and rows.headers["X-KG-Truncated"] == "true"
    small = requests.get(endpoint, params={"query": CEO}, timeout=30)
    assert "X-KG-Truncated" not in small.headers


def test_slow_query_is_stopped_and_the_server_goes_on(endpoint):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # ~10^8 rows to count
    started = time.monotonic()
    response = requests.get(endpoint, params={"query": slow}, timeout=60)
    elapsed = time.monotonic() - started
    assert response.status_code == 503 and "[E115]" in response.text
    assert TIMEOUT <= elapsed < TIMEOUT + 20
    after = requests.get(endpoint, params={"query": CEO}, timeout=30)
    assert after.status_code == 200 and len(after.json()["results"]["bindings"]) == 2


def test_bad_requests(endpoint):
    assert requests.get(endpoint, params={"query": "SELEC nonsense"}, timeout=30).status_code == 400
    assert requests.get(endpoint, timeout=30).status_code == 400
    assert requests.get(endpoint, params=[("query", CEO), ("query", CEO)], timeout=30).status_code == 400
    assert requests.get(endpoint.replace("/sparql", "/nope"), timeout=30).status_code == 404
    assert requests.put(endpoint, data=CEO, timeout=30).status_code == 405
    big = requests.post(endpoint, data={"query": "# " + "x" * (2 << 20)}, timeout=30)
    assert big.status_code == 413


def test_query_page(endpoint):
    page = requests.get(endpoint.replace("/sparql", "/"), timeout=30)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "<form" in page.text and "textContent" in page.text and "http" not in page.text.split("<script>")[1]


def test_loopback_by_default(endpoint):
    assert DEFAULT_HOST == "127.0.0.1" and DEFAULT_PORT == 7878
    assert endpoint.startswith("http://127.0.0.1:")
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")


def test_non_loopback_host_warns(tmp_path):
    result = CliRunner().invoke(app, ["serve", str(tmp_path / "missing.ttl"), "--host", "0.0.0.0"])
    assert "[W100]" in result.output and result.exit_code == 2 and "[E001]" in result.output


def test_serve_a_store(serve, seed_store):
    server = serve(seed_store, "--timeout", "5")
    graphs = wrapper(server.url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a schema:NewsArticle } }").queryAndConvert()
    assert len(graphs["results"]["bindings"]) == 2
    rows = wrapper(server.url, CEO).queryAndConvert()["results"]["bindings"]
    assert len(rows) == 2


def test_port_in_use_is_a_clear_error(endpoint, seed_graph_file):
    port = endpoint.split(":")[2].split("/")[0]
    result = CliRunner().invoke(app, ["serve", str(seed_graph_file), "--port", port])
    assert result.exit_code == 2 and "[E106]" in result.output


def test_sigterm_stops_the_server_and_removes_its_temporary_store(serve, seed_graph_file):
    import signal
    import tempfile
    from pathlib import Path
    before = set(Path(tempfile.gettempdir()).glob("kg-serve-*"))
    server = serve(seed_graph_file)
    created = set(Path(tempfile.gettempdir()).glob("kg-serve-*")) - before
    assert len(created) == 1
    server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(30) == 0
    assert not any(path.exists() for path in created)


def test_regression_localhost_with_two_addresses_has_a_url(seed_graph_file, monkeypatch):
    """`kg serve --host localhost` where localhost is ::1 and 127.0.0.1 (Debian's /etc/hosts):
    waitress listens on each, and Endpoint.url asked a multi-socket server for its one port."""
    import socket
    import threading
    import urllib.parse
    import urllib.request
    from kg.server import Endpoint
    real = socket.getaddrinfo

    def both(host, port, *args, **kwargs):
        if host == "localhost":
            return real("::1", port, *args, **kwargs) + real("127.0.0.1", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", both)
    with Endpoint(seed_graph_file, host="localhost", port=0, workers=1) as endpoint:
        threading.Thread(target=endpoint.serve_forever, daemon=True).start()
        port = int(endpoint.url.rsplit(":", 1)[1].strip("/"))
        from kg.server import _sockets
        listening = _sockets(endpoint.server)
        assert len(listening) == 2 and {int(s.effective_port) for s in listening} == {port}
        question = urllib.parse.urlencode({"query": "ASK { ?s kg:ceoOf ?o }"})
        for address in ("127.0.0.1", "[::1]"):
            with urllib.request.urlopen(f"http://{address}:{port}/sparql?{question}", timeout=30) as answer:
                assert json.loads(answer.read())["boolean"] is True
