"""kg push against servers that misbehave, each a loopback HTTP server of the test's own: a
redirect is never followed, a trickling answer is cut off by --timeout, a failed push says what the
target graph holds, and a server's error text reaches the terminal without control characters but
with its reason."""

from __future__ import annotations

import socket
import threading
import time
from typing import Callable

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
Handler = Callable[[socket.socket, str, bytes], None]


class RawServer:
    """Accepts connections on 127.0.0.1, reads each request (headers and body) and lets
    ``handler`` write whatever bytes it likes back. Records (request line, headers) per request."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[tuple[str, str]] = []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/gsp"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, body = data.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            length = next((int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")),
                          0)
            while len(body) < length:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                body += chunk
            self.requests.append((lines[0], "\n".join(lines[1:])))
            try:
                self.handler(conn, lines[0], body)
            except OSError:
                pass

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def raw_server():
    servers: list[RawServer] = []

    def start(handler: Handler) -> RawServer:
        server = RawServer(handler)
        servers.append(server)
        return server
    yield start
    for server in servers:
        server.close()


def reply(conn: socket.socket, status: str, body: bytes = b"", headers: str = "") -> None:
    conn.sendall(f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n{headers}\r\n"
                 .encode("latin-1") + body)


def test_regression_push_followed_a_redirect_and_reported_success(raw_server, seed_graph_file):
    """A PUT answered 302 and a POST answered 301 are errors naming the new location; no GET is
    sent, and nothing says "pushed"."""
    def redirect(conn, request_line, body):
        method = request_line.split()[0]
        if method == "GET":
            reply(conn, "200 OK", b"<a> <b> <c> .\n")
        elif method == "PUT":
            reply(conn, "302 Found", headers="Location: /elsewhere/put\r\n")
        elif method == "POST":
            reply(conn, "301 Moved Permanently", headers="Location: http://127.0.0.1:9/moved\r\n")
        else:
            reply(conn, "204 No Content")

    server = raw_server(redirect)
    replaced = runner.invoke(app, ["push", str(seed_graph_file), "--endpoint", server.url, "--graph", "urn:g"])
    assert replaced.exit_code == 1, replaced.output
    assert "[E123]" in replaced.output and "/elsewhere/put" in replaced.output and "HTTP 302" in replaced.output
    assert "pushed" not in replaced.output and "left as it was" in replaced.output
    assert not any(line.startswith("GET") for line, _ in server.requests), server.requests
    # With --merge the data goes first into a temporary graph with PUT (302 here too); a server
    # that redirects only the POST is refused in the same way.
    def redirect_post(conn, request_line, body):
        if request_line.startswith("POST"):
            reply(conn, "301 Moved Permanently", headers="Location: http://127.0.0.1:9/moved\r\n")
        else:
            reply(conn, "201 Created" if request_line.startswith("PUT") else "204 No Content")

    server = raw_server(redirect_post)
    merged = runner.invoke(app, ["push", str(seed_graph_file), "--endpoint", server.url, "--graph", "urn:g",
                                 "--merge"])
    assert merged.exit_code == 1 and "[E123]" in merged.output and "http://127.0.0.1:9/moved" in merged.output
    assert not any(line.startswith("GET /moved") for line, _ in server.requests)


def test_regression_push_timeout_bounded_each_read_not_the_request(raw_server, seed_graph_file):
    """A server that sends its answer one byte at a time: --timeout 3 stops the push, not 20 s later."""
    def trickle(conn, request_line, body):
        for byte in b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n":
            conn.sendall(bytes([byte]))
            time.sleep(0.4)

    server = raw_server(trickle)
    started = time.monotonic()
    result = runner.invoke(app, ["push", str(seed_graph_file), "--endpoint", server.url, "--graph", "urn:g",
                                 "--timeout", "3"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert "[E124]" in result.output and "3s" in result.output and "pushed" not in result.output
    assert elapsed < 12, elapsed  # the upload and the clean-up request, each cut at 3 s


def test_regression_terminal_escapes_of_the_server_were_printed_raw(raw_server, seed_graph_file):
    """ESC and BEL from the server are shown escaped, and the reason, after 600 characters of page
    boilerplate, is still in the [E111] message."""
    page = ("<!DOCTYPE html><html><head><title>Request failed</title><style>" + "p { color: red } " * 40 +
            "</style></head><body><h1>HTTP/1.1 500 Request Failed</h1>"
            "<p>\x1b]0;owned\x07\x1b[2J SP029: the IRI on line 561 is too long</p></body></html>")

    def failing(conn, request_line, body):
        conn.sendall(b"HTTP/1.1 500 Request \x1b[31mFailed\r\nContent-Type: text/html\r\n"
                     b"Content-Length: " + str(len(page.encode())).encode() + b"\r\nConnection: close\r\n\r\n" +
                     page.encode())

    server = raw_server(failing)
    result = runner.invoke(app, ["push", str(seed_graph_file), "--endpoint", server.url, "--graph", "urn:g"])
    assert result.exit_code == 1 and "[E111]" in result.output and "HTTP 500" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "SP029: the IRI on line 561 is too long" in result.output
    assert "<style>" not in result.output and "color: red" not in result.output


def test_a_failed_final_step_says_what_the_target_graph_holds(raw_server, seed_graph_file):
    """The store takes the temporary graph but refuses the target: the message says so, with what
    the target now holds (read back with GET)."""
    def picky(conn, request_line, body):
        method, target = request_line.split()[:2]
        if method == "PUT" and "kg-push" in target:
            reply(conn, "201 Created")
        elif method == "PUT":
            reply(conn, "507 Insufficient Storage", b"no room for the graph")
        elif method == "GET":
            reply(conn, "200 OK", b"<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> <urn:d> .\n",
                  "Content-Type: application/n-triples\r\n")
        else:
            reply(conn, "204 No Content")

    server = raw_server(picky)
    result = runner.invoke(app, ["push", str(seed_graph_file), "--endpoint", server.url, "--graph", "urn:g"])
    assert result.exit_code == 1 and "[E111]" in result.output and "no room for the graph" in result.output
    assert "temporary graph" in result.output and "<urn:g> now holds 2 triples" in result.output
    methods = [line.split()[0] for line, _ in server.requests]
    assert methods[:2] == ["PUT", "DELETE"] and "kg-push" in server.requests[0][0]
