"""spaCy's attribute ruler and lemmatizer, sped up by kg (:mod:`kg.nlp.rule_components`), give
the annotations spaCy's own give: every match, part of speech, morphology and lemma."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
import srsly
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, TAG
from spacy.pipeline import AttributeRuler, Lemmatizer

import kg.nlp.rule_components as rule_components
from kg.nlp import default_model, load_pipeline
from kg.nlp.rule_components import (IndexedList, IndexedMatches, RememberedLemmas, restore_rule_components,
                                    speed_up_rule_components)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
_ANNOTATIONS = [ORTH, TAG, DEP, HEAD, POS, MORPH, LEMMA]

# Each line exercises patterns of one kind: the tag map, words with a tag, dependencies, spaces,
# patterns of two tokens and regular expressions (en_core_web_sm's attribute ruler).
TEXTS = [
    "Elon Musk has threatened to sue Microsoft over the use of Twitter data.",
    "There is a problem, and there were two more; it's what they're saying.",
    "We're gonna win, they gotta try, let's go, c'mon, y'all ain't seen nothin' yet.",
    "Shares rose 5.3% to $12.50 on Monday -- the best day since 2004 (Reuters).",
    "Hello  world.\n\nA second  paragraph\twith   odd spacing .",
    "I ai n't going, you are n't either, and he does n't care who 's right.",
    "The U.S.-based co-founder of X Corp., Mr. Smith, said: \"No comment.\"",
    "Running, ran, runs; better, best, good; mice, geese, children; was, were, been.",
]


@pytest.fixture(scope="module")
def stock():
    """kg's pipeline (its tokenizer, its components) with spaCy's own attribute ruler and
    lemmatizer, as they come."""
    nlp = load_pipeline()
    restore_rule_components(nlp)
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    assert not isinstance(ruler.match, IndexedMatches) and not isinstance(lemmatizer.lemmatize, RememberedLemmas)
    assert type(lemmatizer.lookups.get_table("lemma_index")["noun"]) is list
    return nlp


def _annotations(nlp, texts):
    return [doc.to_array(_ANNOTATIONS).tolist() for doc in nlp.pipe(texts)]


@pytest.mark.parametrize("text", TEXTS)
def test_the_index_finds_the_matches_spacy_finds(nlp, text):
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, IndexedMatches)
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        doc = nlp(text)
    assert ruler.match(doc) == AttributeRuler.match(ruler, doc)
    assert ruler.match(doc)  # the tag map matches every token


@pytest.mark.parametrize("text", TEXTS)
def test_each_construction_is_annotated_as_by_spacy(nlp, stock, text):
    assert _annotations(nlp, [text]) == _annotations(stock, [text])


def test_the_seed_articles_are_annotated_as_by_spacy(nlp, stock):
    paragraphs = [p for path in sorted(EXAMPLES.glob("*.txt")) for p in path.read_text().split("\n\n") if p.strip()]
    assert len(paragraphs) > 20
    assert _annotations(nlp, paragraphs) == _annotations(stock, paragraphs)


def test_a_full_memo_starts_afresh_and_answers_the_same(nlp, stock, monkeypatch):
    monkeypatch.setattr(rule_components, "MEMO_SIZE", 3)
    nlp.get_pipe("attribute_ruler").match._memo.clear()
    nlp.get_pipe("lemmatizer").lemmatize._memo.clear()
    assert _annotations(nlp, TEXTS) == _annotations(stock, TEXTS)
    assert len(nlp.get_pipe("attribute_ruler").match._memo) <= 3
    assert len(nlp.get_pipe("lemmatizer").lemmatize._memo) <= 3


def test_a_pattern_added_after_loading_is_matched():
    nlp = spacy.load(default_model())
    speed_up_rule_components(nlp)
    ruler = nlp.get_pipe("attribute_ruler")
    assert nlp("Zorblax won.")[0].pos_ != "INTJ"
    ruler.add([[{"LOWER": "zorblax"}]], {"POS": "INTJ"})
    assert nlp("Zorblax won.")[0].pos_ == "INTJ"


def test_two_patterns_of_one_rule_that_match_a_token_match_it_once():
    """As spaCy's Matcher does: one (match id, start, end), whichever of the rule's patterns found it."""
    nlp = spacy.load(default_model())
    speed_up_rule_components(nlp)
    ruler = nlp.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "zorblax"}], [{"TAG": "NNP", "LOWER": "zorblax"}], [{"LOWER": {"REGEX": "^zorb"}}]],
              {"POS": "INTJ"})
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        doc = nlp("Zorblax won.")
    assert doc[0].tag_ == "NNP"
    found = ruler.match(doc)
    assert found == AttributeRuler.match(ruler, doc)
    added = len(ruler.attrs) - 1
    assert [(number, start, end) for number, _, start, end in found if number == added] == [(added, 0, 1)]


def test_the_lemmatizer_still_serializes_and_reads_back():
    nlp = spacy.load(default_model())
    speed_up_rule_components(nlp)
    lemmatizer = nlp.get_pipe("lemmatizer")
    nouns = lemmatizer.lookups.get_table("lemma_index")["noun"]
    assert isinstance(nouns, IndexedList) and "company" in nouns
    data = lemmatizer.to_bytes()
    assert srsly.msgpack_loads(data)  # a plain list to spaCy's serializer
    again = spacy.load(default_model()).get_pipe("lemmatizer").from_bytes(data)
    assert list(again.lookups.get_table("lemma_index")["noun"]) == list(nouns)


def test_a_lemmatizer_with_other_rules_is_left_alone():
    class ReadsTheTag(Lemmatizer):
        def rule_lemmatize(self, token):
            return [token.tag_.lower()]

    nlp = spacy.blank("en")
    lemmatizer = ReadsTheTag(nlp.vocab, None, mode="rule")
    assert not rule_components._rules_read_only_the_key(lemmatizer)
    assert not rule_components._rules_read_only_the_key(Lemmatizer(nlp.vocab, None, mode="lookup"))
    english = spacy.load(default_model()).get_pipe("lemmatizer")
    assert rule_components._rules_read_only_the_key(english)


def test_remembered_lemmas_are_spacys(nlp):
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer.lemmatize, RememberedLemmas)
    for token in nlp("The companies said they were buying better mice."):
        assert lemmatizer.lemmatize(token) == lemmatizer.rule_lemmatize(token)
