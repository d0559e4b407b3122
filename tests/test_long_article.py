"""A 5 MB article, five times spaCy's max_length, is parsed paragraph by paragraph and does not fail.

The full English pipeline needs minutes for 5 MB (bench/five_mb_article.py measures it), so CI
reads the 5 MB article with a real but fast spaCy pipeline (tokenizer and rule-based sentencizer)
and checks the full pipeline's offsets on a smaller article with max_length lowered to match.
"""

from __future__ import annotations

import re

import pytest
import spacy
from rdflib import Literal

from kg.pipeline.build import build
from kg.ingest import iter_articles
from kg.nlp import MAX_CHUNK, split_paragraphs
from kg.ontology import KG
from longtext import long_article


@pytest.fixture(scope="module")
def five_mb(tmp_path_factory):
    text, sentences = long_article(5_000_000)
    path = tmp_path_factory.mktemp("long") / "five-mb.txt"
    path.write_text(text, encoding="utf-8")
    return path, text, sentences


def test_chunks_fit_spacy_and_map_back_to_the_article(five_mb, nlp):
    path, text, _ = five_mb
    assert len(text) > 5 * nlp.max_length
    parts = split_paragraphs(text)
    assert max(len(p) for _, p in parts) <= MAX_CHUNK < nlp.max_length
    assert any(len(p) > MAX_CHUNK * 0.9 for _, p in parts), "some paragraph must have been cut"
    for offset, part in parts:
        assert text[offset:offset + len(part)].replace("\n", " ") == part
    # Nothing lost or read twice: the chunks hold every word of the article, in order.
    assert " ".join(p for _, p in parts).split() == text.split()
    # Cuts fall at sentence ends.
    assert all(p.endswith(".") for _, p in parts)


def test_five_mb_article_builds_with_a_real_spacy_pipeline(five_mb):
    path, text, sentences = five_mb
    fast = spacy.blank("en")
    fast.add_pipe("sentencizer")
    [article] = list(iter_articles([str(path)]))
    assert len(article.text) == len(text)
    result = build([str(path)], nlp=fast)
    assert result.problems == []
    assert result.summary.articles == 1
    assert result.summary.sentences == sentences


def test_full_pipeline_over_max_length_keeps_exact_offsets(nlp, monkeypatch, tmp_path):
    """The same mechanism with the real pipeline: max_length lowered to 5,000 (below MAX_CHUNK) and an article of
    100,000 characters with a 40,000-character paragraph; every statement's offsets point at its
    sentence in the article, also far past the first chunk."""
    text, _ = long_article(100_000, seed=3)
    text = text + "\n\n" + " ".join(["Elon Musk has threatened to sue Microsoft."] * 1000)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    monkeypatch.setattr(nlp, "max_length", 5_000)
    result = build([str(tmp_path / "a.txt")], nlp=nlp)
    assert result.problems == [] and result.summary.articles == 1
    g = result.graph
    checked = 0
    for node in g.subjects(KG.sentence, None):
        sentence = str(g.value(node, KG.sentence))
        begin, end = int(g.value(node, KG.beginIndex)), int(g.value(node, KG.endIndex))
        assert re.sub(r"\s+", " ", text[begin:end]).strip() == sentence
        checked += begin > 60_000
    assert checked > 0
    assert (None, KG.sentence, Literal("Elon Musk has threatened to sue Microsoft.")) in g
