"""``kg stats``: what is in a graph, who is central, how it falls apart, what is cited most."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import typer

if TYPE_CHECKING:
    from rich.table import Table
from ._util import EXIT_OK, app, network_of, out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _table(title: str, columns: list[str], rows: Iterable[Iterable[Any]], *, caption: str | None = None,
           long: str | None = None) -> "Table":
    """A rich table. The ``long`` column (a sentence) gets what the other columns leave of the
    terminal's width and is cut with an ellipsis, so that the table never wraps into a tower."""
    from rich.table import Table
    cells = [[_cell(v) for v in row] for row in rows]
    table = Table(title=title, title_justify="left", title_style="bold", caption=caption, caption_justify="left")
    widths = [max([len(name)] + [len(r[i]) for r in cells]) for i, name in enumerate(columns)]
    for i, name in enumerate(columns):
        if name == long:
            room = out.width - sum(w + 3 for j, w in enumerate(widths) if j != i) - 4
            table.add_column(name, no_wrap=True, overflow="ellipsis", max_width=max(20, room))
        else:
            table.add_column(name, no_wrap=long is not None, overflow="fold")
    for row in cells:
        table.add_row(*row)
    return table


def _more(shown: int, total: int, what: str) -> str | None:
    return f"... and {total - shown:,} more {what} (--top, or --json for all)" if total > shown else None


def print_stats(stats: dict[str, Any], top: int) -> None:
    c = stats["counts"]
    out.print(f"{c['entities']:,} entities ({c['linked_entities']:,} in at least one relation), "
              f"{c['relations']:,} relations from {c['statements']:,} statements in {c['articles']:,} articles",
              markup=False)
    kinds = ", ".join(f"{n:,} {k}" for k, n in stats["kinds"].items())
    out.print(f"statements: {kinds}", markup=False)
    copies = stats["copies"]
    if copies["copies"]:
        out.print(f"syndicated copies: {copies['copies']:,} of {copies['originals']:,} articles "
                  f"({copies['exact']:,} with the same text, {copies['near']:,} near copies); "
                  "their statements are their originals'", markup=False)
    out.print(_table("Entities by type", ["type", "entities"], ((r["type"], r["entities"]) for r in stats["types"])))
    predicates = stats["predicates"]
    out.print(_table("Statements by predicate", ["predicate", "label", "statements", "asserted"],
                     ((r["predicate"], r["label"], r["statements"], r["asserted"]) for r in predicates[:top]),
                     caption=_more(min(top, len(predicates)), len(predicates), "predicates")))
    out.print(_table("Top entities by PageRank", ["entity", "type", "PageRank"],
                     ((r["label"], r["type"], f"{r['pagerank']:.4f}") for r in stats["top_pagerank"])))
    out.print(_table("Top entities by degree", ["entity", "type", "related entities", "statements"],
                     ((r["label"], r["type"], r["degree"], r["statements"]) for r in stats["top_degree"])))
    comp = stats["components"]
    out.print(_table(f"Connected components: {comp['count']:,} ({comp['isolated']:,} single entities)",
                     ["entities", "central members"],
                     ((r["entities"], ", ".join(r["members"])) for r in comp["largest"])))
    com = stats["communities"]
    modularity = "" if com["modularity"] is None else f", modularity {com['modularity']:.3f}"
    out.print(_table(f"Communities (Louvain): {com['count']:,}{modularity}", ["entities", "central members"],
                     ((r["entities"], ", ".join(r["members"])) for r in com["largest"])))
    if copies["copies"]:
        out.print(_table("Most-copied articles", ["article", "source", "copies", "copied by"],
                         ((r["title"] or r["article"].rsplit("/", 1)[-1], r["source"], r["copies"],
                           ", ".join(c["source"] or c["article"].rsplit("/", 1)[-1] for c in r["copied_by"]))
                          for r in copies["most_copied"]), long="copied by",
                         caption=_more(len(copies["most_copied"]), copies["originals"], "copied articles")))
    out.print(_table("Most-cited relations", ["subject", "relation", "object", "statements", "articles", "sentence"],
                     ((r["subject"], ("not " if r["negated"] else "") + r["label"], r["object"], r["statements"],
                       r["articles"], r["sentence"]) for r in stats["most_cited"]), long="sentence"))


@app.command("stats")
def stats_cli(
    graph: Path = typer.Argument(..., help="A graph written by kg build (graph.ttl)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    top: int = typer.Option(10, "--top", min=1, help="Rows in each ranking."),
) -> None:
    """Counts by type and predicate, top entities by PageRank and degree, components, communities and
    the most-cited relations of GRAPH."""
    from ..analytics import graph_stats
    g = network_of(graph)
    stats = graph_stats(g, top=top)
    if as_json:
        typer.echo(json.dumps(stats, indent=2, ensure_ascii=False))
    else:
        print_stats(stats, top)
    raise typer.Exit(EXIT_OK)
