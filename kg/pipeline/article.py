"""Read one parsed article: resolve its entities, run the rules, and keep the evidence.

This is where the stages meet for a single article: ``resolve.document`` gives the
entities and which tokens refer to them, ``extract`` gives token-level candidates, and
this module turns them into :class:`~kg.model.Extraction` and :class:`~kg.model.Triple`.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..extract import Candidate, normalize_predicate, relation_text, sentence_candidates
from ..extract.confidence import confidence
from ..extract.spans import phrase_bounds, sentence_ents, tokens_text
from ..extract.verbs import lemma
from ..extract.literals import QUANTITY_LABELS, quantity
from ..model import Argument, Article, ArticleResult, Evidence, Extraction, Quantity, Triple
from ..nlp.pipeline import Paragraph
from ..ontology import Ontology
from ..resolve.document import EntityIndex, SentenceRef, iter_sentences, resolve_document

__all__ = ["read_article", "GRAPH_ROLES"]

# Argument roles that can be an entity-to-entity edge; clauses and adjectives cannot.
GRAPH_ROLES = frozenset({"dobj", "dative", "attr", "oprd", "prep", "agent", "role"})


def read_article(article: Article, paragraphs: list[Paragraph], ontology: Ontology,
                 keep_extractions: bool = True) -> ArticleResult:
    sentences = list(iter_sentences(paragraphs))
    index = resolve_document(paragraphs, ontology, sentences)
    extractions: list[Extraction] = []
    triples: list[Triple] = []
    for ref in sentences:
        for candidate in sentence_candidates(ref.span):
            extraction = _extraction(candidate, ref, index, ontology, article.meta.date)
            if keep_extractions:
                extractions.append(extraction)
            triples.extend(_triples(article.id, extraction, index, ontology))
    return ArticleResult(article.meta, len(sentences), tuple(index.entities), tuple(_dedupe(triples)),
                         tuple(extractions))


def _entity(index: EntityIndex, ref: SentenceRef, token: Token) -> str | None:
    return index.entity_at(ref.paragraph, token)


def _quantities(candidate: Candidate, article_date: str | None) -> tuple[Quantity, ...]:
    """Typed money, percentages and dates among the candidate's argument tokens."""
    inside = {t.i for arg in candidate.args for t in arg.tokens}
    out = []
    for ent in sentence_ents(candidate.sentence):
        if ent.label_ in QUANTITY_LABELS and not inside.isdisjoint(range(ent.start, ent.end)):
            value = quantity(ent.label_, ent.text, article_date)
            if value is not None and value not in out:
                out.append(value)
    return tuple(out)


def _extraction(candidate: Candidate, ref: SentenceRef, index: EntityIndex,
                ontology: Ontology, article_date: str | None = None) -> Extraction:
    subject_entity = _entity(index, ref, candidate.subject_head)
    subject_type = index.entity(subject_entity).type if subject_entity else None
    args = []
    for arg in candidate.args:
        entity = _entity(index, ref, arg.head) if arg.role in GRAPH_ROLES else None
        object_type = index.entity(entity).type if entity else None
        predicate, inverse = normalize_predicate(arg.chain, ontology, subject_type, object_type)
        start, end = phrase_bounds(arg.tokens)
        args.append(Argument(tokens_text(arg.tokens), arg.role, arg.prep.lower_ if arg.prep is not None else None,
                             ref.offset + start, ref.offset + end, entity, predicate,
                             inverse != arg.inverse, arg.graph_only))
        if entity is None and arg.role in GRAPH_ROLES:
            args.extend(_named_modifiers(arg, ref, index, ontology, subject_type))
    speaker = _entity(index, ref, candidate.speaker) if candidate.speaker is not None else None
    s_start, s_end = phrase_bounds(candidate.subject)
    score = confidence(candidate, subject_entity is not None,
                       any(a.entity for a in args[:1]),
                       candidate.subject_head.pos_ == "PRON" and subject_entity is None)
    return Extraction(
        sentence=ref.text,
        sentence_index=ref.index,
        sentence_start=ref.start,
        sentence_end=ref.end,
        arg1=tokens_text(candidate.subject),
        relation=relation_text(candidate),
        args=tuple(args),
        rule=candidate.rule,
        confidence=score,
        negated=candidate.negated,
        modality=candidate.modality,
        subject_entity=subject_entity,
        arg1_start=ref.offset + s_start,
        arg1_end=ref.offset + s_end,
        attribution=speaker,
        reported=candidate.reported,
        quantities=_quantities(candidate, article_date),
    )


def _named_modifiers(arg, ref: SentenceRef, index: EntityIndex, ontology: Ontology,
                     subject_type: str | None):
    """"using Twitter data": an edge to the name that modifies the argument's head noun,
    through the noun ("use data of")."""
    head = arg.head
    if head.pos_ != "NOUN":
        return
    for child in head.children:
        if child.dep_ != "compound" or child.pos_ != "PROPN":
            continue
        entity = _entity(index, ref, child)
        if entity is None:
            continue
        chain = tuple(arg.chain) + (lemma(head), "of")
        predicate, inverse = normalize_predicate(chain, ontology, subject_type, index.entity(entity).type)
        start, end = phrase_bounds([child])
        yield Argument(child.text, "modifier", None, ref.offset + start, ref.offset + end, entity, predicate,
                       inverse != arg.inverse, graph_only=True)


def _sentence_span(extraction: Extraction, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The article offsets of ``text`` made relative to the sentence, or None when ``text`` is not
    that stretch of the sentence (an argument whose words are not contiguous: "of [Richard Hill,
    Jonny Wilkinson,] Martin Corry")."""
    start, end = start - extraction.sentence_start, end - extraction.sentence_start
    return (start, end) if 0 <= start < end and extraction.sentence[start:end] == text else None


def _triples(article_id: str, extraction: Extraction, index: EntityIndex, ontology: Ontology):
    if extraction.subject_entity is None:
        return
    for arg in extraction.args:
        if arg.entity is None or arg.entity == extraction.subject_entity or arg.predicate == "be":
            continue  # "X is Y" between two names states identity, not a relation
        subject, obj = extraction.subject_entity, arg.entity
        subject_span = (extraction.arg1, extraction.arg1_start, extraction.arg1_end)
        object_span = (arg.text, arg.start, arg.end)
        if arg.inverse:
            subject, obj = obj, subject
            subject_span, object_span = object_span, subject_span
        evidence = Evidence(
            article_id=article_id,
            sentence_index=extraction.sentence_index,
            sentence=extraction.sentence,
            start=extraction.sentence_start,
            end=extraction.sentence_end,
            rule=extraction.rule,
            confidence=extraction.confidence,
            relation_text=extraction.relation,
            subject_text=extraction.arg1 if not arg.inverse else arg.text,
            object_text=arg.text if not arg.inverse else extraction.arg1,
            subject_span=_sentence_span(extraction, *subject_span),
            object_span=_sentence_span(extraction, *object_span),
        )
        yield Triple(subject, arg.predicate, obj, evidence, extraction.negated, extraction.modality,
                     extraction.reported, extraction.attribution, extraction.quantities)


def _dedupe(triples: list[Triple]) -> list[Triple]:
    """One triple per (subject, predicate, object, sentence): the most confident reading."""
    best: dict[tuple, Triple] = {}
    for t in triples:
        key = (t.subject, t.predicate, t.object, t.evidence.sentence_index, t.negated)
        if key not in best or t.evidence.confidence > best[key].evidence.confidence:
            best[key] = t
    return sorted(best.values(), key=lambda t: (t.evidence.sentence_index, t.subject, t.predicate, t.object))
