"""``kg serve``: a read-only SPARQL 1.1 endpoint over a graph file or a store."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import List, Optional

import typer

from ..defaults import (DEFAULT_HOST, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_RESULTS, DEFAULT_PORT,
                        DEFAULT_TIMEOUT, DEFAULT_WORKERS)
from ..errors import KGError, Warnings
from ._util import EXIT_OK, app, err, fail


@app.command("serve")
def serve_cli(
    graph: Path = typer.Argument(..., help="A graph file (.ttl, .nt, .nq, .trig, .jsonld) or a store folder."),
    host: str = typer.Option(DEFAULT_HOST, "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(DEFAULT_PORT, "--port", help="TCP port; 0 picks a free one."),
    timeout: float = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=0.1,
                                  help="Seconds a query may run before it is stopped (HTTP 503)."),
    max_results: int = typer.Option(DEFAULT_MAX_RESULTS, "--max-results", min=1,
                                    help="Most rows (or triples) in one answer; longer answers are cut "
                                         "and marked with the header X-KG-Truncated: true."),
    workers: int = typer.Option(DEFAULT_WORKERS, "--workers", min=1, help="Query worker processes."),
    max_memory: Optional[str] = typer.Option(None, "--max-memory",
                                             help="Memory one query worker may use (e.g. 512M, 2G); past it the "
                                                  "query is stopped (HTTP 503). Default: a quarter of this "
                                                  "machine's memory, shared by the workers."),
    max_connections: int = typer.Option(DEFAULT_MAX_CONNECTIONS, "--max-connections", min=4,
                                        help="Open connections at most; at the limit the one quiet longest is "
                                             "closed for a new one."),
    idle_timeout: float = typer.Option(DEFAULT_IDLE_TIMEOUT, "--idle-timeout", min=1,
                                       help="Seconds a connection may stay idle before it is closed."),
    allow_service: bool = typer.Option(False, "--allow-service",
                                       help="Let queries use SERVICE (federated queries), which makes this "
                                            "endpoint send requests to other servers. Off by default (HTTP 400)."),
    allow_host: Optional[List[str]] = typer.Option(None, "--allow-host",
                                                   help="Also answer requests addressed to this host name (by "
                                                        "default only this address and localhost; repeatable)."),
) -> None:
    """Serve GRAPH at http://HOST:PORT/sparql (SPARQL 1.1 Protocol, read-only) with a query page at /."""
    from ..server import Endpoint, is_loopback
    from ..server.guard import format_size, parse_size
    if not is_loopback(host):
        err.print(f"warning: {Warnings.W100.format(host=host)}", markup=False)
    if allow_service:
        err.print(f"warning: {Warnings.W103}", markup=False)
    try:
        memory = parse_size(max_memory) if max_memory is not None else None
    except ValueError as exc:
        raise fail(str(exc))
    try:
        endpoint = Endpoint(graph, host=host, port=port, timeout=timeout, max_results=max_results,
                            workers=workers, max_memory=memory, max_connections=max_connections,
                            idle_timeout=idle_timeout, allow_service=allow_service,
                            allow_hosts=allow_host or ()).start()
    except KGError as exc:
        raise fail(str(exc))
    def stop(signum, frame):  # SIGTERM stops the server as Ctrl-C does: workers and temp files go
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        # The first line on stdout is the endpoint's URL (tests and scripts read it with --port 0).
        typer.echo(f"{endpoint.url}sparql", nl=True)
        err.print(f"kg SPARQL endpoint for {graph}: {endpoint.url}sparql (query page: {endpoint.url}); "
                  f"timeout {timeout:g}s, at most {max_results} results, "
                  f"{format_size(endpoint.max_memory)} per worker. Ctrl-C stops it.", markup=False)
        endpoint.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.close()
    raise typer.Exit(EXIT_OK)
