"""A build reads only the sentences that can give a relation (``EntityIndex.may_relate``)."""

from __future__ import annotations

import pytest

import kg.pipeline.article as article_module
from kg.ingest import parse_text_document
from kg.nlp import parse_articles
from kg.pipeline.article import read_article
from kg.resolve.document import iter_sentences, resolve_document

TEXT = ("It rained all morning. Elon Musk sued Microsoft on Monday. He was angry. "
        "France and Germany signed a pact in May. The two countries disagree about it.")


@pytest.fixture(scope="module")
def parsed(nlp):
    article = parse_text_document(TEXT, "<test>", "test")
    [(article, paragraphs)] = list(parse_articles(nlp, [article]))
    return article, paragraphs


def test_may_relate_needs_two_entities(parsed, ontology):
    _, paragraphs = parsed
    sentences = list(iter_sentences(paragraphs))
    index = resolve_document(paragraphs, ontology, sentences)
    answers = {ref.text: index.may_relate(ref.paragraph, ref.span.start, ref.span.end) for ref in sentences}
    assert answers == {
        "It rained all morning.": False,
        "Elon Musk sued Microsoft on Monday.": True,
        "He was angry.": False,  # one entity, Musk, through the pronoun
        "France and Germany signed a pact in May.": True,
        "The two countries disagree about it.": True,  # "the two countries" refers to both
    }


def test_build_skips_sentences_without_a_relation(parsed, ontology, monkeypatch):
    article, paragraphs = parsed
    read: list[str] = []
    real = article_module.sentence_candidates

    def spy(span, refers=None):
        read.append(span.text)
        return real(span, refers)

    monkeypatch.setattr(article_module, "sentence_candidates", spy)
    full = read_article(article, paragraphs, ontology, keep_extractions=True)
    assert len(read) == 5
    read.clear()
    lean = read_article(article, paragraphs, ontology, keep_extractions=False)
    assert read == ["Elon Musk sued Microsoft on Monday.", "France and Germany signed a pact in May.",
                    "The two countries disagree about it."]
    assert lean.triples == full.triples and lean.entities == full.entities and lean.triples
    assert lean.extractions == () and full.extractions


def test_build_reads_clauses_only_from_subjects_that_refer(parsed, ontology, nlp):
    from kg.extract import sentence_candidates
    _, paragraphs = parsed
    sentences = list(iter_sentences(paragraphs))
    index = resolve_document(paragraphs, ontology, sentences)
    rained = sentences[0]
    assert sentence_candidates(rained.span)  # "It rained": a clause, but "it" is no entity
    assert sentence_candidates(rained.span, index.refers(rained.paragraph)) == []
    sued = sentences[1]
    kept = sentence_candidates(sued.span, index.refers(sued.paragraph))
    assert kept and {c.subject_head.text for c in kept} == {"Musk"}


def test_build_reads_clauses_only_with_an_argument_that_may_be_an_entity(nlp, ontology):
    """"Musk said the deal was bad": Musk is an entity, but the clause's only argument is a
    clause, which is never an entity; a build skips it before making its phrases."""
    from kg.extract import sentence_candidates
    from kg.extract.verbs import verb_clauses
    article = parse_text_document("Elon Musk said the deal with Microsoft was bad.", "<test>", "test")
    [(_, paragraphs)] = list(parse_articles(nlp, [article]))
    [ref] = list(iter_sentences(paragraphs))
    refers = resolve_document(paragraphs, ontology, [ref]).refers(ref.paragraph)
    every = {(c.rule, c.subject_head.text) for c in verb_clauses(ref.span)}
    assert ("sv-ccomp", "Musk") in every
    kept = {(c.rule, c.subject_head.text) for c in verb_clauses(ref.span, refers)}
    assert ("sv-ccomp", "Musk") not in kept
    assert {c.rule for c in sentence_candidates(ref.span, refers)} <= {c.rule for c in sentence_candidates(ref.span)}


def test_build_reads_light_verbs_only_from_subjects_that_refer(nlp, ontology):
    """"They took legal action against Microsoft": no subject refers to an entity, so a build
    does not fold the object noun into the relation (nor make the clause's verb group); with
    Musk as the subject it does, as without ``refers``."""
    from kg.extract.verbs import light_verb_clauses
    text = "They took legal action against Microsoft. Elon Musk took legal action against Microsoft."
    article = parse_text_document(text, "<test>", "test")
    [(_, paragraphs)] = list(parse_articles(nlp, [article]))
    sentences = list(iter_sentences(paragraphs))
    index = resolve_document(paragraphs, ontology, sentences)
    for ref, subject in zip(sentences, ("They", "Musk")):
        every = [(c.subject_head.text, c.relation_text or " ".join(t.text for t in c.relation))
                 for c in light_verb_clauses(ref.span)]
        assert every == [(subject, "took legal action against")]
    they, musk = sentences
    assert list(light_verb_clauses(they.span, index.refers(they.paragraph))) == []
    assert [c.subject_head.text for c in light_verb_clauses(musk.span, index.refers(musk.paragraph))] == ["Musk"]


REACH_TEXT = ("Elon Musk said the deal with Microsoft was bad. Diageo, which bought Chalone, was fined by the SEC. "
              "Tony Blair was a member of the Labour Party but left in 2007. The company that Musk acquired sued "
              "Twitter in Delaware. Apple gave Samsung a warning. Sony and Nintendo compete in Japan. "
              "Musk slept well because the weather in Texas was fine.")


def test_a_clause_is_skipped_early_only_when_no_argument_may_be_an_entity(nlp, ontology):
    """``_entity_in_reach`` is a necessary condition of ``may_be_entity`` over the clause's
    arguments (elided objects and relative clauses included): a build that skips a clause on it
    loses no candidate. And it does skip some clauses."""
    from kg.extract.candidate import may_be_entity
    from kg.extract.verbs import _elided_object, _entity_in_reach, clause_heads, collect_args, verb_group
    article = parse_text_document(REACH_TEXT, "<test>", "test")
    [(_, paragraphs)] = list(parse_articles(nlp, [article]))
    sentences = list(iter_sentences(paragraphs))
    index = resolve_document(paragraphs, ontology, sentences)
    answers = []
    for ref in sentences:
        refers = index.refers(ref.paragraph)
        for head in clause_heads(ref.span):
            group = verb_group(head)
            slots = collect_args(group)
            elided = _elided_object(head, slots)
            args = [arg for alts in slots + ([[elided]] if elided is not None else []) for arg in alts]
            reach = _entity_in_reach(group, refers)
            answers.append(reach)
            assert reach or not may_be_entity(args, refers), (ref.text, head.text)
    assert True in answers and False in answers
