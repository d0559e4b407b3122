"""The build's progress bar: articles/s, words/s and time left, on stderr, only on a terminal."""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Iterable

from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

from ..ingest import SUFFIXES
from ._util import err

__all__ = ["BuildProgress", "count_articles"]


def count_articles(inputs: Iterable[str]) -> int | None:
    """How many articles the inputs hold, counted cheaply (lines, not JSON); None for stdin."""
    total = 0
    for raw in inputs:
        if raw == "-" or raw.lower().startswith(("http://", "https://")):
            return None
        path = Path(raw)
        files = [path] if path.is_file() else [Path(r) / n for r, _, names in os.walk(path, followlinks=False)
                                               for n in names if n.endswith(SUFFIXES)]
        for file in files:
            try:
                if file.name.endswith(".jsonl.gz"):
                    with gzip.open(file, "rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                elif file.name.endswith(".jsonl"):
                    with open(file, "rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                elif file.name.lower().endswith((".csv", ".tsv", ".parquet", ".xml", ".rss", ".atom")):
                    return None  # rows and items are not cheap to count: no total
                else:
                    total += 1
            except (OSError, EOFError):
                continue  # the build itself reports unreadable files
    return total


class _Rate(ProgressColumn):
    def __init__(self, field: str, unit: str) -> None:
        super().__init__()
        self.field, self.unit = field, unit

    def render(self, task) -> Text:
        elapsed = task.elapsed or 0.0
        value = task.fields.get(self.field, task.completed) if self.field else task.completed
        rate = value / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.0f} {self.unit}/s", style="progress.data.speed")


class BuildProgress:
    """A rich progress bar fed by :func:`kg.pipeline.build`'s ``progress`` callback."""

    def __init__(self, total: int | None) -> None:
        self.progress = Progress(
            TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
            _Rate("", "articles"), _Rate("words", "words"), TimeRemainingColumn(),
            console=err, transient=True)
        self.task = self.progress.add_task("build", total=total, words=0)

    def __enter__(self) -> "BuildProgress":
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def set_total(self, total: int) -> None:
        """The number of articles, once a cluster's workers have counted them."""
        self.progress.update(self.task, total=total)

    def __call__(self, result, words: int) -> None:
        """One article read (or, from a cluster, one part of ``result.articles`` articles)."""
        task = self.progress.tasks[0]
        self.progress.update(self.task, advance=getattr(result, "articles", 1),
                             words=task.fields.get("words", 0) + words)
