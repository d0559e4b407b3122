"""Within one article: group name mentions into entities, and link pronouns to them.

"Elon Musk", "Musk" and "Musk's" become one entity; "AI" joins "Artificial Intelligence";
a pronoun goes to the nearest preceding entity whose class admits it (he/she -> Person,
it/its -> Organization, Place, Product ...), preferring subjects. Pronouns never name an entity.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator

from spacy.symbols import ADJ, NOUN, PRON, PROPN
from spacy.tokens import Span, Token

from ..model import Entity, Mention
from ..nlp.pipeline import Paragraph
from ..ontology import Ontology
from ..nlp.lexicon import lexicon
from ..nlp.gazetteer import Place, capital_of, demonym, lookup, named_place
from .names import (clean_surface, clipping_start, defines_acronym, first_names, initialisms, is_abbreviation,
                    is_clipping, is_generic, known_full_name, leading_title, name_data, name_key, name_tokens,
                    number_forms, variant_keys)
from .references import ReferenceLinker
from ..nlp.tokens import child_tokens, doc_ents, doc_pos
from ..extract.spans import sentence_tokens

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
        text = para.plain
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
    """Words before a name that belong to it ("Mr", "the single")."""
    described: set = field(default_factory=set)
    """Common nouns that say what the name is ("the film adaptation of X")."""

    def type(self) -> str:
        if self.place is not None and self.evidence != "Person":
            return "Place"
        if self.evidence:
            return self.evidence
        return self.vote()

    def vote(self) -> str:
        """The type most of the names' mentions have (the first seen of those tied)."""
        if len(self._order) == 1:  # most names: one type, asked about again and again
            return self._order[0]
        best = max(self.types.values())
        return next(t for t in self._order if self.types[t] == best)

    evidence: str | None = None
    """A type the names themselves prove ("Mr", "Lord" before it; "Corp", "Bank" in it)."""
    place: str | None = None
    """The gazetteer's name of the country or city the names stand for ("United States")."""
    qualifier: str | None = None
    """The country a generic name belongs to ("Finance Ministry" of Japan)."""

    _order: list = field(default_factory=list)

    variants: set = field(default_factory=set)

    def add(self, surface: str, cls: str, mention: Mention, vote: bool = True) -> None:
        self.names[surface] += 1
        if vote:
            self.types[cls] += 1
            if cls not in self._order:
                self._order.append(cls)
        key = name_key(surface)
        self.keys.add(key)
        self.variants |= variant_keys(key)
        self.tokens.update(key.split())
        self.mentions.append(mention)


@dataclass
class EntityIndex:
    """Local entities of one article and which tokens refer to them."""

    entities: list[Entity]
    by_token: dict[tuple[int, int], str]
    sentence_of: dict[tuple[int, int], int]
    plural: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)
    """Tokens of plural descriptions ("the two countries") -> the entities each refers to."""

    def entity_at(self, paragraph: int, token: Token) -> str | None:
        return self.by_token.get((paragraph, token.i))

    def referents_at(self, paragraph: int, token: Token) -> tuple[str, ...]:
        """The entities a plural description refers to ("the pair": France, Germany); else the
        entity the token refers to, or none."""
        key = (paragraph, token.i)
        if key in self.plural:
            return self.plural[key]
        return (self.by_token[key],) if key in self.by_token else ()

    def entity(self, entity_id: str) -> Entity:
        return self.entities[int(entity_id[1:])]

    def refers(self, paragraph: int) -> Callable[[Token], bool]:
        """Whether a token of the paragraph refers to an entity (a name, a pronoun or
        description linked to one, a plural description of several)."""
        by_token, plural = self.by_token, self.plural
        return lambda token: (paragraph, token.i) in by_token or (paragraph, token.i) in plural

    def may_relate(self, paragraph: int, start: int, end: int) -> bool:
        """Whether tokens ``start`` to ``end`` of the paragraph refer to two entities or more.

        A relation joins two entities, each named at a token of its sentence (a spaCy sentence is
        a whole tree, which the rules do not leave), so a sentence that refers to fewer has none:
        a build, which keeps only relations, need not read it.
        """
        seen: set[str] = set()
        by_token, plural = self.by_token, self.plural
        for i in range(start, end):
            key = (paragraph, i)
            entity = by_token.get(key)
            if entity is not None:
                seen.add(entity)
            if key in plural:
                seen.update(plural[key])
            if len(seen) > 1:
                return True
        return False


def _place_named(ent: Span, cls: str, surface: str) -> Place | None:
    """The country or city a name stands for, from the gazetteer: a country's or continent's name
    whatever type the model gave it (unless a title makes it a person), a city's unless the model
    saw a person, and a nationality adjective that modifies a noun ("the German economy",
    "Tunisian-born") rather than naming the people ("the Germans")."""
    if cls == "Group":
        root = ent.root
        attributive = root.dep_ in ("amod", "compound", "nmod", "npadvmod") or root.tag_ == "JJ"
        return demonym(surface) if attributive and not surface.endswith("s") else None
    place = named_place(surface)
    if place is None:
        return None
    if cls == "Person" and (place.kind == "city" or ent.start > 0 and ent.doc[ent.start - 1].lower_.rstrip(".")
                            in name_data().person_titles):
        return None
    return place


class _Directory:
    """The article's clusters in the order they were made, and where the names are: the first
    cluster with each variant of a name, and the clusters with each name key. Every mention
    looks its name up here, instead of walking every cluster's keys (the walks grew with the
    article, and cost more than any other step of the resolution)."""

    def __init__(self) -> None:
        self.clusters: list[_Cluster] = []
        self._at: dict[int, int] = {}
        self._variants: dict[str, int] = {}
        self._holders: dict[str, list[int]] = {}
        self._by_start: dict[tuple[int, str], set[str]] = {}
        """Keys by their number of spaces and :func:`_initial`."""
        self._clippable: dict[str, set[tuple[int, str]]] = {}
        """Names by what their clippings start with (:func:`~kg.resolve.names.clipping_start`)."""
        self._with_word: dict[str, set[int]] = {}
        """Each word of the keys -> the clusters with a key that has it."""
        self._initialisms: dict[str, set[int]] = {}
        """Each initialism of the names -> the clusters with a name that has it."""
        self._names: set[tuple[int, str]] = set()
        """The (cluster, name) pairs noted already."""

    def new(self, cluster: _Cluster) -> None:
        self._at[id(cluster)] = len(self.clusters)
        self.clusters.append(cluster)

    def note(self, cluster: _Cluster, surface: str, place_key: str | None = None) -> None:
        """Look up, from now on, the name ``surface`` that the cluster has just gained, with its
        variants and the key of the place it names."""
        at = self._at[id(cluster)]
        key = name_key(surface)
        for variant in variant_keys(key) if place_key is None else (*variant_keys(key), place_key):
            if self._variants.get(variant, at) >= at:
                self._variants[variant] = at
        holders = self._holders.setdefault(key, [])
        if at not in holders:
            holders.append(at)
            holders.sort()
            self._by_start.setdefault((key.count(" "), _initial(key)), set()).add(key)
            for word in key.split():
                self._with_word.setdefault(word, set()).add(at)
        if (at, surface) in self._names:
            return
        self._names.add((at, surface))
        start = clipping_start(surface)
        if start:
            self._clippable.setdefault(start, set()).add((at, surface))
        for initialism in initialisms(surface):
            self._initialisms.setdefault(initialism, set()).add(at)

    def with_word(self, word: str) -> list[_Cluster]:
        """The clusters, in order, with a key that has the word."""
        return [self.clusters[at] for at in sorted(self._with_word.get(word, ()))]

    def with_initialism(self, initialism: str) -> list[_Cluster]:
        """The clusters, in order, with a name that goes by the initialism."""
        return [self.clusters[at] for at in sorted(self._initialisms.get(initialism, ()))]

    def with_variant(self, variants: Iterable[str]) -> _Cluster | None:
        """The first cluster that has one of ``variants``."""
        found = [self._variants[v] for v in variants if v in self._variants]
        return self.clusters[min(found)] if found else None

    def clipped(self, word: str) -> list[_Cluster]:
        """The clusters, in order, with a name that the one ``word`` clips ("Amex")."""
        found = {at for at, name in self._clippable.get(word.casefold()[:2], ()) if is_clipping(word, name)}
        return [self.clusters[at] for at in sorted(found)]

    def with_key(self, key: str) -> list[_Cluster]:
        """The clusters that have the name key, in order."""
        return [self.clusters[at] for at in self._holders.get(key, ())]

    def abbreviated(self, key: str) -> _Cluster | None:
        """The first cluster with a key that ``key`` abbreviates, or that abbreviates ``key``."""
        spaces, initial = key.count(" "), _initial(key)
        # The first words of a pair start with the same letter, unless one of them is all "s":
        # without its plural's "s", it is empty, which starts every word.
        starts = (initial, "") if initial else {start for n, start in self._by_start if n == spaces}
        found = [self._holders[k][0] for start in starts for k in self._by_start.get((spaces, start), ())
                 if is_abbreviation(key, k) or is_abbreviation(k, key)]
        return self.clusters[min(found)] if found else None


def _initial(key: str) -> str:
    """The first letter of the key's first word, or "" for a word that is all "s" (see
    :func:`~kg.resolve.names.is_abbreviation`: a word without its last "s" may be empty)."""
    words = key.split()
    return words[0][0] if words and words[0].rstrip("s") else ""


def _attach(directory: _Directory, surface: str, cls: str, place: str | None = None, titled: str = "",
            defined: dict[str, str] | None = None) -> tuple[_Cluster | None, bool]:
    """The cluster a name joins, and whether it votes on the cluster's type.

    The same key, or a variant of it (kg.resolve.names.variant_keys: plural, "X Airport",
    word order, a known short form); a shortened form ("Lib Dems"); an acronym of one name
    ("DOT" for "Department of Transportation"), or the one the article defines in brackets
    ("Empresa Colombiana de Petroleos (ECOP)"); a clipped form of one name ("Amex"); a surname or
    first name of one person, whatever type the model gave the surname, and a surname after a
    title ("Mr Ebbers") whatever type the model gave the full name; a single generic head ("the
    Commission", "the Bank") of one organization's name.
    """
    clusters = directory.clusters
    key = name_key(surface)
    # (the key is one of its variants, and a cluster's keys are among its variants)
    cluster = directory.with_variant(variant_keys(key) | ({name_key(place)} if place else set()))
    if cluster is not None:
        return cluster, True
    if " " in key:  # an abbreviation has as many words as its name, two or more
        cluster = directory.abbreviated(key)
        if cluster is not None:
            return cluster, True
    words = key.split()
    if defined and key in defined:
        found = directory.with_key(defined[key])
        if len(found) == 1:
            return found[0], True
    if len(words) <= 2 and surface[:1].isupper():
        # Surname or first name of a full name already seen: "Musk", "Mr Ebbers" -> the person.
        word_set = set(words)
        # (a cluster with all the words has the first; one without words is none of these)
        named = directory.with_word(words[0]) if words else clusters
        found = [c for c in named if word_set < c.tokens and c.type() == "Person"
                 and any(len(k.split()) > len(words) and (k.split()[-1] == words[-1] or k.split()[0] == words[0])
                         for k in c.keys)]
        if titled and len(words) == 1:
            found += [c for c in named if c.type() in _MISTYPED_PEOPLE
                      and any(len(k.split()) > 1 and k.split()[-1] == words[0] for k in c.keys)
                      and _type_evidence(c) is None]
            # "Baroness Kennedy" is not Charles Kennedy
            gender = _title_gender(titled)
            found = [c for c in found if gender is None or _gender(c) in (None, gender)]
        if len(found) == 1 and (cls == "Person" or len(words) == 1):
            return found[0], cls == "Person"
    maker = _maker_product(directory, words, cls)
    if maker is not None:
        return maker, True
    if surface.isupper() and 2 <= len(surface) <= 6:
        found = directory.with_initialism(surface.lower())
        if len(found) == 1:
            return found[0], True
    if len(words) == 1 and surface[:1].isupper() and not surface.isupper():
        found = [c for c in directory.clipped(words[0]) if c.type() != "Person"]
        if len(found) == 1:
            return found[0], True
    if len(words) == 1 and cls == "Organization" and words[0] in lexicon().org_heads_before_of:
        # "the Bank" -> "Bank of England", "the Commission" -> "European Commission"
        found = [c for c in directory.with_word(words[0]) if c.type() == "Organization" and any(
            len(k.split()) > 1 and (k.split()[-1] == words[0] or k.startswith(f"{words[0]} of ")) for k in c.keys)]
        if len(found) == 1:
            return found[0], True
    return None, True


_MISTYPED_PEOPLE = frozenset({"Organization", "Product", "Group", "CreativeWork"})
"""Types the model gives a person's full name that a title before the surname overrules."""


def _maker_product(directory: _Directory, words: list[str], cls: str) -> _Cluster | None:
    """"Nintendo DS" and "the DS" are one product when Nintendo is an organization of the
    article: a maker's name in front of a product's name adds nothing. (Longer names come
    first, and the model often calls "Nintendo DS" an organization.)"""
    if len(words) < 2 and cls != "Product":
        return None  # neither a maker's name before a product's nor a product's short name
    clusters = directory.clusters

    def is_maker(key: str) -> bool:
        return any(c.type() == "Organization" for c in directory.with_key(key))

    for cut in range(1, len(words)):
        if is_maker(" ".join(words[:cut])):
            found = [c for c in directory.with_key(" ".join(words[cut:])) if c.type() == "Product"]
            if len(found) == 1:
                return found[0]
    if len(words) <= 2 and cls == "Product":
        found = [c for c in clusters if c.type() in ("Product", "Organization") and any(
            len(k.split()) > len(words) and k.split()[-len(words):] == words
            and is_maker(" ".join(k.split()[:-len(words)])) for k in c.keys)]
        if len(found) == 1:
            return found[0]
    return None


def _type_evidence(cluster: _Cluster) -> str | None:
    """Person when a title stands before one of its names ("Mr Ebbers", "Lord Drayson");
    Organization when one of its names ends in a corporate word ("Yukos Corp", "Bank")."""
    data, lex = name_data(), lexicon()
    if (cluster.titles | cluster.described) & data.person_titles:
        return "Person"  # "Mr Ebbers"; "Hobbs, 53, a former law professor" (a person's role in apposition)
    if (cluster.titles | cluster.described) & lex.creative_descriptors:
        return "CreativeWork"  # "the single Some Cities", "the film The Office"
    for name in cluster.names:
        words = name.lower().replace(".", "").split()
        if len(words) > 1 and (words[-1] in data.corporate_suffixes or words[-1] in lex.organization_words):
            return "Organization"  # "General Motors", "Justice Department"
    if cluster.types and cluster.vote() in ("Group", "Person") and any(known_full_name(k) for k in cluster.keys):
        return "Organization"  # "the Lib Dems", "Tory leader X": kg/data/aliases.json names organizations
    for name in cluster.names:
        words = name.lower().replace(".", "").split()
        if leading_title(words) or len(words) > 2 and words[0] in data.person_titles and words[1] == "of" \
                and named_place(" ".join(name.split()[2:])) is not None:
            return "Person"  # "President George Bush", "Prince of Wales", "Mayor of London"
    return None


def _describing_nouns(ent: Span) -> set[str]:
    """Common nouns that say what a name is: "the film adaptation of X" (adaptation), "X, an
    electronic book" (book)."""
    out = set()
    # The parser may hang a long title on more than one word ("The Hitchhiker's Guide | To The
    # Galaxy"): every word whose head is outside the name is a root of it.
    for root in (t for t in ent if not ent.start <= t.head.i < ent.end or t.head == t):
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos == NOUN \
                and root.head.head.lemma_.lower() not in name_data().person_titles:
            # "the president of France" says what the president is, not what France is
            out.add(root.head.head.lemma_.lower())
        out.update(c.lemma_.lower() for c in child_tokens(root) if c.dep_ == "appos" and c.pos == NOUN)
    return out


def _split_coordinations(found: list) -> list:
    """"Royer and Elgindy" as one name is two when the article names each on its own too."""
    keys: set[str] = set()
    for *_, surface, _ in found:
        words = name_key(surface).split()
        keys.add(" ".join(words))
        if len(words) > 1:
            keys.update((words[-1], words[0]))
    out = []
    for p, ent, cls, surface, mention in found:
        cuts = [t.i for t in ent if t.lower_ in ("and", "&") and ent.start < t.i < ent.end - 1]
        if len(cuts) == 1:
            parts = [ent.doc[ent.start:cuts[0]], ent.doc[cuts[0] + 1:ent.end]]
            if all(name_key(part.text) in keys for part in parts):
                for part in parts:
                    text = clean_surface(part.text)
                    out.append((p, part, cls, text, Mention(text, mention.start + part.start_char - ent.start_char,
                                                            mention.start + part.end_char - ent.start_char,
                                                            mention.sentence, mention.label)))
                continue
        out.append((p, ent, cls, surface, mention))
    return out


def _defined_acronyms(found: list) -> dict[str, str]:
    """Acronyms the article defines in brackets after a name: "Empresa Colombiana de Petroleos
    (ECOP)" -> {"ecop": "empresa colombiana de petroleos"}."""
    ends = {(p, ent.end): surface for p, ent, _, surface, _ in found}
    out: dict[str, str] = {}
    for p, ent, _, surface, _ in found:
        doc = ent.doc
        if len(ent) != 1 or not surface.isupper() or ent.start < 2 or doc[ent.start - 1].text != "(" \
                or ent.end >= len(doc) or doc[ent.end].text != ")":
            continue
        full = ends.get((p, ent.start - 1))
        if full is not None and defines_acronym(surface, full):
            out.setdefault(name_key(surface), name_key(full))
    return out


def _name_mentions(paragraphs: list[Paragraph], ontology: Ontology, sentences: list[SentenceRef]):
    starts: dict[int, list[tuple[int, int]]] = {}
    for ref in sentences:
        starts.setdefault(ref.paragraph, []).append((ref.span.start, ref.index))
    for p, para in enumerate(paragraphs):
        bounds = starts.get(p, [(0, 0)])
        text, pos = para.plain, doc_pos(para.doc)
        for ent in doc_ents(para.doc):
            cls = ontology.entity_class(ent.label_)
            if cls is None:  # a date, a number, an amount
                continue
            # the paragraph's own text: Span.text joins the name's tokens again
            surface = clean_surface(text[ent.start_char:ent.end_char])
            if not name_tokens(surface) or not any(c.isalpha() for c in surface):
                continue
            if all(pos[i] == PRON for i in range(ent.start, ent.end)):
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
    found = _split_coordinations(list(_name_mentions(paragraphs, ontology, sentences)))
    directory = _Directory()
    token_cluster: dict[tuple[int, int], _Cluster] = {}
    mentions_of: dict[int, list[Span]] = {}
    # Longest names first, so that a surname finds the full name it belongs to.
    defined = _defined_acronyms(found)
    titles = name_data().person_titles
    for p, ent, cls, surface, mention in sorted(found, key=lambda f: (-len(name_tokens(f[3])), f[4].start)):
        place = _place_named(ent, cls, surface)
        if place is not None:
            cls = "Place"
        before = ent.doc[ent.start - 1] if ent.start > 0 else None
        titled = before.lower_ if before is not None and before.head.i in range(ent.start, ent.end) \
            and before.lower_ in titles else ""
        cluster, votes = _attach(directory, surface, cls, place.name if place is not None else None, titled, defined)
        if cluster is None:
            cluster = _Cluster(first=mention.start)
            directory.new(cluster)
        cluster.first = min(cluster.first, mention.start) if cluster.mentions else mention.start
        cluster.add(surface, cls, mention, vote=votes)
        if place is not None:
            cluster.place = place.name
            cluster.variants.add(name_key(place.name))
        directory.note(cluster, surface, name_key(place.name) if place is not None else None)
        if before is not None and (before.head.i in range(ent.start, ent.end) or ent.root.head == before):
            cluster.titles.add(before.lower_)  # "Mr Ebbers", "the single Some Cities"; not "hit BBC comedy"
        cluster.described.update(_describing_nouns(ent))  # "deputy governor of X" is no title of X
        for token in ent:
            token_cluster[(p, token.i)] = cluster
        mentions_of.setdefault(id(cluster), []).append(ent)
    clusters = directory.clusters
    for cluster in clusters:
        cluster.evidence = _type_evidence(cluster)
    clusters = _without_common_nouns(clusters, token_cluster)
    clusters = _capital_metonyms(clusters, mentions_of, token_cluster)
    _qualify(clusters, mentions_of, token_cluster)
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
    plural = {k: tuple(ids[id(c)] for c in cs) for k, cs in linker.plural.items()}
    return EntityIndex(entities, by_token, sentence_of, plural)


def _without_common_nouns(clusters: list[_Cluster], token_cluster: dict) -> list[_Cluster]:
    """A capitalized common noun that names no organization of the article is no name: "the Bank"
    (when no "Bank of ..." is named), "The Council", "The Group" (``common_nouns`` in
    kg/data/names.json). A name in its own right ("the Treasury", "Congress") is not such a noun,
    nor the title of a work ("hit BBC comedy The Office")."""
    common = name_data().common_nouns
    dropped = {id(c) for c in clusters if c.type() == "Organization"  # not "hit BBC comedy The Office"
               and all(len(n.split()) == 1 and n.lower() in common for n in c.names)}
    for token, cluster in list(token_cluster.items()):
        if id(cluster) in dropped:
            del token_cluster[token]
    return [c for c in clusters if id(c) not in dropped]


def _capital_metonyms(clusters: list[_Cluster], mentions_of: dict[int, list[Span]],
                      token_cluster: dict) -> list[_Cluster]:
    """"Berlin welcomed the decision ... Paris was more subdued": a national capital that only
    ever acts as the subject of a clause, in an article that names its country, stands for the
    country's government. Its mentions become descriptions of the country (not names: "Berlin"
    never becomes an alias of Germany, in this article or the corpus)."""
    countries = {c.place: c for c in clusters if c.place is not None and c.type() == "Place"}
    dropped = set()
    for cluster in clusters:
        if cluster.place is None or cluster.type() != "Place" or id(cluster) not in mentions_of:
            continue
        place = lookup(cluster.place)
        country = capital_of(place) if place is not None else None
        target = countries.get(country.name) if country is not None else None
        if target is None or target is cluster or not all(_acts(ent) for ent in mentions_of[id(cluster)]):
            continue
        for key in [k for k, c in token_cluster.items() if c is cluster]:
            token_cluster[key] = target
        target.mentions.extend(replace(m, kind="description") for m in cluster.mentions)
        target.mentions.sort(key=lambda m: m.start)
        dropped.add(id(cluster))
    return [c for c in clusters if id(c) not in dropped]


def _acts(ent: Span) -> bool:
    """The name is the subject of a clause that says what it did or is like, not what it is
    ("Paris is the capital of France")."""
    root = ent.root
    return root.dep_ in ("nsubj", "nsubjpass") and not any(c.dep_ == "attr" for c in child_tokens(root.head))


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
        paragraph = ref.paragraph
        tags = doc_pos(ref.span.doc)
        for token in (*sentence_tokens(ref.span), None):
            # (the part of speech first: it rules out most words)
            pos = tags[token.i] if token is not None else None
            if token is not None and pos is not None and (pos == PROPN or (pos == ADJ or pos == NOUN) and token.is_title
                                    and not token.is_sent_start) \
                    and not token.ent_type_ and (paragraph, token.i) not in token_cluster:
                run.append(token)  # "the first Internationalised Domain Name": the tagger read an adjective
                continue
            while run and run[-1].pos != PROPN:
                run.pop()
            if run:
                key = name_key(" ".join(t.text for t in run))
                # the singular or plural of a name is the name: "three Cesars", "the Cesar"
                found = next((by_key[k] for k in sorted(number_forms(key)) if k in by_key), None) \
                    or surnames.get(key, [])
                if len(found) == 1:
                    cluster = found[0]
                    start = ref.offset + run[0].idx
                    text = ref.span.doc[run[0].i:run[-1].i + 1].text
                    # A recovered mention does not vote on the type.
                    cluster.add(text, cluster.type(), Mention(text, start, start + len(text), ref.index,
                                                              cluster.mentions[0].label), vote=False)
                    for t in run:
                        token_cluster[(ref.paragraph, t.i)] = cluster
                run = []


def _introducing_nouns(sentences: list[SentenceRef], token_cluster: dict) -> None:
    """A noun that introduces a name refers to it: "a trade group called The Travel Partnership",
    "its console, the DS", "the band Doves". Relations of the noun are then relations of the name
    ("backed by a trade group called ..." is backed by The Travel Partnership)."""
    naming = lexicon().naming_verbs
    for ref in sentences:
        pos = doc_pos(ref.span.doc)
        for noun in sentence_tokens(ref.span):
            if pos[noun.i] != NOUN or noun.ent_type_ or (ref.paragraph, noun.i) in token_cluster:
                continue
            children = child_tokens(noun)
            if not children:
                continue
            named = [c for c in children if c.dep_ == "appos"]
            for acl in (c for c in children if c.dep_ == "acl" and c.lemma_.lower() in naming):
                named += [c for c in child_tokens(acl) if c.dep_ in ("oprd", "attr", "dobj", "xcomp")]
            found = {id(token_cluster[(ref.paragraph, t.i)]): token_cluster[(ref.paragraph, t.i)]
                     for t in named if (ref.paragraph, t.i) in token_cluster}
            if len(found) == 1:
                token_cluster[(ref.paragraph, noun.i)] = next(iter(found.values()))


def _entity(entity_id: str, cluster: _Cluster) -> Entity:
    names = [n for n in cluster.names if n]
    label = max(sorted(names), key=lambda n: (len(name_tokens(n)), cluster.names[n], -len(n)))
    if cluster.place is not None:
        label = cluster.place  # one name for one place in every article: "United States"
    else:
        full = {known_full_name(name_key(n)) for n in names}
        if len(full) == 1 and None not in full and not any(is_generic(n) for n in names):
            label = full.pop()  # "Lib Dems", "Tory" -> "Liberal Democrats", "Conservative Party"
    mentions = tuple(sorted(cluster.mentions, key=lambda m: (m.start, m.end)))
    scope = ""
    if cluster.type() == "Organization" and is_generic(label):
        scope = cluster.qualifier or "article"  # pipeline.article makes "article" the article's id
        if cluster.qualifier:
            label = f"{label} ({cluster.qualifier})"
    return Entity(entity_id, cluster.type(), label, tuple(sorted(set(names))), mentions, scope)


def _qualify(clusters: list[_Cluster], mentions_of: dict[int, list[Span]], token_cluster: dict) -> None:
    """A generic name's country, when a mention says it: "Japan's Finance Ministry", "the
    Japanese Finance Ministry", "West German Finance Ministry" (a demonym the gazetteer knows)."""
    for cluster in clusters:
        if cluster.type() != "Organization" or not any(is_generic(n) for n in cluster.names):
            continue
        for ent in mentions_of.get(id(cluster), []):
            doc = ent.doc
            before = [doc[i] for i in range(max(0, ent.start - 3), ent.start)]
            for token in [*before, *ent]:
                place = demonym(token.text) if token.ent_type_ == "NORP" else \
                    lookup(token.text) if token.ent_type_ in ("GPE", "LOC") else None
                if place is not None and place.kind == "country":
                    cluster.qualifier = place.name
                    break
            if cluster.qualifier:
                break


def _pronoun_classes(ontology: Ontology) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for cls, words in ontology.pronouns.items():
        for w in words:
            out.setdefault(w, set()).add(cls)
    return out


def _title_gender(title: str) -> str | None:
    lex = lexicon()
    return "m" if title in lex.male_titles else "f" if title in lex.female_titles else None


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
