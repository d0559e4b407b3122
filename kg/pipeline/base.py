"""What every build shares, in a module light to import (no spaCy, no rdflib): the inputs
(:func:`as_inputs`) and what a build read and wrote (:class:`BuildSummary`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable, Union

from ..ingest import InputItem, check_inputs, is_dataframe
from ..model import Article

__all__ = ["BuildSummary", "Inputs", "as_inputs"]

Inputs = Union[InputItem, Iterable[InputItem]]
"""A path, '-', a text or an :class:`~kg.model.Article`, or an iterable of them."""


def as_inputs(inputs: Inputs) -> Iterable[InputItem]:
    """One input or many, as an iterable; a list or tuple is checked at once (:func:`check_inputs`)."""
    if isinstance(inputs, (str, os.PathLike, Article)) or is_dataframe(inputs):
        inputs = [inputs]
    if isinstance(inputs, (list, tuple)):
        check_inputs(inputs)
    return inputs


@dataclass
class BuildSummary:
    """What a build read and wrote."""

    articles: int = 0
    sentences: int = 0
    entities: int = 0
    """Corpus-wide entities, after merging."""
    triples: int = 0
    """Relations asserted as plain triples."""
    statements: int = 0
    """Statement nodes: every piece of evidence, asserted or not."""
    rdf_triples: int = 0
    """RDF triples in the graph (quads in a store; for a build on a cluster, the quads of its shards,
    where a plain triple that articles of two shards assert counts twice)."""
    problems: int = 0
    skipped: int = 0
    resumed: int = 0
    """Articles an interrupted earlier run of the same build had already read."""
    copies: int = 0
    """Articles found to be syndicated copies of another (counted in ``articles``; not read again)."""
    shards: int = 0
    """N-Quads shards written (a build on a cluster)."""
    seconds: float = 0.0
