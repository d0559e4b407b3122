"""The per-doc and per-sentence caches of the extraction rules give what spaCy gives, for the
doc and sentence asked about, whatever was asked before."""

from __future__ import annotations

import pytest
from spacy.symbols import NOUN

from kg.extract.nominal import role_lemma
from kg.extract.spans import phrase, sentence_ents, sentence_labels, sentence_tokens, sentence_words, \
    tokens_with_dep, tokens_with_pos
from kg.extract.verbs import clause_group, clause_heads, verb_group
from kg.nlp.tokens import child_tokens
from kg.resolve.names import clean_surface, name_tokens

TEXTS = [
    "Elon Musk, the chief executive of Tesla, has threatened to sue Microsoft. He said so on Tuesday.",
    "The former deputy secretary of the Foreign Ministry, Datuk Ali, met the Palestinian minister in Gaza.",
]


@pytest.fixture(scope="module")
def docs(nlp):
    return [nlp(text) for text in TEXTS]


def test_child_tokens_are_spacys_children_in_every_doc(docs):
    for _ in range(2):  # alternate between the docs: each is read afresh
        for doc in docs:
            for token in doc:
                assert [c.i for c in child_tokens(token)] == [c.i for c in token.children]
                assert all(c.doc is doc for c in child_tokens(token))


def test_phrase_is_per_doc_and_a_fresh_list(docs):
    first, second = docs
    expected = [[t.i for t in _uncached_phrase(doc[4])] for doc in docs]
    for _ in range(2):
        assert [t.i for t in phrase(first[4])] == expected[0]
        assert [t.i for t in phrase(second[4])] == expected[1]
    got = phrase(first[4])
    got.clear()  # a caller may change its list; the next caller still gets the phrase
    assert [t.i for t in phrase(first[4])] == expected[0]


def _uncached_phrase(head):
    from kg.extract.spans import CLAUSE_DEPS, _phrase
    return _phrase(head, frozenset(CLAUSE_DEPS))


def test_role_lemma_is_per_doc(docs):
    first, second = docs
    executive = next(t for t in first if t.text == "executive")
    secretary = next(t for t in second if t.text == "secretary")
    assert executive.i != secretary.i
    assert role_lemma(executive) == "chief executive"
    assert role_lemma(secretary) == "former deputy secretary"
    assert role_lemma(first[secretary.i]) != "former deputy secretary"


def test_sentence_caches_follow_the_sentence(docs):
    sents = [s for doc in docs for s in doc.sents]
    for _ in range(2):
        for sent in sents:
            assert [t.i for t in sentence_tokens(sent)] == [t.i for t in sent]
            assert [(e.start, e.end) for e in sentence_ents(sent)] == [(e.start, e.end) for e in sent.ents]
            assert sentence_labels(sent) == {e.label_ for e in sent.ents}
            assert sentence_words(sent) == {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
            for pos in {t.pos for t in sent} | {NOUN}:
                assert [t.i for t in tokens_with_pos(sent, pos)] == [t.i for t in sent if t.pos == pos]
            for dep in {t.dep_ for t in sent} | {"appos"}:
                assert [t.i for t in tokens_with_dep(sent, dep)] == [t.i for t in sent if t.dep_ == dep]
            assert [(t.i, clause_group(sent, t).chain) for t in clause_heads(sent)] == \
                [(t.i, g.chain) for t, g in _uncached_clauses(sent)]


def _uncached_clauses(sent):
    from kg.extract.verbs import _is_clause_head
    return [(t, verb_group(t)) for t in sent if _is_clause_head(t)]


def test_cached_name_words_are_a_fresh_list():
    words = name_tokens("Microsoft Corp.")
    words.append("x")
    assert name_tokens("Microsoft Corp.") == ["microsoft"]
    assert clean_surface("the Microsoft's") == "Microsoft"


def test_a_new_thread_starts_with_caches_of_its_own(docs):
    """The caches of the doc being read are each thread's own: another thread never sees (nor
    replaces) the doc this one reads."""
    import threading

    from kg.extract import spans
    from kg.nlp import tokens

    child_tokens(docs[0][0])
    sentence_tokens(docs[0][:])
    seen: list = []
    thread = threading.Thread(target=lambda: seen.extend([tokens._KEPT.last[0], spans._KEPT.tokens[0]]))
    thread.start()
    thread.join()
    assert seen == [None, None]
    assert tokens._KEPT.last[0] is docs[0] and spans._KEPT.tokens[0] is docs[0]


def test_paragraphs_keep_the_text_spacy_parsed(nlp):
    """Sentences are cut from the paragraph's kept text, not from ``doc.text`` (which spaCy
    rebuilds from every token on each access): the two must be the same string."""
    from kg.model import Article
    from kg.nlp import parse_articles
    from kg.resolve.document import iter_sentences
    body = "Musk sued Microsoft.\n\nThe  case, filed in\nDelaware on Tuesday, is the first.\nIt goes on."
    [(_, paragraphs)] = parse_articles(nlp, [Article(id="a", text=body)])
    assert [p.text for p in paragraphs] == [p.doc.text for p in paragraphs]
    assert all(p.text for p in paragraphs)
    rebuilt = [p.doc.text[s.start_char:s.end_char].strip() for p in paragraphs for s in p.doc.sents]
    assert [s.text for s in iter_sentences(paragraphs)] == [text for text in rebuilt if text]


def test_doc_features_are_spacys_whatever_was_read_before(docs):
    from kg.nlp.tokens import doc_ents, doc_pos, forget_trees
    for _ in range(2):
        for doc in docs:
            assert list(doc_pos(doc)) == [t.pos for t in doc]
            assert [(e.start, e.end, e.label_) for e in doc_ents(doc)] == [(e.start, e.end, e.label_) for e in doc.ents]
        forget_trees()


def test_token_sentence_is_token_sent(docs):
    """Asked in any order, across docs and after other sentences were read."""
    from kg.extract.spans import token_sentence
    for _ in range(2):
        for doc in docs:
            for token in reversed(doc):
                sentence_tokens(doc[:1])
                assert [t.i for t in token_sentence(token)] == [t.i for t in token.sent]


@pytest.mark.parametrize("text", [
    "France, Germany, Italy and Spain signed the deal with Britain and the US.",
    "Tesla and SpaceX, and also Microsoft and Google and IBM, sued Apple and Amazon.",
    "Sony and Nintendo compete, and Sega and Atari and Coleco lost.",
])
def test_conjuncts_from_the_kept_tree_are_spacys(nlp, text):
    from kg.resolve.references import _conjuncts_after
    doc = nlp(text)
    found = {t.i: [c.i for c in _conjuncts_after(t)] for t in doc if t.dep_ != "conj"}
    assert found == {t.i: [c.i for c in t.conjuncts] for t in doc if t.dep_ != "conj"}
    assert any(len(c) > 1 for c in found.values())


def test_regression_an_article_of_more_paragraphs_than_keep_reads_each_tree_once():
    """read_article keeps the trees of all of an article's paragraphs: with only KEEP of them
    kept, every walk over a longer article's paragraphs read every tree again."""
    import spacy
    from kg.nlp.tokens import KEEP, doc_tokens, forget_trees
    blank = spacy.blank("en")
    docs = [blank(f"Paragraph {i} says little.") for i in range(KEEP + 8)]
    forget_trees(len(docs))
    first = [doc_tokens(doc) for doc in docs]
    assert all(doc_tokens(doc) is kept for doc, kept in zip(docs, first))
    forget_trees()  # back to the bound for other callers: the oldest trees go
    first = [doc_tokens(doc) for doc in docs]
    assert doc_tokens(docs[0]) is not first[0] and doc_tokens(docs[-1]) is first[-1]
