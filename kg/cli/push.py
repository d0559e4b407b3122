"""``kg push``: upload a graph or store into a triple store (SPARQL 1.1 Graph Store Protocol)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..defaults import AUTH_SCHEMES, DEFAULT_PUSH_TIMEOUT
from ..errors import Errors, KGError, Warnings
from ._util import EXIT_OK, EXIT_USAGE, app, err, fail

EXIT_FAILED = 1
_USAGE_CODES = ("[E001]", "[E100]", "[E101]", "[E102]", "[E107]", "[E112]", "[E113]", "[E125]", "[E126]")


@app.command("push")
def push_cli(
    graph: Path = typer.Argument(..., help="A graph file (.ttl, .nt, .nq, .trig, .jsonld) or a store folder."),
    endpoint: str = typer.Option(..., "--endpoint",
                                 help="The Graph Store Protocol URL, e.g. http://localhost:8890/sparql-graph-crud-auth "
                                      "(Virtuoso) or http://localhost:3030/ds/data (Fuseki)."),
    target: Optional[str] = typer.Option(None, "--graph", help="Named graph IRI to replace (default: {base}graph)."),
    user: Optional[str] = typer.Option(None, "--user", help="User name for HTTP authentication."),
    password: Optional[str] = typer.Option(None, "--password", envvar="KG_PUSH_PASSWORD", show_envvar=True,
                                           help="Password (better: the KG_PUSH_PASSWORD environment variable, "
                                                "or leave it out to be asked)."),
    merge: bool = typer.Option(False, "--merge", help="Add to the graph (POST) instead of replacing it (PUT)."),
    auth: str = typer.Option("digest", "--auth", help=f"HTTP authentication scheme: {', '.join(AUTH_SCHEMES)}."),
    timeout: float = typer.Option(DEFAULT_PUSH_TIMEOUT, "--timeout", min=1,
                                  help="Seconds each HTTP request may take in all: connecting, sending the data "
                                       "and the whole answer."),
) -> None:
    """Upload GRAPH into one named graph of a triple store, replacing it (or merging with --merge)."""
    if auth not in AUTH_SCHEMES:
        raise fail(Errors.E012.format(fmt=auth, choices=", ".join(AUTH_SCHEMES)))
    if user and password is None:
        if not typer.get_text_stream("stdin").isatty():
            raise fail(f"--user {user} needs a password: pass --password or set KG_PUSH_PASSWORD.")
        password = typer.prompt(f"Password for {user}", hide_input=True)
    if auth == "basic" and user and endpoint.lower().startswith("http://"):
        err.print(f"warning: {Warnings.W102.format(endpoint=endpoint)}", markup=False)
    from ..export.push import push
    try:
        result = push(graph, endpoint, graph=target, user=user, password=password, merge=merge, auth=auth,
                      timeout=timeout)
    except KGError as exc:
        message = str(exc)
        raise fail(message, EXIT_USAGE if message.startswith(_USAGE_CODES) else EXIT_FAILED)
    err.print(f"pushed {result.triples} triples to {result.endpoint}, graph <{result.graph}> "
              f"({'replaced' if result.replaced else 'merged'}; HTTP {result.status})", markup=False)
    raise typer.Exit(EXIT_OK)
