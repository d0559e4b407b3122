"""Read one parsed article: resolve its entities, run the rules, and keep the evidence.

This is where the stages meet for a single article: ``resolve.document`` gives the
entities and which tokens refer to them, ``extract`` gives token-level candidates, and
this module turns them into :class:`~kg.model.Extraction` and :class:`~kg.model.Triple`.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import product

from spacy.symbols import AUX, NOUN, PRON, PROPN, VERB
from spacy.tokens import Token

from ..extract import GRAPH_ROLES, Candidate, may_be_entity, normalize_predicate, relation_text, \
    sentence_candidates
from ..extract.confidence import ASSERT_THRESHOLD, confidence, relation_confidence
from ..extract.spans import phrase_bounds, sentence_ents, tokens_text
from ..extract.verbs import lemma
from ..nlp.lexicon import lexicon
from ..extract.literals import QUANTITY_LABELS, quantity
from ..model import Argument, Article, ArticleResult, Evidence, Extraction, Quantity, Triple
from ..nlp.pipeline import Paragraph
from ..ontology import Ontology
from ..resolve.document import EntityIndex, SentenceRef, iter_sentences, resolve_document
from ..nlp.tokens import child_tokens, forget_trees

__all__ = ["read_article"]


def read_article(article: Article, paragraphs: list[Paragraph], ontology: Ontology,
                 keep_extractions: bool = True) -> ArticleResult:
    forget_trees(len(paragraphs))  # the last article's: this one's are all kept while it is read
    sentences = list(iter_sentences(paragraphs))
    index = resolve_document(paragraphs, ontology, sentences)
    extractions: list[Extraction] = []
    triples: list[Triple] = []
    meta = article.meta
    for ref in sentences:
        refers = None
        if not keep_extractions:  # a build: only relations between entities
            if not index.may_relate(ref.paragraph, ref.span.start, ref.span.end):
                continue
            refers = index.refers(ref.paragraph)
        for candidate in sentence_candidates(ref.span, refers):
            if refers is not None and not may_be_entity(candidate.args, refers):
                continue
            for n, chosen in enumerate(_readings(candidate, ref, index)):
                extraction = _extraction(candidate, ref, index, ontology, meta.date, chosen)
                if keep_extractions and n == 0:  # one tuple of text; the graph gets every reading
                    extractions.append(extraction)
                triples.extend(_triples(article.id, extraction, index, ontology))
    entities = tuple(replace(e, scope=article.id) if e.scope == "article" else e for e in index.entities)
    return ArticleResult(meta, len(sentences), entities, tuple(_dedupe(triples)), tuple(extractions))


def _entity(index: EntityIndex, ref: SentenceRef, token: Token, chosen: dict[int, str] | None = None) -> str | None:
    if chosen and token.i in chosen:
        return chosen[token.i]
    return index.entity_at(ref.paragraph, token)


def _readings(candidate: Candidate, ref: SentenceRef, index: EntityIndex) -> list[dict[int, str]]:
    """One reading per choice of referents for the plural descriptions among the candidate's
    subject and arguments ("the two countries have broken the pact": one for France, one for
    Germany); a reading maps a token to the entity it stands for. [{}] when there is none."""
    heads = [candidate.subject_head] + [a.head for a in candidate.args if a.role in GRAPH_ROLES]
    choices = [(t.i, index.plural[(ref.paragraph, t.i)]) for t in dict.fromkeys(heads)
               if (ref.paragraph, t.i) in index.plural]
    if not choices:
        return [{}]
    return [dict(zip([i for i, _ in choices], picked)) for picked in product(*(refs for _, refs in choices))]


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
                ontology: Ontology, article_date: str | None = None,
                chosen: dict[int, str] | None = None) -> Extraction:
    subject_entity = _entity(index, ref, candidate.subject_head, chosen)
    subject_type = index.entity(subject_entity).type if subject_entity else None
    args = []
    for arg in candidate.args:
        entity = _entity(index, ref, arg.head, chosen) if arg.role in GRAPH_ROLES else None
        object_type = index.entity(entity).type if entity else None
        # An inverse argument's chain reads from the argument to the subject ("Japan's Sumitomo":
        # Sumitomo is based in Japan): its types go the same way.
        ends = (object_type, subject_type) if arg.inverse else (subject_type, object_type)
        verbal = len(arg.chain) >= 2 and any(t.pos in (VERB, AUX) and lemma(t) == arg.chain[-2]
                                             for t in candidate.relation)
        meaning = normalize_predicate(arg.chain, ontology, *ends, verbs_before_prep=verbal)
        start, end = phrase_bounds(arg.tokens)
        args.append(Argument(tokens_text(arg.tokens), arg.role, arg.prep.lower_ if arg.prep is not None else None,
                             ref.offset + start, ref.offset + end, entity, meaning.name,
                             meaning.hedge, meaning.negated,
                             meaning.inverse != arg.inverse, _fronted(arg, candidate), arg.graph_only))
        if entity is None and arg.role in GRAPH_ROLES:
            args.extend(_named_modifiers(arg, ref, index, ontology, subject_type))
    speaker = _entity(index, ref, candidate.speaker) if candidate.speaker is not None else None
    s_start, s_end = phrase_bounds(candidate.subject)
    # Only a name counts for the tuple's confidence (RULE_BASE was measured so): a subject that
    # is a description or a pronoun linked to an entity is no more certain a tuple for it. A
    # relation between the linked entities counts the links.
    first = candidate.args[0].head if candidate.args else None
    object_entity = bool(args[:1] and args[0].entity)
    pronoun = candidate.subject_head.pos == PRON and subject_entity is None
    score = confidence(candidate, subject_entity is not None and bool(candidate.subject_head.ent_type_),
                       object_entity and first is not None and bool(first.ent_type_), pronoun)
    # A subject that is a plural description ("the two countries") gets neither the bonus of a
    # linked name or singular description nor the malus of a pronoun: which names it counts back
    # to is a weaker cue than one name, but a noun and a number narrow it more than "they" does.
    plural = chosen is not None and candidate.subject_head.i in chosen
    linked = confidence(candidate, subject_entity is not None and not plural, object_entity, pronoun)
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
        linked_confidence=linked,
    )


def _fronted(arg, candidate: Candidate) -> bool:
    verbs = [t.i for t in candidate.relation]
    return bool(verbs) and arg.head.i < min(verbs) and arg.prep is not None


def _named_modifiers(arg, ref: SentenceRef, index: EntityIndex, ontology: Ontology,
                     subject_type: str | None):
    """"using Twitter data": an edge to the name that modifies the argument's head noun,
    through the noun ("use data of")."""
    head = arg.head
    if head.pos != NOUN:
        return
    lex = lexicon()
    for child in child_tokens(head):
        stance = lemma(head) in lex.stance_nouns
        outlet = lemma(head) in lex.outlet_nouns
        if not (child.dep_ == "compound" and child.pos == PROPN or child.dep_ == "poss" and (stance or outlet)):
            continue
        entity = _entity(index, ref, child)
        if entity is None:
            continue
        # "earned a Cesar prize": the prize is the Cesar; "backed Tory demands", "criticised
        # Microsoft's decision": about the Tories, Microsoft; "using Twitter data": data of Twitter.
        # "editor of the Computerandvideogames.com magazine": of the magazine that is the name;
        # "told BBC Radio 4's Today programme": told the station; "broke the Stability and Growth
        # Pact rules": broke the pact.
        kind = index.entity(entity).type
        described = lemma(head) in lex.organization_descriptors and kind == "Organization"
        transparent = lemma(head) in lex.transparent_nouns or stance or described \
            or outlet and kind == "Organization" or lemma(head) in lex.law_parts and kind == "Law"
        chain = tuple(arg.chain) + (() if transparent else (lemma(head), "of"))
        meaning = normalize_predicate(chain, ontology, subject_type, index.entity(entity).type)
        start, end = phrase_bounds([child])
        yield Argument(child.text, arg.role if transparent else "modifier", None, ref.offset + start, ref.offset + end, entity, meaning.name,
                       meaning.hedge, meaning.negated, meaning.inverse != arg.inverse, graph_only=True)


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
        if arg.entity is None or arg.entity == extraction.subject_entity or arg.predicate in (None, "be"):
            continue  # "X is Y" between two names states identity, not a relation
        subject, obj = extraction.subject_entity, arg.entity
        subject_span = (extraction.arg1, extraction.arg1_start, extraction.arg1_end)
        object_span = (arg.text, arg.start, arg.end)
        if arg.inverse:
            subject, obj = obj, subject
            subject_span, object_span = object_span, subject_span
        base = extraction.linked_confidence if extraction.linked_confidence is not None else extraction.confidence
        score = relation_confidence(base, canonical=ontology.is_vocabulary(arg.predicate),
                                    role=arg.role, prep=arg.prep, object_type=index.entity(arg.entity).type,
                                    rule=extraction.rule, fronted=arg.fronted)
        evidence = Evidence(
            article_id=article_id,
            sentence_index=extraction.sentence_index,
            sentence=extraction.sentence,
            start=extraction.sentence_start,
            end=extraction.sentence_end,
            rule=extraction.rule,
            confidence=score,
            relation_text=extraction.relation,
            subject_text=extraction.arg1 if not arg.inverse else arg.text,
            object_text=arg.text if not arg.inverse else extraction.arg1,
            subject_span=_sentence_span(extraction, *subject_span),
            object_span=_sentence_span(extraction, *object_span),
        )
        modality = " ".join(m for m in (extraction.modality, arg.hedge) if m) or None
        yield Triple(subject, arg.predicate, obj, evidence, extraction.negated != arg.denied, modality,
                     extraction.reported, extraction.attribution, extraction.quantities,
                     confident=score >= ASSERT_THRESHOLD)


def _dedupe(triples: list[Triple]) -> list[Triple]:
    """One triple per (subject, predicate, object, sentence): the most confident reading. A
    dependency path relates a pair only where no other rule does."""
    related = {(t.evidence.sentence_index, *sorted((t.subject, t.object))) for t in triples
               if t.evidence.rule != "path"}
    triples = [t for t in triples if t.evidence.rule != "path"
               or (t.evidence.sentence_index, *sorted((t.subject, t.object))) not in related]
    best: dict[tuple, Triple] = {}
    for t in triples:
        key = (t.subject, t.predicate, t.object, t.evidence.sentence_index, t.negated)
        if key not in best or t.evidence.confidence > best[key].evidence.confidence:
            best[key] = t
    return sorted(best.values(), key=lambda t: (t.evidence.sentence_index, t.subject, t.predicate, t.object))
