"""Within one article: group name mentions into entities, and link pronouns to them.

"Elon Musk", "Musk" and "Musk's" become one entity; "AI" joins "Artificial Intelligence";
a pronoun goes to the nearest preceding entity whose class admits it (he/she -> Person,
it/its -> Organization, Place, Product ...), preferring subjects. Pronouns never name an entity.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

from spacy.tokens import Span, Token

from ..model import Entity, Mention
from ..nlp import Paragraph
from ..ontology import Ontology
from .names import clean_surface, initials, name_key, name_tokens

__all__ = ["EntityIndex", "SentenceRef", "iter_sentences", "resolve_document"]

_PRONOUN_WINDOW = 3
_PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})


@dataclass(frozen=True)
class SentenceRef:
    paragraph: int
    index: int
    """Index of the sentence in the article."""
    span: Span
    offset: int
    """Character offset of the paragraph in the article body."""

    @property
    def start(self) -> int:
        return self.offset + self.span.start_char

    @property
    def end(self) -> int:
        return self.offset + self.span.end_char


def iter_sentences(paragraphs: list[Paragraph]) -> Iterator[SentenceRef]:
    index = 0
    for p, para in enumerate(paragraphs):
        for sent in para.doc.sents:
            if sent.text.strip():
                yield SentenceRef(p, index, sent, para.offset)
                index += 1


@dataclass
class _Cluster:
    names: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    keys: set = field(default_factory=set)
    tokens: set = field(default_factory=set)
    mentions: list = field(default_factory=list)
    first: int = 0

    def type(self) -> str:
        best = max(self.types.values())
        return next(t for t in self._order if self.types[t] == best)

    _order: list = field(default_factory=list)

    def add(self, surface: str, cls: str, mention: Mention) -> None:
        self.names[surface] += 1
        self.types[cls] += 1
        if cls not in self._order:
            self._order.append(cls)
        key = name_key(surface)
        self.keys.add(key)
        self.tokens.update(key.split())
        self.mentions.append(mention)


@dataclass
class EntityIndex:
    """Local entities of one article and which tokens refer to them."""

    entities: list[Entity]
    by_token: dict[tuple[int, int], str]
    sentence_of: dict[tuple[int, int], int]

    def entity_at(self, paragraph: int, token: Token) -> str | None:
        return self.by_token.get((paragraph, token.i))

    def entity(self, entity_id: str) -> Entity:
        return self.entities[int(entity_id[1:])]


def _attach(clusters: list[_Cluster], surface: str, cls: str, ontology: Ontology) -> _Cluster | None:
    key = name_key(surface)
    for cluster in clusters:
        if key in cluster.keys:
            return cluster
    words = key.split()
    if cls == "Person" and len(words) <= 2:
        # Surname or first name of a full name already seen: "Musk" -> "Elon Musk".
        found = [c for c in clusters if c.type() == "Person" and set(words) < c.tokens
                 and any(len(k.split()) > len(words) for k in c.keys)]
        if len(found) == 1:
            return found[0]
    if surface.isupper() and 2 <= len(surface) <= 6:
        found = [c for c in clusters if any(initials(n) == surface.lower() for n in c.names)]
        if len(found) == 1:
            return found[0]
    return None


def _name_mentions(paragraphs: list[Paragraph], ontology: Ontology, sentence_of):
    for p, para in enumerate(paragraphs):
        for ent in para.doc.ents:
            cls = ontology.entity_class(ent.label_)
            surface = clean_surface(ent.text)
            if cls is None or not name_tokens(surface) or not any(c.isalpha() for c in surface):
                continue
            if all(t.pos_ == "PRON" for t in ent):
                continue
            sent = sentence_of.get((p, ent.sent.start), 0)
            mention = Mention(surface, para.offset + ent.start_char, para.offset + ent.end_char, sent,
                              ent.label_)
            yield p, ent, cls, surface, mention


def resolve_document(paragraphs: list[Paragraph], ontology: Ontology) -> EntityIndex:
    sentences = list(iter_sentences(paragraphs))
    sentence_of = {(s.paragraph, s.span.start): s.index for s in sentences}
    found = list(_name_mentions(paragraphs, ontology, sentence_of))
    clusters: list[_Cluster] = []
    token_cluster: dict[tuple[int, int], _Cluster] = {}
    # Longest names first, so that a surname finds the full name it belongs to.
    for p, ent, cls, surface, mention in sorted(found, key=lambda f: (-len(name_tokens(f[3])), f[4].start)):
        cluster = _attach(clusters, surface, cls, ontology)
        if cluster is None:
            cluster = _Cluster(first=mention.start)
            clusters.append(cluster)
        cluster.first = min(cluster.first, mention.start) if cluster.mentions else mention.start
        cluster.add(surface, cls, mention)
        for token in ent:
            token_cluster[(p, token.i)] = cluster
    _link_pronouns(sentences, token_cluster, ontology)
    clusters.sort(key=lambda c: c.first)
    ids = {id(c): f"e{i}" for i, c in enumerate(clusters)}
    entities = [_entity(ids[id(c)], c) for c in clusters]
    by_token = {k: ids[id(c)] for k, c in token_cluster.items()}
    return EntityIndex(entities, by_token, sentence_of)


def _entity(entity_id: str, cluster: _Cluster) -> Entity:
    names = [n for n in cluster.names if n]
    label = max(names, key=lambda n: (len(name_tokens(n)), cluster.names[n], len(n), n))
    mentions = tuple(sorted(cluster.mentions, key=lambda m: (m.start, m.end)))
    return Entity(entity_id, cluster.type(), label, tuple(sorted(set(names))), mentions)


def _pronoun_classes(ontology: Ontology) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for cls, words in ontology.pronouns.items():
        for w in words:
            out.setdefault(w, set()).add(cls)
    return out


def _link_pronouns(sentences: list[SentenceRef], token_cluster: dict, ontology: Ontology) -> None:
    classes = _pronoun_classes(ontology)
    recent: list[tuple[int, int, Token, _Cluster]] = []  # (sentence, paragraph, token, cluster)
    for ref in sentences:
        for token in ref.span:
            key = (ref.paragraph, token.i)
            cluster = token_cluster.get(key)
            if cluster is not None:
                # Record a name once, by its syntactic root ("Musk" in "Elon Musk").
                if token_cluster.get((ref.paragraph, token.head.i)) is not cluster or token.head == token:
                    recent.append((ref.index, ref.paragraph, token, cluster))
                continue
            if token.pos_ != "PRON" or token.lower_ not in classes:
                continue
            target = _antecedent(token, ref, recent, classes[token.lower_])
            if target is not None:
                token_cluster[key] = target
                target.mentions.append(Mention(token.text, ref.offset + token.idx,
                                               ref.offset + token.idx + len(token.text), ref.index,
                                               target.mentions[0].label, "pronoun"))
        recent = [r for r in recent if ref.index - r[0] < _PRONOUN_WINDOW]


def _clause_verb(token: Token) -> Token:
    node = token.head
    while node.head != node and node.pos_ not in ("VERB", "AUX"):
        node = node.head
    return node


def _antecedent(pronoun: Token, ref: SentenceRef, recent, allowed: set[str]) -> _Cluster | None:
    best = None
    best_score = None
    verb = _clause_verb(pronoun)
    for sent_index, paragraph, token, cluster in recent:
        if cluster.type() not in allowed:
            continue
        same = sent_index == ref.index
        if same and _clause_verb(token) == verb and (
                token.dep_ in ("dobj", "dative") or pronoun.dep_ in ("dobj", "pobj", "dative")
                and token.dep_ in ("nsubj", "nsubjpass")):
            continue  # "Musk praised him", "remove Twitter from its platform": not the same clause's argument
        if pronoun.lower_ in _PLURAL_PRONOUNS and same and any(
                t.tag_ in ("NNS", "NNPS") for t in ref.span.doc[token.i + 1:pronoun.i]):
            continue
        subject = token.dep_ in ("nsubj", "nsubjpass")
        score = (ref.index - sent_index, 0 if subject else 1, -token.i)
        if best_score is None or score < best_score:
            best, best_score = cluster, score
    return best
