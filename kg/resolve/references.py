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
Linked descriptions become mentions (kind 'description') but never names or aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from spacy.tokens import Token

from ..nlp.lexicon import lexicon
from ..extract.spans import subtree_ids
from ..model import Mention

__all__ = ["ReferenceLinker", "Cluster"]

WINDOW = 3
_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_OBJECTS = frozenset({"dobj", "pobj", "dative"})
_NP_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "attr", "dative", "appos", "conj",
                      "npadvmod", "ROOT"})


class Cluster(Protocol):
    gender: str | None
    mentions: list

    def type(self) -> str: ...


@dataclass
class _Seen:
    sentence: int
    token: Token
    cluster: Cluster


def _clause_verb(token: Token) -> Token:
    """The head of the token's clause, counting a verb chain as one ("stopped advertising")."""
    node = token.head
    while node.head != node and node.pos_ not in ("VERB", "AUX"):
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
        self.recent: list[_Seen] = []
        self.history: list[_Seen] = []
        """Every name seen so far in the article (``recent`` keeps the last few sentences)."""

    # -- entry point ---------------------------------------------------------------------------

    def sentence(self, paragraph: int, index: int, span, offset: int) -> None:
        for token in span:
            key = (paragraph, token.i)
            cluster = self.token_cluster.get(key)
            if cluster is not None:
                head_cluster = self.token_cluster.get((paragraph, token.head.i))
                if head_cluster is not cluster or token.head == token:
                    self.recent.append(_Seen(index, token, cluster))
                    self.history.append(_Seen(index, token, cluster))
                self._learn_role(paragraph, token, cluster)
                continue
            self._learn_voice(paragraph, token)
            target, kind = None, None
            if token.pos_ == "PRON" and token.lower_ in self.pronoun_classes and not (
                    token.lower_ == "it" and token.dep_ not in _SUBJECTS):
                # An object "it" is far more often a thing than a named entity.
                target, kind = self._pronoun(paragraph, token, index), "pronoun"
            elif self._is_description(token):
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

    # -- roles the article ties to an entity ---------------------------------------------------

    def _learn_role(self, paragraph: int, token: Token, cluster: Cluster) -> None:
        """"Elon Musk, Twitter's CEO": the role 'ceo' now names Musk in this article."""
        for child in token.children:
            if child.dep_ == "appos" and _common(child) and (paragraph, child.i) not in self.token_cluster:
                self.roles[_lemma(child)] = cluster
                self.token_cluster[(paragraph, child.i)] = cluster
                for conj in child.conjuncts:
                    if _common(conj):
                        self.roles[_lemma(conj)] = cluster
        if token.dep_ in _SUBJECTS and token.head.lemma_ == "be":
            for attr in (c for c in token.head.children if c.dep_ == "attr" and _common(c)):
                if any(d.lower_ == "the" or d.dep_ == "poss" for d in attr.children):
                    self.roles[_lemma(attr)] = cluster

    def _learn_voice(self, paragraph: int, token: Token) -> None:
        """"a spokesman for the X said": later, "the spokesman" speaks for X (unless a person
        takes the role: then the description is that person)."""
        if _lemma(token) not in self.voice_nouns or not _common(token) or \
                not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
            return
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "from")):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                cluster = self.token_cluster.get((paragraph, pobj.i))
                if cluster is not None and cluster.type() == "Organization":
                    self.voices.setdefault(_lemma(token), cluster)

    # -- pronouns ------------------------------------------------------------------------------

    def _pronoun(self, paragraph: int, pronoun: Token, index: int) -> Cluster | None:
        allowed = self.pronoun_classes[pronoun.lower_]
        gender = "m" if pronoun.lower_ in self.male else "f" if pronoun.lower_ in self.female else None
        return self._best(pronoun, index, allowed, gender)

    # -- descriptions --------------------------------------------------------------------------

    def _is_description(self, token: Token) -> bool:
        if not _common(token) or token.tag_ not in ("NN", "NNP") or token.dep_ not in _NP_DEPS:
            return False
        # "the company", and the demonstrative "this company" that points back the same way
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children)
        owned = any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in token.children)
        word = _lemma(token)
        return (definite or owned) and (word in self.roles or word in self.voices or word in self.descriptor_classes)

    def _description(self, paragraph: int, token: Token, index: int) -> Cluster | None:
        word = _lemma(token)
        if word in self.roles:
            return self.roles[word]
        if word in self.voices:
            return self.voices[word]
        cls = self.descriptor_classes.get(word)
        if cls is None:
            return None
        for child in token.children:
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
        named = [s.cluster for s in self.history
                 if s.token.i != token.i and any(word in v.split() for v in getattr(s.cluster, "variants", ()))]
        return named[-1] if named else None  # the one named last

    # -- shared ranking ------------------------------------------------------------------------

    def _best(self, anaphor: Token, index: int, allowed: set[str], gender: str | None,
              exclude: set[int] = frozenset()) -> Cluster | None:
        verb = _clause_verb(anaphor)
        # The clause's own subject, including names inside it ("major corporations like Apple"),
        # is not what an object or a description in that clause refers to.
        subject_span = {t.i for c in verb.children if c.dep_ in _SUBJECTS for t in c.subtree}
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


def _common(token: Token) -> bool:
    """A common noun, or a role word the tagger calls a proper noun ("CEO"), outside any name."""
    return not token.ent_type_ and (token.pos_ == "NOUN" or token.pos_ == "PROPN" and token.is_upper)


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
    start, end = words[0].idx, token.idx + len(token.text)
    return start, token.doc.text[start:end]
