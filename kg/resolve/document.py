"""Within one article: group name mentions into entities, and link pronouns to them.

"Elon Musk", "Musk" and "Musk's" become one entity; "AI" joins "Artificial Intelligence";
a pronoun goes to the nearest preceding entity whose class admits it (he/she -> Person,
it/its -> Organization, Place, Product ...), preferring subjects. Pronouns never name an entity.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

from spacy.tokens import Span, Token

from ..model import Entity, Mention
from ..nlp.pipeline import Paragraph
from ..ontology import Ontology
from ..nlp.lexicon import lexicon
from .names import clean_surface, first_names, initials, name_key, name_tokens
from .references import ReferenceLinker

__all__ = ["EntityIndex", "SentenceRef", "iter_sentences", "resolve_document"]



@dataclass(frozen=True)
class SentenceRef:
    paragraph: int
    index: int
    """Index of the sentence in the article."""
    span: Span
    offset: int
    """Character offset of the paragraph in the article body."""
    text: str = ""
    """The sentence as written, without the spaces around it."""

    @property
    def start(self) -> int:
        return self.offset + self.span.start_char

    @property
    def end(self) -> int:
        return self.offset + self.span.end_char


def iter_sentences(paragraphs: list[Paragraph]) -> Iterator[SentenceRef]:
    index = 0
    for p, para in enumerate(paragraphs):
        text = para.doc.text  # spaCy rebuilds Doc.text from the tokens on every access
        for sent in para.doc.sents:
            sentence = text[sent.start_char:sent.end_char].strip()
            if sentence:
                yield SentenceRef(p, index, sent, para.offset, sentence)
                index += 1


@dataclass
class _Cluster:
    names: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    keys: set = field(default_factory=set)
    tokens: set = field(default_factory=set)
    mentions: list = field(default_factory=list)
    first: int = 0
    gender: str | None = None
    titles: set = field(default_factory=set)

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


def _name_mentions(paragraphs: list[Paragraph], ontology: Ontology, sentences: list[SentenceRef]):
    starts: dict[int, list[tuple[int, int]]] = {}
    for ref in sentences:
        starts.setdefault(ref.paragraph, []).append((ref.span.start, ref.index))
    for p, para in enumerate(paragraphs):
        bounds = starts.get(p, [(0, 0)])
        for ent in para.doc.ents:
            cls = ontology.entity_class(ent.label_)
            surface = clean_surface(ent.text)
            if cls is None or not name_tokens(surface) or not any(c.isalpha() for c in surface):
                continue
            if all(t.pos_ == "PRON" for t in ent):
                continue
            sent = bounds[max(0, bisect_right(bounds, (ent.start, float("inf"))) - 1)][1]
            mention = Mention(surface, para.offset + ent.start_char, para.offset + ent.end_char, sent,
                              ent.label_)
            yield p, ent, cls, surface, mention


def resolve_document(paragraphs: list[Paragraph], ontology: Ontology,
                     sentences: list[SentenceRef] | None = None) -> EntityIndex:
    if sentences is None:
        sentences = list(iter_sentences(paragraphs))
    sentence_of = {(s.paragraph, s.span.start): s.index for s in sentences}
    found = list(_name_mentions(paragraphs, ontology, sentences))
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
        if ent.start > 0:
            cluster.titles.add(ent.doc[ent.start - 1].lower_)
        for token in ent:
            token_cluster[(p, token.i)] = cluster
    _missed_names(sentences, clusters, token_cluster)
    _introducing_nouns(sentences, token_cluster)
    for cluster in clusters:
        cluster.gender = _gender(cluster) if cluster.type() == "Person" else None
    linker = ReferenceLinker(_pronoun_classes(ontology), token_cluster)
    for ref in sentences:
        linker.sentence(ref.paragraph, ref.index, ref.span, ref.offset)
    clusters.sort(key=lambda c: c.first)
    ids = {id(c): f"e{i}" for i, c in enumerate(clusters)}
    entities = [_entity(ids[id(c)], c) for c in clusters]
    by_token = {k: ids[id(c)] for k, c in token_cluster.items()}
    return EntityIndex(entities, by_token, sentence_of)


def _missed_names(sentences: list[SentenceRef], clusters: list[_Cluster], token_cluster: dict) -> None:
    """A name the NER missed on a later mention ("Musk said ...") still names the entity.

    Runs of proper nouns that are not in an entity span are matched against the names already
    found: the same normalized name, or the surname of exactly one person.
    """
    by_key: dict[str, list[_Cluster]] = {}
    for cluster in clusters:
        for key in cluster.keys:
            by_key.setdefault(key, []).append(cluster)
    surnames: dict[str, list[_Cluster]] = {}
    for cluster in clusters:
        if cluster.type() == "Person":
            for word in {k.split()[-1] for k in cluster.keys if " " in k}:
                surnames.setdefault(word, []).append(cluster)
    for ref in sentences:
        run: list[Token] = []
        for token in [*ref.span, None]:
            if token is not None and token.pos_ == "PROPN" and not token.ent_type_ \
                    and (ref.paragraph, token.i) not in token_cluster:
                run.append(token)
                continue
            if run:
                key = name_key(" ".join(t.text for t in run))
                found = by_key.get(key) or surnames.get(key, [])
                if len(found) == 1:
                    cluster = found[0]
                    start = ref.offset + run[0].idx
                    text = ref.span.doc.text[run[0].idx:run[-1].idx + len(run[-1].text)]
                    cluster.add(text, cluster.type(), Mention(text, start, start + len(text), ref.index,
                                                              cluster.mentions[0].label))
                    cluster.types[cluster.type()] -= 1  # a recovered mention does not vote on the type
                    for t in run:
                        token_cluster[(ref.paragraph, t.i)] = cluster
                run = []


def _introducing_nouns(sentences: list[SentenceRef], token_cluster: dict) -> None:
    """A noun that introduces a name refers to it: "a trade group called The Travel Partnership",
    "its console, the DS", "the band Doves". Relations of the noun are then relations of the name
    ("backed by a trade group called ..." is backed by The Travel Partnership)."""
    naming = lexicon().naming_verbs
    for ref in sentences:
        for noun in ref.span:
            if noun.pos_ != "NOUN" or noun.ent_type_ or (ref.paragraph, noun.i) in token_cluster:
                continue
            named = [c for c in noun.children if c.dep_ == "appos"]
            for acl in (c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in naming):
                named += [c for c in acl.children if c.dep_ in ("oprd", "attr", "dobj", "xcomp")]
            found = {id(token_cluster[(ref.paragraph, t.i)]): token_cluster[(ref.paragraph, t.i)]
                     for t in named if (ref.paragraph, t.i) in token_cluster}
            if len(found) == 1:
                token_cluster[(ref.paragraph, noun.i)] = next(iter(found.values()))


def _entity(entity_id: str, cluster: _Cluster) -> Entity:
    names = [n for n in cluster.names if n]
    label = max(sorted(names), key=lambda n: (len(name_tokens(n)), cluster.names[n], -len(n)))
    mentions = tuple(sorted(cluster.mentions, key=lambda m: (m.start, m.end)))
    return Entity(entity_id, cluster.type(), label, tuple(sorted(set(names))), mentions)


def _pronoun_classes(ontology: Ontology) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for cls, words in ontology.pronouns.items():
        for w in words:
            out.setdefault(w, set()).add(cls)
    return out


def _gender(cluster: _Cluster) -> str | None:
    """From a title in or before a mention ("Mr", "Mrs") or a common given name."""
    lex, names = lexicon(), first_names()
    words = set(cluster.titles) | {n.split()[0].lower() for n in cluster.names if n.split()}
    if words & lex.male_titles:
        return "m"
    if words & lex.female_titles:
        return "f"
    for name in sorted(cluster.names, key=lambda n: (-len(n.split()), n)):
        first = name.split()[0].lower()
        if first in names["male"]:
            return "m"
        if first in names["female"]:
            return "f"
    return None
