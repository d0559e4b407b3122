"""Link pronouns and definite descriptions to the entities of an article.

* A pronoun goes to the nearest preceding entity whose class admits it (``kg:pronoun`` in the
  ontology), whose gender does not clash ("he" never links to a known woman), preferring
  subjects; an object pronoun is never its own clause's subject ("Musk praised him").
* A description is linked only when that is safe:
  - an apposition names it ("Diageo, the world's biggest spirits company");
  - the article itself tied the role to an entity earlier ("Elon Musk, Twitter's CEO, ..." then
    "Twitter's CEO" or "the CEO");
  - its head noun is a descriptor of one class ("the billionaire" -> Person, "the tech giant" ->
    Organization, lists in ``kg/data/lexicon.json``) and an entity of that class was named in
    the last few sentences.
* A plural description ("the two countries", "both companies", "the pair", "the two") refers
  to as many entities as it counts (``plural_counts``) when the article named that many
  together shortly before ("France and Germany"), of one class that fits its noun (a plural
  noun must be a descriptor of a class: "both houses" counts nothing), or when the article has
  named exactly that many countries or people ("the two countries", "the two men"). It is a mention of each
  (:attr:`ReferenceLinker.plural`), and names them together again for the next one.
Linked descriptions become mentions (kind 'description') but never names or aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import AbstractSet, Protocol

from spacy.symbols import AUX, NOUN, NUM, PRON, PROPN, VERB
from spacy.tokens import Token

from ..nlp.gazetteer import lookup
from ..nlp.lexicon import lexicon
from ..extract.spans import sentence_tokens, subtree_ids
from ..model import Mention
from ..nlp.tokens import child_tokens, doc_pos

__all__ = ["ReferenceLinker", "Cluster"]

WINDOW = 3
PLURAL_WINDOW = 5
"""Sentences back that a plural description looks for the names it counts: a group of names is
rarer and more specific than one name, and each description that takes it up names it again."""
_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_REFERRING = frozenset({NOUN, PROPN, PRON, NUM})
"""The parts of speech of the words that can refer to an entity (a description, a pronoun, "the
two") or teach a role: no other word needs the questions asked of each word below."""
_OBJECTS = frozenset({"dobj", "pobj", "dative"})
_NP_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "attr", "dative", "appos", "conj",
                      "npadvmod", "ROOT"})


class Cluster(Protocol):
    gender: str | None
    mentions: list
    place: str | None
    """The key of the place the cluster names, if it names one."""

    def type(self) -> str: ...


@dataclass
class _Seen:
    sentence: int
    token: Token
    cluster: Cluster


@dataclass
class _Group:
    """Entities named together: a coordination of names, or a plural description of them."""
    sentence: int
    clusters: list
    salience: int = 2
    """Of the phrase that names them (:func:`_salience`): subjects first."""


def _clause_verb(token: Token) -> Token:
    """The head of the token's clause, counting a verb chain as one ("stopped advertising")."""
    node = token.head
    while node.head != node and node.pos not in (VERB, AUX):
        node = node.head
    while node.dep_ == "xcomp" and node.head != node:
        node = node.head
    return node


class ReferenceLinker:
    """Walks an article's sentences in order, keeping the recently named entities."""

    def __init__(self, pronoun_classes: dict[str, set[str]], token_cluster: dict) -> None:
        lex = lexicon()
        self.pronoun_classes = pronoun_classes
        self.token_cluster = token_cluster
        self.descriptor_classes: dict[str, str] = {}
        for cls, words in (("Person", lex.person_descriptors), ("Organization", lex.organization_descriptors),
                           ("Place", lex.place_descriptors), ("CreativeWork", lex.creative_descriptors),
                           ("Product", lex.product_descriptors), ("Law", lex.law_words)):
            for word in words:
                self.descriptor_classes.setdefault(word, cls)
        self.male, self.female = lex.male_pronouns, lex.female_pronouns
        self.roles: dict[str, Cluster] = {}
        self.voices: dict[str, Cluster] = {}
        """"a spokesman for the National Federation of Banks": an unnamed voice of an organization."""
        self.voice_nouns = lex.voice_nouns
        self.plural_counts: dict[str, int] = lex.plural_counts
        self.groups: list[_Group] = []
        self.plural: dict[tuple[int, int], list[Cluster]] = {}
        """(paragraph, token index) of a plural description -> the entities it refers to."""
        self.recent: list[_Seen] = []
        self.history: list[_Seen] = []
        """Every name seen so far in the article (``recent`` keeps the last few sentences)."""
        self.named_heads: dict[str, list[_Seen]] = {}
        """The last word of a name of two words or more -> the names of ``history`` that end in it
        ("commission": the European Commission), for the descriptions that point back to them."""
        self._word_clusters: dict[str, list[Cluster]] = {}
        """Each word of the names (their variants) of ``history`` -> the clusters they name."""
        self._seen_at: dict[int, list[int]] = {}
        """A cluster of ``history`` (its id) -> where it is in ``history``."""

    # -- entry point ---------------------------------------------------------------------------

    def sentence(self, paragraph: int, index: int, span, offset: int) -> None:
        cluster_at = self.token_cluster.get
        pos = doc_pos(span.doc)
        for token in sentence_tokens(span):
            key = (paragraph, token.i)
            cluster = cluster_at(key)
            if cluster is not None:
                head = token.head.i
                # the root of the name's words: its head is outside the name
                root = cluster_at((paragraph, head)) is not cluster or head == token.i
                if root:
                    self.recent.append(_Seen(index, token, cluster))
                    self._remember(_Seen(index, token, cluster))
                self._learn_role(paragraph, token, cluster)
                if root:
                    self._learn_group(paragraph, token, cluster, index)
                continue
            if pos[token.i] not in _REFERRING:
                continue
            word = _lemma(token)
            self._learn_voice(paragraph, token, word)
            referents = self._plural_description(token, index, word)
            if referents:
                self.plural[key] = referents
                start, text = _description_text(token)
                start += offset
                for referent in referents:
                    referent.mentions.append(Mention(text, start, start + len(text), index,
                                                     referent.mentions[0].label, "description"))
                self.groups.append(_Group(index, referents, _salience(token)))
                continue
            target: Cluster | None = None
            kind = "pronoun"
            if pos[token.i] == PRON and token.lower_ in self.pronoun_classes and not (
                    token.lower_ == "it" and token.dep_ not in _SUBJECTS):
                # An object "it" is far more often a thing than a named entity.
                target = self._pronoun(paragraph, token, index)
            elif self._is_description(token, word):
                target, kind = self._description(paragraph, token, index), "description"
            if target is not None:
                self.token_cluster[key] = target
                start, text = (token.idx, token.text) if kind == "pronoun" else _description_text(token)
                start += offset
                target.mentions.append(Mention(text, start, start + len(text), index,
                                               target.mentions[0].label, kind))
                self.recent.append(_Seen(index, token, target))
                if kind == "pronoun" and target.type() == "Person" and target.gender is None:
                    target.gender = "m" if token.lower_ in self.male else "f" if token.lower_ in self.female else None
        self.recent = [s for s in self.recent if index - s.sentence < WINDOW]
        # (the sentences come in order: an older group fits no later description)
        self.groups = [g for g in self.groups if index - g.sentence < PLURAL_WINDOW - 1]

    def _remember(self, seen: _Seen) -> None:
        seen_at = self._seen_at.get(id(seen.cluster))
        if seen_at is None:
            seen_at = self._seen_at[id(seen.cluster)] = []
            for word in {w for v in getattr(seen.cluster, "variants", ()) for w in v.split()}:
                self._word_clusters.setdefault(word, []).append(seen.cluster)
        seen_at.append(len(self.history))
        self.history.append(seen)
        for key in getattr(seen.cluster, "keys", ()):
            words = key.split()
            if len(words) > 1:
                self.named_heads.setdefault(words[-1], []).append(seen)

    # -- roles the article ties to an entity ---------------------------------------------------

    def _learn_role(self, paragraph: int, token: Token, cluster: Cluster) -> None:
        """"Elon Musk, Twitter's CEO": the role 'ceo' now names Musk in this article."""
        for child in child_tokens(token):
            if child.dep_ == "appos" and _common(child) and (paragraph, child.i) not in self.token_cluster:
                self.roles[_lemma(child)] = cluster
                self.token_cluster[(paragraph, child.i)] = cluster
                for conj in child.conjuncts:
                    if _common(conj):
                        self.roles[_lemma(conj)] = cluster
        if token.dep_ in _SUBJECTS and token.head.lemma_ == "be":
            for attr in (c for c in child_tokens(token.head) if c.dep_ == "attr" and _common(c)):
                if any(d.lower_ == "the" or d.dep_ == "poss" for d in child_tokens(attr)):
                    self.roles[_lemma(attr)] = cluster

    def _learn_voice(self, paragraph: int, token: Token, word: str) -> None:
        """"a spokesman for the X said": later, "the spokesman" speaks for X (unless a person
        takes the role: then the description is that person)."""
        if word not in self.voice_nouns or not _common(token) or \
                not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in child_tokens(token)):
            return
        for prep in (c for c in child_tokens(token) if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "from")):
            for pobj in (c for c in child_tokens(prep) if c.dep_ == "pobj"):
                cluster = self.token_cluster.get((paragraph, pobj.i))
                if cluster is not None and cluster.type() == "Organization":
                    self.voices.setdefault(word, cluster)

    # -- plural descriptions -------------------------------------------------------------------

    def _learn_group(self, paragraph: int, token: Token, cluster: Cluster, index: int) -> None:
        """"France and Germany": names coordinated with this one form a group."""
        if token.dep_ == "conj":
            return
        members = [cluster]
        for conj in _conjuncts_after(token):
            other = self.token_cluster.get((paragraph, conj.i))
            if other is None:
                return  # "France and other countries": not a group of names
            if all(other is not m for m in members):
                members.append(other)
        if len(members) > 1:
            self.groups.append(_Group(index, members, _salience(token)))

    def _plural_count(self, token: Token, word: str) -> int | None:
        """How many entities ``token`` heads a definite plural description of: "the two
        countries", "both companies", "the pair", "the two" (2); None when it is no such
        description ("two countries", "the countries"), or its noun names no class of entities
        ("both houses", "the two economies")."""
        if word not in self.descriptor_classes and word not in self.plural_counts \
                and token.lower_ not in self.plural_counts:
            return None  # no word of a class or a count: none of the cases below
        if token.dep_ not in _NP_DEPS or token.ent_type_ not in ("", "CARDINAL"):
            return None
        dets = {c.lower_ for c in child_tokens(token) if c.dep_ in ("det", "predet")}
        definite = bool(dets & {"the", "these", "those", "this"}) or any(c.dep_ == "poss" for c in child_tokens(token))
        if token.pos == NUM:  # "the two were under close scrutiny"
            return self.plural_counts.get(token.lower_) if definite and token.lower_.isalpha() else None
        if not _common(token) or any(c.dep_ in ("cc", "preconj") for t in token.lefts for c in (t, *child_tokens(t))) \
                or any(c.dep_ in ("cc", "conj") for c in child_tokens(token)):
            return None  # "both criminal and civil charges", "both operators and users": a coordination
        if token.tag_ in ("NNS", "NNPS"):
            if word not in self.descriptor_classes:
                return None  # "both houses", "both cases": only a noun of a class counts names
            if "both" in dets:
                return 2
            counts = [self.plural_counts.get(c.lower_) for c in child_tokens(token) if c.dep_ == "nummod"]
            return counts[0] if definite and len(counts) == 1 and counts[0] else None
        return self.plural_counts.get(word) if definite and not word.isdigit() and word != "both" else None

    def _plural_description(self, token: Token, index: int, word: str) -> list[Cluster] | None:
        """The entities a plural description counts: the last group of that many names (of one
        class that fits its noun) in the last few sentences; else, when the article has named
        exactly that many countries or people so far, those ("Chavez offered China
        access ... a deal between the two countries"). Names merely mentioned near each other
        are no group ("attacked by the Tories ... The Liberal Democrats": 'both the big parties'
        of an article that named three parties are not these two)."""
        count = self._plural_count(token, word)
        if count is None:
            return None
        cls = self.descriptor_classes.get(word) if token.pos != NUM else None
        fitting = [g for g in self.groups if index - g.sentence < PLURAL_WINDOW and len(g.clusters) == count
                   and len({c.type() for c in g.clusters}) == 1 and (cls is None or g.clusters[0].type() == cls)]
        if fitting:  # the last sentence's, its subjects first ("Kenteris and Thanou skipped tests in
            # Tel Aviv and Chicago ... the pair": the athletes)
            best = min(fitting, key=lambda g: (index - g.sentence, g.salience))
            return list(best.clusters)
        if cls not in ("Place", "Person"):
            return None  # the small model's types of works, products and firms are too loose to count
        named: list[Cluster] = []
        for seen in self.history:
            cluster = seen.cluster
            if cluster.type() != cls or any(cluster is c for c in named) or \
                    seen.sentence == index and seen.token.i > token.i:
                continue
            if cls == "Place" and not _country(cluster):
                continue  # "the two countries": countries, not the cities named with them
            named.append(cluster)
            if len(named) > count:
                return None  # more than the description counts, however many follow
        return named if len(named) == count else None

    # -- pronouns ------------------------------------------------------------------------------

    def _pronoun(self, paragraph: int, pronoun: Token, index: int) -> Cluster | None:
        allowed = self.pronoun_classes[pronoun.lower_]
        gender = "m" if pronoun.lower_ in self.male else "f" if pronoun.lower_ in self.female else None
        return self._best(pronoun, index, allowed, gender)

    # -- descriptions --------------------------------------------------------------------------

    def _is_description(self, token: Token, word: str) -> bool:
        if word not in self.roles and word not in self.voices and word not in self.descriptor_classes \
                and word not in self.named_heads:
            return False  # no role, voice or class the noun could describe, no name it could end
        if not _common(token) or token.tag_ not in ("NN", "NNP") or token.dep_ not in _NP_DEPS:
            return False
        # "the company", and the demonstrative "this company" that points back the same way
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in child_tokens(token))
        owned = any(c.dep_ == "poss" and c.pos == PROPN for c in child_tokens(token))
        return (definite or owned) and (word in self.roles or word in self.voices or word in self.descriptor_classes
                                         or definite and self._named_head(word, token) is not None)

    def _description(self, paragraph: int, token: Token, index: int) -> Cluster | None:
        word = _lemma(token)
        if word in self.roles:
            return self.roles[word]
        if word in self.voices:
            return self.voices[word]
        cls = self.descriptor_classes.get(word)
        if cls is None:
            return self._named_head(word, token)
        for child in child_tokens(token):
            inner = self.token_cluster.get((paragraph, child.i))
            # (the tagger may take a name like ".post" for punctuation: the word before counts too)
            if (child.dep_ in ("compound", "nmod") or child.i == token.i - 1) and inner is not None \
                    and inner.type() == cls:
                return inner  # "the Computerandvideogames.com magazine" is the name it carries
        named = self._named_after(word, token)
        if named is not None:
            return named
        inside = subtree_ids(token)
        # The small model often calls a title an organization: "the film" may be one.
        allowed = {cls, "Product", "CreativeWork"} if cls in ("Product", "CreativeWork") else {cls}
        return self._best(token, index, allowed, None, exclude=inside)

    def _named_after(self, word: str, token: Token) -> Cluster | None:
        """"the party" is the party the article named last ("UK Independence Party", "the
        Conservatives"), "the bank" the last bank: a name with the description's noun in it."""
        last = -1  # the one named last
        for cluster in self._word_clusters.get(word, ()):
            for at in reversed(self._seen_at[id(cluster)]):
                if at < last:
                    break
                if self.history[at].token.i != token.i:
                    last = at
                    break
        return self.history[last].cluster if last >= 0 else None

    def _named_head(self, word: str, token: Token) -> Cluster | None:
        """"the commission" after "the European Commission", "the court" after "the European
        Court of Justice": the one organization named so far whose name ends in the noun."""
        if token.tag_ != "NN":
            return None
        named = {id(s.cluster): s.cluster for s in self.named_heads.get(word, ())
                 if s.token.i != token.i and s.cluster.type() == "Organization"}
        return next(iter(named.values())) if len(named) == 1 else None

    # -- shared ranking ------------------------------------------------------------------------

    def _best(self, anaphor: Token, index: int, allowed: set[str], gender: str | None,
              exclude: AbstractSet[int] = frozenset()) -> Cluster | None:
        verb = _clause_verb(anaphor)
        # The clause's own subject, including names inside it ("major corporations like Apple"),
        # is not what an object or a description in that clause refers to.
        subject_span = {t.i for c in child_tokens(verb) if c.dep_ in _SUBJECTS for t in c.subtree}
        bound = anaphor.dep_ != "poss" and anaphor.i not in subject_span
        best, best_score = None, None
        for seen in self.recent:
            cluster, token = seen.cluster, seen.token
            if cluster.type() not in allowed or (gender and cluster.gender and cluster.gender != gender):
                continue
            same = seen.sentence == index
            if same and (token.i in exclude or token.i > anaphor.i):
                continue
            if same and _clause_verb(token) == verb and token.dep_ in ("dobj", "dative"):
                continue  # "remove Twitter from its platform": its is not Twitter
            if same and bound and token.i in subject_span:
                continue  # "Musk praised him": him is not Musk; "Apple stopped advertising on the platform"
            if anaphor.lower_ in _PLURAL and same and any(
                    t.tag_ in ("NNS", "NNPS") for t in anaphor.doc[token.i + 1:anaphor.i]):
                continue
            score = (index - seen.sentence, _salience(token), -token.i)
            if best_score is None or score < best_score:
                best, best_score = cluster, score
        return best


def _country(cluster: Cluster) -> bool:
    place = lookup(cluster.place) if cluster.place else None
    return place is not None and place.kind == "country"


def _conjuncts_after(token: Token) -> list[Token]:
    """``token.conjuncts`` of a token that is no conjunct itself (its dependency is not "conj"),
    in spaCy's order, from the kept tree: spaCy's walk makes Token objects for every child."""
    queue = [token]
    for word in queue:
        queue.extend(c for c in child_tokens(word) if c.i > word.i and c.dep_ == "conj")
    return queue[1:]


def _common(token: Token) -> bool:
    """A common noun, or a role word the tagger calls a proper noun ("CEO"), outside any name."""
    return not token.ent_type_ and (token.pos == NOUN or token.pos == PROPN and token.is_upper)


def _salience(token: Token) -> int:
    """Subjects are the likeliest antecedents, then objects, then other phrases, then modifiers."""
    if token.dep_ in _SUBJECTS:
        return 0
    if token.dep_ in ("dobj", "attr", "dative", "appos"):
        return 1
    if token.dep_ in ("pobj", "conj", "ROOT"):
        return 2
    return 3


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _description_text(token: Token) -> tuple[int, str]:
    """(offset in the paragraph, text) of the description up to its head: "the tech giant"."""
    words = [t for t in token.subtree if t.i <= token.i and t.dep_ != "punct"]
    # The span's own text: Doc.text would rebuild the whole paragraph's text from its tokens.
    return words[0].idx, token.doc[words[0].i:token.i + 1].text
