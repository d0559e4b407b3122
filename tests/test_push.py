"""kg push against a local Graph Store Protocol server that checks digest auth and records
every request: what is sent, and that credentials never appear in a URL or in kg's output."""

from __future__ import annotations

import hashlib
import threading

import pyoxigraph as ox
import pytest
from rdflib import Graph
from typer.testing import CliRunner
from waitress.server import create_server
from werkzeug.wrappers import Request, Response

from conftest import free_port
from kg.cli import app
from kg.export.push import check_endpoint

runner = CliRunner()
USER, PASSWORD = "dba", "s3cret-Pa55"
REALM, NONCE = "SPARQL", "5ebe2294ecd0e0f08eab7690d2a6ee69"


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


class FakeStore:
    """A Graph Store Protocol endpoint with digest auth (like Virtuoso's /sparql-graph-crud-auth):
    PUT, POST, DELETE and GET of a named graph."""

    def __init__(self, fail_with: int | None = None, echo: bool = False, basic: bool = False) -> None:
        self.requests: list[dict] = []
        self.graphs: dict[str, bytes] = {}
        self.fail_with, self.echo, self.basic = fail_with, echo, basic

    def authorized(self, request: Request) -> bool:
        auth = request.authorization
        if self.basic and auth is not None and auth.type == "basic":
            return auth.username == USER and auth.password == PASSWORD
        if auth is None or auth.type != "digest" or auth.username != USER:
            return False
        ha1, ha2 = md5(f"{USER}:{REALM}:{PASSWORD}"), md5(f"{request.method}:{auth.uri}")
        return auth.response == md5(f"{ha1}:{auth.nonce}:{auth.nc}:{auth.cnonce}:{auth.qop}:{ha2}")

    def __call__(self, environ, start_response):
        request = Request(environ)
        body = request.get_data()
        self.requests.append({"method": request.method, "url": request.url, "headers": dict(request.headers),
                              "body": body})
        if not self.authorized(request):
            response = Response(status=401, headers={"WWW-Authenticate": (
                f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth", algorithm="MD5"')})
        elif self.fail_with:
            echoed = request.headers.get("Authorization", "") if self.echo else "boom"
            response = Response(f"<html><body>Error: {echoed}</body></html>", status=self.fail_with)
        elif request.method == "DELETE":
            found = self.graphs.pop(request.args["graph"], None) is not None
            response = Response(status=204 if found else 404)
        elif request.method == "GET":
            data = self.graphs.get(request.args["graph"])
            response = Response(data, status=200, content_type="application/n-triples") if data is not None \
                else Response(status=404)
        else:
            created = request.args["graph"] not in self.graphs
            self.graphs[request.args["graph"]] = body if request.method == "PUT" else \
                self.graphs.get(request.args["graph"], b"") + body
            response = Response(status=201 if created else 200)
        return response(environ, start_response)


def _serve(server, closing: threading.Event) -> None:
    try:
        server.run()
    except OSError:
        # close() from the test's thread can pull the socket from under the loop's select()
        if not closing.is_set():
            raise


@pytest.fixture
def fake():
    servers = []
    closing = threading.Event()

    def _start(**kwargs) -> tuple[FakeStore, str]:
        store = FakeStore(**kwargs)
        server = create_server(store, host="127.0.0.1", port=0, threads=2)
        threading.Thread(target=_serve, args=(server, closing), daemon=True).start()
        servers.append(server)
        return store, f"http://127.0.0.1:{server.effective_port}/sparql-graph-crud-auth"
    yield _start
    closing.set()
    for server in servers:
        server.close()


def push(*args: str, env: dict | None = None):
    return runner.invoke(app, ["push", *args], env=env)


def assert_no_secret(result, store: FakeStore | None = None) -> None:
    assert PASSWORD not in result.output
    if store is not None:
        for request in store.requests:
            assert PASSWORD not in request["url"]
            assert PASSWORD not in request["headers"].get("Authorization", "")


def test_push_replaces_a_named_graph_with_digest_auth(fake, seed_graph_file, seed_build):
    store, url = fake()
    result = push(str(seed_graph_file), "--endpoint", url, "--graph", "urn:kg:seeds", "--user", USER,
                  "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    assert f"pushed {len(seed_build.graph)} triples" in result.output and "replaced" in result.output
    sent = store.graphs["urn:kg:seeds"]
    assert len(set(ox.parse(sent, format=ox.RdfFormat.N_TRIPLES))) == len(seed_build.graph)
    final = store.requests[-1]
    assert final["method"] == "PUT" and final["headers"]["Content-Type"] == "application/n-triples"
    assert final["headers"]["Authorization"].startswith("Digest ")
    assert_no_secret(result, store)


def test_merge_posts_and_default_graph_iri(fake, seed_graph_file):
    store, url = fake()
    env = {"KG_PUSH_PASSWORD": PASSWORD}
    result = push(str(seed_graph_file), "--endpoint", url, "--user", USER, "--merge", env=env)
    assert result.exit_code == 0, result.output
    assert store.requests[-1]["method"] == "POST"
    assert list(store.graphs) == ["https://w3id.org/kg-news/id/graph"]
    assert_no_secret(result, store)


def test_push_a_store(fake, seed_store, seed_build):
    store, url = fake()
    result = push(str(seed_store), "--endpoint", url, "--user", USER, "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    sent = set(ox.parse(store.graphs["https://w3id.org/kg-news/id/graph"], format=ox.RdfFormat.N_TRIPLES))
    assert len(sent) == len(seed_build.graph)


def test_wrong_password_is_an_auth_error(fake, seed_graph_file):
    store, url = fake()
    result = push(str(seed_graph_file), "--endpoint", url, "--user", USER, "--password", "wrong-" + PASSWORD)
    assert result.exit_code == 1 and "[E108]" in result.output and f"user '{USER}'" in result.output
    assert "wrong-" not in result.output
    assert_no_secret(result, store)


def test_missing_credentials_say_so(fake, seed_graph_file):
    _, url = fake()
    result = push(str(seed_graph_file), "--endpoint", url)
    assert result.exit_code == 1 and "[E109]" in result.output


def test_http_failure_shows_status_and_body_but_no_secret(fake, seed_graph_file):
    store, url = fake(fail_with=500, echo=True, basic=True)
    result = push(str(seed_graph_file), "--endpoint", url, "--user", USER, "--password", PASSWORD, "--auth", "basic")
    assert result.exit_code == 1 and "[E111]" in result.output and "HTTP 500" in result.output
    assert "Error:" in result.output and "***" in result.output  # the echoed basic token is scrubbed
    assert_no_secret(result)
    basic = [r for r in store.requests if r["headers"].get("Authorization", "").startswith("Basic")]
    assert basic and all(PASSWORD not in r["url"] for r in store.requests)


def test_network_failure(seed_graph_file):
    url = f"http://127.0.0.1:{free_port()}/sparql-graph-crud-auth"
    result = push(str(seed_graph_file), "--endpoint", url, "--user", USER, "--password", PASSWORD)
    assert result.exit_code == 1 and "[E110]" in result.output and "cannot connect" in result.output
    assert_no_secret(result)


def test_credentials_in_the_url_are_refused(fake, seed_graph_file):
    store, url = fake()
    with_userinfo = url.replace("http://", f"http://{USER}:{PASSWORD}@")
    result = push(str(seed_graph_file), "--endpoint", with_userinfo)
    assert result.exit_code == 2 and "[E107]" in result.output
    assert_no_secret(result)
    assert store.requests == []  # nothing was sent


@pytest.mark.parametrize("url", ["ftp://host/x", "localhost:8890/x", "http://u@host/x", "http://:p@host/x",
                                 "http://[::1/x"])
def test_check_endpoint_rejects(url):
    with pytest.raises(Exception, match=r"\[E107\]"):
        check_endpoint(url)


def test_usage_errors(fake, seed_graph_file, tmp_path):
    _, url = fake()
    assert push(str(tmp_path / "none.ttl"), "--endpoint", url).exit_code == 2
    bad_graph = push(str(seed_graph_file), "--endpoint", url, "--graph", "not an iri")
    assert bad_graph.exit_code == 2 and "[E113]" in bad_graph.output
    no_user = push(str(seed_graph_file), "--endpoint", url, "--password", PASSWORD)
    assert no_user.exit_code == 2 and "[E112]" in no_user.output
    assert_no_secret(no_user)
    no_password = push(str(seed_graph_file), "--endpoint", url, "--user", USER)
    assert no_password.exit_code == 2 and "needs a password" in no_password.output


def test_pushed_data_is_the_graph(fake, seed_graph_file):
    store, url = fake()
    push(str(seed_graph_file), "--endpoint", url, "--graph", "urn:g", "--user", USER, "--password", PASSWORD)
    pushed = Graph().parse(data=store.graphs["urn:g"].decode("utf-8"), format="nt")
    assert set(pushed) == set(Graph().parse(seed_graph_file))
