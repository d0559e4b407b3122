"""A loopback HTTP server for the tests: serves tests/data/web and the cases a fetcher must survive.

It listens on 127.0.0.1, port 0 (a free port), and never sends anything elsewhere. Every
request is counted by path, with its User-Agent; ``full`` counts the answers that carried a
body (not 304). Paths:

* a file of ``tests/data/web`` (``{base}`` replaced by the server's address), with an ``ETag``
  and ``Last-Modified``, answering ``If-None-Match`` with 304;
* ``/redirect`` (302 to ``/harbour.html``), ``/redirect-loop`` (to itself), ``/redirect-file``
  (to ``file:///etc/passwd``), ``/redirect-private`` (to 127.0.0.2, a loopback address no
  input named);
* ``/slow`` (waits ``slow_seconds`` before answering), ``/dribble`` (a byte every 0.25 s);
* ``/big.html`` (``big_bytes`` with a Content-Length), ``/big-stream.html`` (the same without
  one), ``/gzip.html`` (a gzip-compressed page), ``/bomb.html`` (20 MB of gzip-compressed
  spaces), ``/photo.png`` (an image), ``/plain.txt`` (a text article), anything else 404.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB = Path(__file__).resolve().parent / "data" / "web"
TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml", ".html": "text/html; charset=utf-8",
         ".csv": "text/csv; charset=utf-8", ".xml": "application/xml"}
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 64
PLAIN = ("Gull Island ferry resumes. The ferry between Port Elwood and Gull Island resumed service on Monday "
         "after repairs, the operator Island Lines said.")


class LoopbackServer:
    def __init__(self, slow_seconds: float = 3.0, big_bytes: int = 2 * 1024 * 1024) -> None:
        self.hits: Counter = Counter()
        self.full: Counter = Counter()
        self.agents: list[str] = []
        self.slow_seconds, self.big_bytes = slow_seconds, big_bytes
        self.changed: dict[str, bytes] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                server.hits[path] += 1
                server.agents.append(self.headers.get("User-Agent", ""))
                server.route(self, path)

        class Quiet(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # a client that hung up on /slow or /dribble, as the tests intend

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "LoopbackServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def body(self, name: str) -> bytes:
        if name in self.changed:
            return self.changed[name]
        return (WEB / name).read_bytes().replace(b"{base}", self.base.encode())

    # -- answers ---------------------------------------------------------------------------

    def send(self, h: BaseHTTPRequestHandler, status: int, body: bytes = b"", ctype: str = "text/plain",
             headers: dict | None = None, length: bool = True) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        for key, value in (headers or {}).items():
            h.send_header(key, value)
        if length:
            h.send_header("Content-Length", str(len(body)))
        else:
            h.send_header("Connection", "close")
            h.close_connection = True
        h.end_headers()
        if status != 304 and body:
            self.full[h.path.split("?", 1)[0]] += 1
            try:
                h.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    def route(self, h: BaseHTTPRequestHandler, path: str) -> None:
        name = path.lstrip("/")
        if name and "/" not in name and (WEB / name).is_file() or name in self.changed:
            body = self.body(name)
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if h.headers.get("If-None-Match") == etag:
                self.send(h, 304, headers={"ETag": etag})
                return
            self.send(h, 200, body, TYPES.get(Path(name).suffix, "application/octet-stream"),
                      {"ETag": etag, "Last-Modified": "Tue, 12 Mar 2024 08:00:00 GMT"})
        elif path == "/redirect":
            self.send(h, 302, headers={"Location": "/harbour.html"})
        elif path == "/redirect-loop":
            self.send(h, 302, headers={"Location": "/redirect-loop"})
        elif path == "/redirect-file":
            self.send(h, 302, headers={"Location": "file:///etc/passwd"})
        elif path == "/redirect-private":
            port = self.httpd.server_address[1]
            self.send(h, 302, headers={"Location": f"http://127.0.0.2:{port}/harbour.html"})
        elif path == "/slow":
            time.sleep(self.slow_seconds)
            self.send(h, 200, b"<html><body><p>Too late.</p></body></html>", "text/html")
        elif path == "/dribble":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", "1000")
            h.end_headers()
            try:
                for _ in range(int(self.slow_seconds / 0.25)):
                    h.wfile.write(b" ")
                    h.wfile.flush()
                    time.sleep(0.25)
            except (BrokenPipeError, ConnectionResetError):
                pass
            h.close_connection = True
        elif path in ("/big.html", "/big-stream.html"):
            body = b"<html><body>" + b"<p>Port Elwood news.</p>" * (self.big_bytes // 24) + b"</body></html>"
            self.send(h, 200, body, "text/html", length=path == "/big.html")
        elif path == "/gzip.html":
            self.send(h, 200, gzip.compress(self.body("bridge.html")), "text/html; charset=utf-8",
                      {"Content-Encoding": "gzip"})
        elif path == "/bomb.html":  # 20 MB of spaces, about 20 KB on the wire
            self.send(h, 200, gzip.compress(b"<html><body>" + b" " * (20 * 1024 * 1024)), "text/html",
                      {"Content-Encoding": "gzip"})
        elif path == "/photo.png":
            self.send(h, 200, PNG, "image/png")
        elif path == "/plain.txt":
            self.send(h, 200, PLAIN.encode(), "text/plain; charset=utf-8")
        else:
            self.send(h, 404, b"not found", "text/plain")
