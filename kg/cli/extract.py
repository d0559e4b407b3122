"""``kg extract``: the raw extractions, one per line (tsv is the CaRB scorer's input)."""

from __future__ import annotations

import json
from typing import List, Optional

import typer

from ..errors import KGError
from ..model import ArticleMeta, Extraction
from ._util import EXIT_OK, EXIT_SKIPPED, NON_ENGLISH_HELP, NonEnglish, app, check_inputs, fail, report_problem

FORMATS = ("tsv", "jsonl")


def _clean(text: str) -> str:
    return " ".join(text.split())


def tsv_line(extraction: Extraction) -> str | None:
    """sentence, confidence, relation, arg1, arg2 [, arg3 ...]: CaRB's tabbed format.

    With no object noun before it, the first prepositional argument's preposition joins the
    relation ("taught at" + "the University"), as Open IE systems write it.
    """
    relation = extraction.relation
    slots = [a for a in extraction.args if not a.graph_only]
    if extraction.args and not slots:
        return None  # a graph edge only, not an Open IE tuple
    args = [a.text for a in slots]
    first = slots[0] if slots else None
    if first is not None and first.role in ("prep", "agent") and first.prep and args[0].lower().startswith(first.prep):
        relation = f"{relation} {args[0][:len(first.prep)]}"
        args[0] = args[0][len(first.prep):].strip()
    fields = [extraction.sentence, f"{extraction.confidence:.3f}", relation, extraction.arg1, *args]
    return "\t".join(_clean(f) for f in fields)


def json_record(article: ArticleMeta, extraction: Extraction, entities: dict[str, str]) -> dict:
    return {
        "article": article.id,
        "sentence": extraction.sentence,
        "sentence_index": extraction.sentence_index,
        "confidence": extraction.confidence,
        "relation": extraction.relation,
        "arg1": extraction.arg1,
        "args": [a.text for a in extraction.args],
        "predicates": [a.predicate for a in extraction.args],
        "subject_entity": entities.get(extraction.subject_entity or ""),
        "object_entities": [entities.get(a.entity or "") for a in extraction.args],
        "rule": extraction.rule,
        "negated": extraction.negated,
        "modality": extraction.modality,
        "reported": extraction.reported,
    }


@app.command("extract")
def extract_cli(
    inputs: List[str] = typer.Argument(..., help="Text or HTML files, folders (*.txt, *.html, *.jsonl, *.jsonl.gz) or - for stdin."),
    fmt: str = typer.Option("tsv", "--format", help="tsv (CaRB's input) or jsonl."),
    lines: bool = typer.Option(False, "--lines", help="Every input line is its own document."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline name or path."),
    non_english: NonEnglish = typer.Option(NonEnglish.skip, "--non-english", help=NON_ENGLISH_HELP),
) -> None:
    """Print every extraction: sentence, confidence, relation as written, arguments, predicates."""
    if fmt not in FORMATS:
        raise fail(f"Unknown format '{fmt}'. Choose one of: {', '.join(FORMATS)}.")
    check_inputs(inputs)
    from ..pipeline import extract
    problems = []

    def on_problem(problem):
        problems.append(problem)
        report_problem(problem)

    try:
        for article, extraction, entities in _with_entities(extract(inputs, model=model, lines=lines,
                                                                    on_problem=on_problem,
                                                                    non_english=non_english.value)):
            if fmt == "tsv":
                line = tsv_line(extraction)
                if line is not None:
                    typer.echo(line)
            else:
                typer.echo(json.dumps(json_record(article, extraction, entities), ensure_ascii=False))
    except KGError as exc:
        raise fail(str(exc))
    raise typer.Exit(EXIT_SKIPPED if any(p.skipped for p in problems) else EXIT_OK)


def _with_entities(stream):
    from ..rdf.iri import slug
    for article, extraction, result in stream:
        entities = {e.id: f"{e.type.lower()}/{slug(e.label)}" for e in result.entities}
        yield article, extraction, entities
