"""``kg serve``: a read-only SPARQL 1.1 endpoint over a graph file or a store."""

from __future__ import annotations

import signal
from pathlib import Path

import typer

from ..defaults import DEFAULT_HOST, DEFAULT_MAX_RESULTS, DEFAULT_PORT, DEFAULT_TIMEOUT, DEFAULT_WORKERS
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
) -> None:
    """Serve GRAPH at http://HOST:PORT/sparql (SPARQL 1.1 Protocol, read-only) with a query page at /."""
    from ..server import Endpoint, is_loopback
    if not is_loopback(host):
        err.print(f"warning: {Warnings.W100.format(host=host)}", markup=False)
    try:
        endpoint = Endpoint(graph, host=host, port=port, timeout=timeout, max_results=max_results,
                            workers=workers).start()
    except KGError as exc:
        raise fail(str(exc))
    def stop(signum, frame):  # SIGTERM stops the server as Ctrl-C does: workers and temp files go
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        # The first line on stdout is the endpoint's URL (tests and scripts read it with --port 0).
        typer.echo(f"{endpoint.url}sparql", nl=True)
        err.print(f"kg SPARQL endpoint for {graph}: {endpoint.url}sparql (query page: {endpoint.url}); "
                  f"timeout {timeout:g}s, at most {max_results} results. Ctrl-C stops it.", markup=False)
        endpoint.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.close()
    raise typer.Exit(EXIT_OK)
