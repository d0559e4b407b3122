"""``kg validate``: check a graph or store against kg's SHACL shapes."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import KGError
from ._util import EXIT_OK, app, err, fail

EXIT_INVALID = 1


@app.command("validate")
def validate_cli(
    graph: Path = typer.Argument(..., help="A graph file (.ttl, .nt, .nq, .trig, .jsonld) or a store folder."),
) -> None:
    """Validate GRAPH against ontology/shapes.ttl (SHACL). Prints each violation; exits 1 if there are any."""
    from ..read import load_graph
    from ..read.validate import validate_graph
    try:
        data = load_graph(graph)
        report = validate_graph(data)
    except KGError as exc:
        raise fail(str(exc))
    for violation in report.violations:
        typer.echo(violation.format())
    if report.conforms:
        err.print(f"{graph}: conforms to the kg shapes ({len(data)} triples).", markup=False)
        raise typer.Exit(EXIT_OK)
    err.print(f"{graph}: {len(report.violations)} SHACL violations.", markup=False)
    raise typer.Exit(EXIT_INVALID)
