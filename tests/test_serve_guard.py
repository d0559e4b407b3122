"""kg serve under attack: no outbound requests (SERVICE), no answer to a foreign Host (DNS
rebinding), a memory bound per worker, connections that cannot starve real clients, and 400 (not
a crashed worker) for bad dataset IRIs and deep nesting. Each test runs a real ``kg serve``."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests



class Recorder:
    """A loopback HTTP server of the test's own that records every request it gets."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                recorder.requests.append((self.command, self.path, dict(self.headers)))
                body = b'{"head": {"vars": []}, "results": {"bindings": [{}]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _record

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def recorder():
    server = Recorder()
    yield server
    server.close()


def service_queries(target: str) -> list[str]:
    return [
        f"ASK {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        f"ASK {{ BIND(<{target}> AS ?x) SERVICE SILENT ?x {{ ?a ?b ?c }} }}",
        # Glued to the word before it, and after a comment: the parser still reads the keyword.
        f"ASK {{ ?s ?p trueSERVICE SILENT <{target}> {{ ?a ?b ?c }} }}",
        f"ASK {{ ?s ?p ?o .SERVICE#note\nSILENT <{target}> {{ ?a ?b ?c }} }}",
        f"ASK {{ {{ SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }} }} }}",
    ]


def test_regression_endpoint_ran_service_clauses_and_sent_requests_ssrf(serve, seed_graph_file, recorder):
    server = serve(seed_graph_file, "--timeout", "10")
    for query in service_queries(recorder.url):
        for response in (requests.get(server.url, params={"query": query}, timeout=30),
                         requests.post(server.url, data=query.encode(), timeout=30,
                                       headers={"Content-Type": "application/sparql-query"})):
            assert response.status_code == 400, (query, response.status_code, response.text)
            assert "[E118]" in response.text and "--allow-service" in response.text
            # Nothing tells whether the target answers.
            assert "port" not in response.text.lower() and "connect" not in response.text.lower()
    time.sleep(0.5)
    assert recorder.requests == []
    # A query that only names a service in a string, an IRI, a variable or a prefixed name runs.
    plain = ('SELECT ?service WHERE { ?service rdfs:label ?l . FILTER(?l != "SERVICE") '
             'FILTER(?service != <urn:x:SERVICE>) FILTER(?service != schema:serviceType) } LIMIT 1')
    assert requests.get(server.url, params={"query": plain}, timeout=30).status_code == 200


def test_allow_service_reaches_the_target_it_names(serve, seed_graph_file, recorder):
    """The test's own server does see a request when SERVICE is allowed: the refusal above is real."""
    server = serve(seed_graph_file, "--allow-service")
    response = requests.get(server.url, params={"query": f"ASK {{ SERVICE <{recorder.url}> {{ ?s ?p ?o }} }}"},
                            timeout=30)
    assert response.status_code == 200, response.text
    assert len(recorder.requests) >= 1 and recorder.requests[0][1].startswith("/sparql")


def test_regression_endpoint_answered_any_host_header_dns_rebinding(serve, seed_graph_file):
    server = serve(seed_graph_file)
    port = server.url.split(":")[2].split("/")[0]
    query = {"query": "ASK { ?s ?p ?o }"}
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}", "localhost.evil"):
        for path in (server.url, server.url.replace("/sparql", "/")):
            response = requests.get(path, params=query, headers={"Host": host}, timeout=30)
            assert response.status_code == 403, (host, path)
            assert "[E119]" in response.text and "--allow-host" in response.text
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "LOCALHOST", f"[::1]:{port}"):
        response = requests.get(server.url, params=query, headers={"Host": host}, timeout=30)
        assert response.status_code == 200, host
    named = serve(seed_graph_file, "--allow-host", "kg.internal")
    assert requests.get(named.url, params=query, headers={"Host": "kg.internal:80"}, timeout=30).status_code == 200


def test_host_check_on_a_wildcard_address_accepts_ip_addresses_only():
    from kg.server.guard import HostCheck
    check = HostCheck("0.0.0.0")
    assert check.allows("192.168.1.20:7878") and check.allows("[fe80::1]:7878") and check.allows("localhost")
    assert not check.allows("attacker.example:7878") and check.allows(None)


def test_regression_one_query_drove_a_worker_to_gigabytes(serve, seed_graph_file):
    """A three-way cartesian product with ORDER BY: the worker is stopped at --max-memory (503),
    long before the timeout, and the endpoint goes on."""
    server = serve(seed_graph_file, "--max-memory", "300M", "--timeout", "60")
    greedy = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g ?c ?f ?i"
    started = time.monotonic()
    response = requests.get(server.url, params={"query": greedy}, timeout=120)
    elapsed = time.monotonic() - started
    assert response.status_code == 503 and "[E120]" in response.text and "300 MB" in response.text
    assert elapsed < 40, elapsed
    after = requests.get(server.url, params={"query": "SELECT ?s WHERE { ?s kg:ceoOf ?o }"}, timeout=30)
    assert after.status_code == 200 and len(after.json()["results"]["bindings"]) == 2


def test_default_memory_bound_is_a_share_of_the_machine():
    import os
    from kg.server.guard import parse_size
    from kg.server.pool import default_memory
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    assert 256 << 20 <= default_memory(2) <= max(256 << 20, total // 8)
    assert default_memory(1) >= default_memory(4)
    assert parse_size("512M") == 512 << 20 and parse_size("2g") == 2 << 30
    with pytest.raises(ValueError, match=r"\[E127\]"):
        parse_size("lots")


def idle_connections(url: str, count: int) -> list[socket.socket]:
    """``count`` connections that send half a request line and then nothing."""
    port = int(url.split(":")[2].split("/")[0])
    idle = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(b"GET /sparql?query=ASK")
        idle.append(sock)
    return idle


def closed_by_server(sock: socket.socket, within: float) -> bool:
    sock.settimeout(within)
    try:
        return sock.recv(1024) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def test_regression_idle_half_open_connections_made_queries_time_out(serve, seed_graph_file):
    """150 connections that never finish a request (the default limit is 100): a real query is
    still answered at once, and the idle ones are closed after the idle timeout (10 s)."""
    server = serve(seed_graph_file)
    idle = idle_connections(server.url, 150)
    try:
        started = time.monotonic()
        response = requests.get(server.url, params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert response.status_code == 200 and response.json()["boolean"] is True
        assert time.monotonic() - started < 5
        started = time.monotonic()
        assert closed_by_server(idle[-1], within=20) and time.monotonic() - started < 15
    finally:
        for sock in idle:
            sock.close()


def test_connection_options(serve, seed_graph_file):
    server = serve(seed_graph_file, "--max-connections", "20", "--idle-timeout", "2")
    idle = idle_connections(server.url, 60)
    try:
        assert requests.get(server.url, params={"query": "ASK { ?s ?p ?o }"}, timeout=10).status_code == 200
        started = time.monotonic()
        assert closed_by_server(idle[-1], within=10) and time.monotonic() - started < 6
    finally:
        for sock in idle:
            sock.close()


@pytest.mark.parametrize("value", ["%zz", "a b", "relative", "http://x/\x1b[31m"])
def test_regression_bad_default_graph_uri_gave_500(serve, seed_graph_file, value):
    server = serve(seed_graph_file)
    for name in ("default-graph-uri", "named-graph-uri"):
        response = requests.get(server.url, params={"query": "ASK { ?s ?p ?o }", name: value}, timeout=30)
        assert response.status_code == 400, (name, value, response.text)
        assert "[E121]" in response.text and name in response.text


def test_regression_deeply_nested_query_crashed_a_worker(serve, seed_graph_file):
    server = serve(seed_graph_file)
    nested = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    response = requests.post(server.url, data={"query": nested}, timeout=60)
    assert response.status_code == 400 and "[E122]" in response.text
    # A long chain of operators without brackets does not overflow the worker's stack either.
    chain = "SELECT * WHERE { BIND(" + "!" * 50_000 + "true AS ?x) }"
    response = requests.post(server.url, data={"query": chain}, timeout=60)
    assert response.status_code == 200, response.text
    assert requests.get(server.url, params={"query": "ASK { ?s ?p ?o }"}, timeout=30).json()["boolean"] is True


def test_scan_reads_service_as_the_parser_does():
    from kg.server.guard import scan
    assert scan("ask{?s ?p 1SERVICE<http://h/>{}}").service
    assert scan("PREFIX X: <urn:x:> ASK { ?s ?p ?o . SERVICEX:y {} }").service
    assert scan("ASK { ?s ?p \"x\"SERVICE <http://h/> {} }").service
    assert not scan("ASK { ?s ?p 'SERVICE' . ?s <urn:SERVICE> ?service } # SERVICE").service
    assert not scan('ASK { ?s schema:serviceType """a "SERVICE" b""" }').service
    assert scan("SELECT * WHERE " + "{" * 101 + "}" * 101).depth == 101


def test_query_workers_have_no_network_unless_service_is_allowed(seed_store, recorder):
    """Past the endpoint's check (the pool is called directly here), a worker still reaches nothing:
    it runs in a network namespace of its own."""
    from kg.read.load import kg_prefixes
    import pyoxigraph as ox
    from kg.server.pool import Request, WorkerPool
    prefixes = kg_prefixes(ox.Store.read_only(str(seed_store)))
    query = Request(f"ASK {{ SERVICE <{recorder.url}> {{ ?s ?p ?o }} }}")
    closed = WorkerPool(str(seed_store), prefixes, size=1, timeout=20)
    try:
        answer = closed.run(query)
    finally:
        closed.close()
    assert answer.status != 200 and recorder.requests == []
    open_ = WorkerPool(str(seed_store), prefixes, size=1, timeout=20, network=True)
    try:
        assert open_.run(query).status == 200
    finally:
        open_.close()
    assert len(recorder.requests) == 1
