"""Verb clauses: subject, verb group, objects and prepositional arguments.

One clause per verbal head. The constructions it handles, each in a small function:
subject-verb-object with particles (:func:`verb_group`), xcomp chains ("has threatened to
sue"), prepositional objects, passive voice with an agent, conjunct splitting, relative
and participial clauses (:func:`find_subjects`), negation and modality (:func:`polarity`)
and reported speech (:func:`reported_by`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from typing import Iterator

from spacy.symbols import ADJ, ADP, AUX, NOUN, PRON, PROPN, VERB
from spacy.tokens import Span, Token

from .candidate import Arg, Candidate, Refers, may_be_entity
from ..nlp.lexicon import lexicon
from ..ontology import load_ontology
from .spans import SUBJECT_DEPS, conjuncts, is_verbal, phrase, sentence_tokens, subtree_ids, token_sentence
from ..nlp.threads import PerThread
from ..nlp.tokens import child_tokens, doc_pos, doc_tokens

__all__ = ["VerbGroup", "verb_group", "find_subjects", "collect_args", "polarity", "reported_by",
           "verb_clauses", "lemma"]

_RELATIVE = frozenset({"who", "which", "that", "whom"})
_CORE_DEPS = ("dobj", "dative", "attr", "oprd")
_TIME_LABELS = frozenset({"DATE", "TIME"})
_MAX_PER_CLAUSE = 8
_EMBEDDED = frozenset({"ccomp", "pcomp", "xcomp", "advcl", "acl", "relcl"})
# Question words: "What is this spat about?" states no relation.
_WH_TAGS = frozenset({"WP", "WDT", "WP$", "WRB"})


def lemma(token: Token) -> str:
    word = token.lemma_.lower() if token.lemma_ else token.lower_
    return lexicon().lemma_overrides.get(word, word)


@dataclass
class VerbGroup:
    """The verbs of one predicate: "has threatened to sue" -> verbs [threatened, sue]."""

    head: Token
    verbs: list[Token]
    tokens: list[Token]
    chain: list[str]
    passive: bool = False
    adjectives: list[Token] = field(default_factory=list)
    idioms: list[Token] = field(default_factory=list)
    """Prepositions whose phrase is part of the relation, not an argument ("took X to court")."""

    @property
    def last(self) -> Token:
        return self.verbs[-1]


def _aux_tokens(verb: Token) -> list[Token]:
    return [c for c in child_tokens(verb) if c.dep_ in ("aux", "auxpass", "neg") or
            (c.dep_ == "advmod" and c.lower_ in ("never", "not"))]


def _particles(verb: Token) -> list[Token]:
    return [c for c in child_tokens(verb) if c.dep_ == "prt"]


def _open_xcomp(token: Token) -> Token | None:
    for child in child_tokens(token):
        if child.dep_ == "xcomp" and child.pos in (VERB, AUX) and child.i > token.i:
            return child
    return None


def is_copula(token: Token) -> bool:
    return lemma(token) == "be" and token.dep_ not in ("aux", "auxpass")


def verb_group(verb: Token) -> VerbGroup:
    """Fold aux, negation, particles and open complements ("to sue", "willing to sell")."""
    particles = _particles(verb)
    tokens = _aux_tokens(verb) + [verb] + particles
    # "Yukos, owned by Mikhail Khodorkovsky, ...": a participle with an agent is passive too
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in child_tokens(verb)) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in child_tokens(verb)))
    chain = [lemma(verb)] + [lemma(p) for p in particles]
    if passive:
        chain = ["be"] + chain
    complement = next((c for c in child_tokens(verb) if c.dep_ == "oprd" and c.pos == NOUN), None)
    if complement is not None and lemma(verb) in lexicon().naming_complement_verbs:
        chain.append(lemma(complement))  # "was made a lord by Blair": made-lord, not made
    state = _state_complement(verb)
    if state is not None:  # "left the pact in tatters": left-in-tatters, no departure
        chain += [state.head.lower_, lemma(state)]
    idiom = _idiom_complement(verb, chain) if state is None else None
    if idiom is not None:  # "took France to the European Court of Justice": took-to-court, sues
        chain += [idiom.head.lower_, lemma(idiom)]
    group = VerbGroup(verb, [verb], tokens, chain, passive, idioms=[idiom.head] if idiom is not None else [])
    current = verb
    while True:
        nxt = _open_xcomp(current)
        if nxt is None and is_copula(current):
            adjective = next((c for c in child_tokens(current) if c.dep_ == "acomp"), None)
            nxt = _open_xcomp(adjective) if adjective is not None else None
            if nxt is not None and adjective is not None:
                group.adjectives.append(adjective)
                group.tokens.append(adjective)
                group.chain.append(lemma(adjective))
        if nxt is None or any(c.dep_ == "dobj" for c in child_tokens(current)):
            break
        particles = _particles(nxt)
        group.tokens += _aux_tokens(nxt) + [nxt] + particles
        group.chain += [lemma(nxt)] + [lemma(p) for p in particles]
        group.verbs.append(nxt)
        current = nxt
    group.tokens.sort(key=lambda t: t.i)
    return group


def _state_complement(verb: Token) -> Token | None:
    """"left the pact in tatters", "put the plans on hold", "threw the talks into disarray": the
    bare noun of a state the verb (``state_verbs``) leaves its object in; such a verb with it says
    how the object ends up, not that the subject went anywhere or moved it."""
    if lemma(verb) not in lexicon().state_verbs:
        return None
    for prep in child_tokens(verb):
        if prep.dep_ == "prep" and prep.lower_ in ("in", "on", "into", "under"):
            for noun in child_tokens(prep):
                if noun.dep_ == "pobj" and noun.pos == NOUN and not noun.ent_type_ and not any(
                        c.dep_ in ("det", "poss", "nummod", "compound") for c in child_tokens(noun)):
                    return noun
    return None


def _idiom_complement(verb: Token, chain: list[str]) -> Token | None:
    """"took Microsoft to court", "took France to the European Court of Justice": the noun of a
    prepositional phrase that, with the verb, makes a relation of the ontology ("take to court");
    the phrase is then part of the relation, and its noun (or the name it heads) no argument."""
    patterns = load_ontology().patterns
    for prep in child_tokens(verb):
        if prep.dep_ != "prep":
            continue
        for noun in child_tokens(prep):
            if noun.dep_ == "pobj" and noun.pos in (NOUN, PROPN) and \
                    " ".join([*chain, prep.lower_, lemma(noun)]) in patterns:
                return noun
    return None


def _nearest_verbal_ancestor(token: Token) -> Token | None:
    node = token.head
    while node != node.head:
        if is_verbal(node):
            return node
        node = node.head
    return node if is_verbal(node) and node != token else None


def find_subjects(verb: Token, _depth: int = 0) -> list[Token]:
    """Subject heads of the clause, inherited through coordination, control and relative clauses."""
    if _depth > 6:
        return []
    explicit = [c for c in child_tokens(verb) if c.dep_ in SUBJECT_DEPS and c.dep_ != "expl"]
    if explicit:
        subject = explicit[0]
        if verb.dep_ == "relcl" and subject.lower_ in _RELATIVE:
            # a relative clause is about what precedes it: "Jack Ruby, who killed X, and the
            # Bakkers" -- the Bakkers, named after the clause, did not
            return [c for c in conjuncts(verb.head) if c.i < verb.left_edge.i]
        return conjuncts(subject)
    if verb.dep_ == "conj" and is_verbal(verb.head):
        return find_subjects(verb.head, _depth + 1)
    if verb.dep_ == "xcomp" and (is_verbal(verb.head) or verb.head.pos == ADJ):
        return find_subjects(verb.head if is_verbal(verb.head) else verb.head.head, _depth + 1)
    if verb.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child_tokens(verb)):
        # "Microsoft's decision to remove Twitter": the possessor decides and removes.
        owner = next((c for c in child_tokens(verb.head) if c.dep_ == "poss"), None)
        if owner is not None:
            return conjuncts(owner)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos in (NOUN, PROPN, PRON):
        return [verb.head]
    if verb.dep_ in ("advcl", "pcomp") or (verb.dep_ == "acl" and verb.head.pos not in (NOUN, PROPN)) \
            or (verb.dep_ == "ccomp" and verb.tag_ == "VBG"):
        ancestor = _nearest_verbal_ancestor(verb)
        if ancestor is not None:
            if verb.dep_ == "pcomp" and lemma(ancestor) in lexicon().object_control_verbs:
                # "sue Microsoft for using Twitter data": Microsoft did the using.
                objects = [c for c in child_tokens(ancestor) if c.dep_ == "dobj"]
                if objects:
                    return conjuncts(objects[0])
            return find_subjects(ancestor, _depth + 1)
    return []


def _noun_args(role: str, head: Token, prep: Token | None = None) -> list[Arg]:
    out = []
    for conj in conjuncts(head):
        tokens = phrase(conj)
        if prep is not None:
            tokens = [prep] + tokens
        out.append(Arg(role, tokens, conj, prep))
    return out


def _prep_args(prep: Token, role: str = "prep") -> list[Arg]:
    # "due to", "because of": a bare ADP under the preposition completes it.
    tail = [c for c in child_tokens(prep) if c.dep_ in ("pcomp", "prep") and c.pos == ADP
            and not any(True for _ in child_tokens(c))]
    words = sorted([prep, *tail], key=lambda t: t.i)
    out: list[Arg] = []
    for child in child_tokens(prep):
        if child.dep_ == "pobj":
            for conj in conjuncts(child):
                out.append(Arg(role, sorted(words + phrase(conj), key=lambda t: t.i), conj, prep))
        elif child.dep_ == "pcomp" and child not in tail:
            tokens = sorted([*words, *child.subtree], key=lambda t: t.i)
            out.append(Arg(role, tokens, child, prep))
        elif child.dep_ == "conj" and child.pos == ADP:
            out.extend(_prep_args(child, role))  # "to Saudi Arabia and to Oman"
    return out


def collect_args(group: VerbGroup) -> list[list[Arg]]:
    """Argument slots in text order; each slot lists its conjunct alternatives."""
    slots: list[tuple[int, list[Arg]]] = []
    in_group = {t.i for t in group.tokens}
    owners = group.verbs + group.adjectives
    for owner in owners:
        for child in child_tokens(owner):
            if child.i in in_group:
                continue
            dep = child.dep_
            alts: list[Arg] = []
            if dep in _CORE_DEPS:
                alts = _noun_args(dep, child)
            elif dep == "acomp":
                alts = [Arg("acomp", phrase(child), child)]
            elif dep == "prep":
                alts = _prep_args(child, "idiom" if child in group.idioms else "prep")
            elif dep == "agent":
                alts = _prep_args(child, "agent")
            elif dep == "ccomp":
                alts = [Arg("ccomp", sorted(child.subtree, key=lambda t: t.i), child)]
            elif dep == "xcomp":
                alts = [Arg("xcomp", sorted(child.subtree, key=lambda t: t.i), child)]
            elif dep in ("npadvmod", "advmod") and child.ent_type_ in _TIME_LABELS:
                alts = [Arg("time", phrase(child), child)]
            if alts:
                slots.append((child.i, alts))
    head = group.head
    if head.dep_ == "relcl" and not any(a.role in ("dobj", "ccomp", "xcomp") for _, alts in slots for a in alts):
        # "the company Musk acquired": the head noun is the object. Not when the relative pronoun
        # belongs to an embedded clause ("ChatGPT, which he claimed has been trained").
        subject = next((c for c in child_tokens(head) if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None and subject.lower_ not in _RELATIVE and head.head.ent_type_ not in _TIME_LABELS:
            slots.append((head.head.i, [Arg("dobj", phrase(head.head), head.head)]))
    for _, alts in slots:
        for arg in alts:
            if arg.role == "dobj" and arg.head.lower_ in _RELATIVE and head.dep_ == "relcl":
                arg.tokens, arg.head = phrase(head.head), head.head
    # Arguments after the verb first, in order; fronted ones ("In October, ...") last.
    slots.sort(key=lambda s: (s[0] < head.i, s[0]))
    return [alts for _, alts in slots]


def polarity(group: VerbGroup) -> tuple[bool, str | None]:
    """(negated, modality) from negation, modal auxiliaries and hedging adverbs."""
    lex = lexicon()
    negated = False
    modality: list[str] = []
    for verb in group.verbs:
        for child in child_tokens(verb):
            if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ in ("never",)):
                negated = True
            elif child.dep_ == "advmod" and any(g.dep_ == "neg" for g in child_tokens(child)):
                negated = True
            elif child.dep_ == "aux" and child.tag_ == "MD" and child.lower_ in lex.modal_verbs:
                modality.append(child.lower_)
            elif child.dep_ == "advmod" and child.lower_ in lex.hedges:
                modality.append(child.lower_)
            elif child.dep_ == "dobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in child_tokens(child)):
                negated = True
    return negated, " ".join(modality) or None


def trailing_attribution(verb: Token) -> Token | None:
    """The reporting clause that ends the sentence, when ``verb`` stands before it: "Tony Blair is
    pressing the US ..., Downing Street has indicated." and "..., said a spokesman." The small
    parser often hangs such a clause on the wrong word, so it is read from the words: after the
    last comma, a reporting verb, its speaker, and nothing that is a clause of its own."""
    found = _sentence_attribution(token_sentence(verb))
    if found is None or verb.i > found[0]:
        return None
    return found[1]


_KEPT = PerThread(attribution=[None, None], clauses=[None, (), {}])
"""This thread's readings of the sentence it reads."""


def _sentence_attribution(tokens: tuple[Token, ...]) -> tuple[int, Token] | None:
    """(where its last comma is, the speaker or the reporting verb) of the sentence's closing
    reporting clause, or None; read once per sentence, as every clause of it asks."""
    cache = _KEPT.attribution
    if cache[0] is not tokens:
        cache[0], cache[1] = tokens, _read_attribution(tokens)
    return cache[1]


def _read_attribution(sentence: tuple[Token, ...]) -> tuple[int, Token] | None:
    tokens = [t for t in sentence if not t.is_space]
    while tokens and (tokens[-1].is_punct or tokens[-1].text in ('"', "'")):
        tokens.pop()
    commas = [i for i, t in enumerate(tokens) if t.text == ","]
    if not commas:
        return None
    tail = tokens[commas[-1] + 1:]
    reporting = [t for t in tail if is_verbal(t) and lemma(t) in lexicon().reporting_verbs]
    verbs = [t for t in tail if t.pos == VERB]
    if len(reporting) != 1 or len(verbs) != 1 or len(tail) > 8:
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in child_tokens(reporting[0])):
        return None  # "Diageo, which bought Chalone, reported higher sales": it reports sales, not the clause
    speaker = [t for t in tail if t.pos in (PROPN, NOUN, PRON) and t.dep_ not in ("npadvmod", "pobj")]
    return tokens[commas[-1]].i, speaker[-1] if speaker else reporting[0]


def reported_by(verb: Token) -> tuple[bool, Token | None]:
    """(reported, speaker) for a clause the article attributes to somebody.

    "Musk said the firm had trained it", "accusing the tech titan of unlawfully using data",
    "Twitter has a vast amount of data, Rhodes said", "according to Reuters". The speaker is
    None when the text does not name one ("it was claimed that ...").
    """
    lex = lexicon()
    node = verb
    for _ in range(8):
        if node.dep_ == "conj" and is_verbal(node.head):
            node = node.head
            continue
        if node.dep_ not in _EMBEDDED:
            break
        if node.dep_ in ("acl", "ccomp") and node.head.pos == NOUN and lemma(node.head) in lex.report_nouns:
            # "reports that Barclays had held talks", "allegations he pressured Sullivan"
            owner = next((c for c in child_tokens(node.head) if c.dep_ == "poss"), None)
            return True, owner
        if node.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in lex.presupposing_markers
                                        for c in child_tokens(node)):
            break  # "confirmed X was discussed when McCain visited Blair": the visit is given
        governor = _nearest_verbal_ancestor(node)
        if governor is None:
            break
        if node.dep_ in ("ccomp", "pcomp") and lemma(governor) in lex.reporting_verbs:
            speakers = find_subjects(governor)
            return True, speakers[0] if speakers else None
        node = governor  # a clause inside a reported clause is reported too
    trailing = trailing_attribution(verb)
    if trailing is not None:
        return True, trailing if not is_verbal(trailing) else None
    for child in child_tokens(verb):
        if child.dep_ in ("parataxis", "ccomp") and lemma(child) in lex.reporting_verbs \
                and child.i > verb.i and not any(g.dep_ in ("ccomp", "dobj", "xcomp") for g in child_tokens(child)):
            # "Twitter has a vast amount of data, Rhodes said": the speaker is the reporting
            # verb's own subject; a participle ("..., accusing X") reports nothing new.
            speakers = [g for g in child_tokens(child) if g.dep_ == "nsubj"]
            if speakers:
                return True, speakers[0]
        if child.dep_ == "prep" and child.lower_ == "according":
            for grand in child.subtree:
                if grand.dep_ == "pobj":
                    return True, grand
    return False, None


def _said_to(group: VerbGroup) -> bool:
    """"Rosneft is said to have bought Yuganskneftegaz": somebody the text does not name claims it."""
    return len(group.chain) > 2 and lexicon().control_verbs.get(" ".join(group.chain[:2])) == "reported"


def _is_clause_head(token: Token) -> bool:
    if token.dep_ in ("aux", "auxpass", "amod", "compound"):
        return False
    if token.pos == VERB:
        head = token.head
        if token.dep_ == "xcomp" and head != token and (
                is_verbal(head) or head.pos == ADJ and head.dep_ == "acomp"):
            return not _folded(token)
        return True
    return token.pos == AUX and is_copula(token)


def _folded(xcomp: Token) -> bool:
    """True when the xcomp is part of its governor's verb group."""
    governor = xcomp.head if is_verbal(xcomp.head) else xcomp.head.head
    return xcomp in verb_group(governor).verbs


def _arg_chain(group: VerbGroup, slots: list[Arg], arg: Arg) -> tuple[tuple[str, ...], bool]:
    """Lemma chain from the subject to ``arg``, and whether the edge is inverted."""
    chain = list(group.chain)
    if arg.role == "agent":
        # "was made a lord by Tony Blair": Blair made him a lord, which is no act of creation
        complement = next((a for a in slots if a.role in ("oprd", "attr") and not a.head.ent_type_), None)
        extra = [lemma(complement.head)] if complement is not None and group.passive else []
        return tuple(c for c in chain if c != "be") + tuple(extra) if group.passive else tuple(chain + ["by"]), group.passive
    if arg.role == "dative":
        return tuple(chain + ["to"]), False  # "gave the party a sum": gave to the party
    if arg.prep is not None:
        nominal = next((a for a in slots if a.role in ("dobj", "attr") and a.head.i < arg.head.i), None)
        if nominal is not None and not nominal.head.ent_type_:
            chain.append(lemma(nominal.head))
        chain.append(arg.prep.lower_)
    return tuple(chain), False


def clause_heads(sent: Span) -> tuple[Token, ...]:
    """The heads of the sentence's clauses, found once for the rules that read clauses."""
    tokens, cache = sentence_tokens(sent), _KEPT.clauses
    if cache[0] is not tokens:
        pos = doc_pos(sent.doc)  # only a verb or an auxiliary heads a clause
        heads = tuple(t for t in tokens if (pos[t.i] == VERB or pos[t.i] == AUX) and _is_clause_head(t))
        cache[0], cache[1], cache[2] = tokens, heads, {}
    return cache[1]


def clause_group(sent: Span, head: Token) -> VerbGroup:
    """The verb group of one of :func:`clause_heads`, made once for the rules that read clauses
    (a group is not changed once made), and only when a rule gets that far: a build's rules
    skip the clauses whose subject refers to no entity."""
    clause_heads(sent)  # the kept groups are this sentence's
    groups = _KEPT.clauses[2]
    group = groups.get(head.i)
    if group is None:
        group = groups[head.i] = verb_group(head)
    return group


def verb_clauses(sent: Span, refers: Refers | None = None) -> Iterator[Candidate]:
    """One candidate per clause, subject conjunct and argument conjunct; with ``refers``, only
    for the clauses with a subject that refers to an entity and an argument that may be one
    (see ``sentence_candidates``)."""
    for token in clause_heads(sent):
        subjects = [s for s in find_subjects(token) if s.tag_ not in _WH_TAGS]
        examples = [e for s in subjects for e in _examples(s)]
        if refers is not None and not any(map(refers, subjects + examples)):
            continue
        group = clause_group(sent, token)
        if refers is not None and not _entity_in_reach(group, refers):
            continue  # (see may_be_entity below): its arguments are not collected
        slots = [alts for alts in collect_args(group) if alts[0].head.tag_ not in _WH_TAGS]
        if not subjects or (not slots and token.pos == AUX):
            continue
        elided = _elided_object(token, slots)
        if elided is not None:
            slots.append([elided])
        if refers is not None and not may_be_entity((arg for alts in slots for arg in alts), refers):
            continue  # every candidate of the clause would be left out: its phrases are not made
        negated, modality = polarity(group)
        reported, speaker = reported_by(token)
        reported = reported or _said_to(group)
        rule = _rule_name(group, slots)
        count = 0
        clause = subtree_ids(token) | ({token.head.i} if token.dep_ == "pcomp" else set())
        for subject in subjects + examples:
            subject_tokens = _subject_phrase(subject, clause) if subject not in examples else phrase(subject)
            for combo in product(*slots) if slots else [()]:
                args = []
                for arg in combo:
                    chain, inverse = _arg_chain(group, list(combo), arg)
                    args.append(Arg(arg.role, arg.tokens, arg.head, arg.prep, chain, inverse, arg.graph_only))
                yield Candidate(rule, sent, subject_tokens, subject, list(group.tokens), args,
                                negated, modality, speaker, reported=reported,
                                extras={"example": True} if subject in examples else {})
                count += 1
                if count >= _MAX_PER_CLAUSE:
                    break
            if count >= _MAX_PER_CLAUSE:
                break


_GRAPH_DEPS = frozenset(_CORE_DEPS + ("prep", "agent"))
"""The dependents of a clause's verbs under which :func:`collect_args` finds the arguments of
graph roles (GRAPH_ROLES): their heads and the words under those heads."""


def _entity_in_reach(group: VerbGroup, refers: Refers) -> bool:
    """Whether an argument of the clause may be an entity (``may_be_entity``), read from the
    tree instead of the arguments: a word that refers to one under a core, "prep" or "agent"
    dependent of the clause's verbs. A relative clause (whose object may be the noun it
    modifies) and a coordinated clause (whose object may be elided) may always have one."""
    head = group.head
    if head.dep_ in ("relcl", "conj"):
        return True
    in_group = {t.i for t in group.tokens}
    tokens = doc_tokens(head.doc)
    for owner in group.verbs + group.adjectives:
        for child in child_tokens(owner):
            if child.dep_ in _GRAPH_DEPS and child.i not in in_group and \
                    any(map(refers, tokens[child.left_edge.i:child.right_edge.i + 1])):
                return True
    return False


def _examples(noun: Token) -> list[Token]:
    """"major corporations like Apple": Apple is one of the subjects too."""
    out: list[Token] = []
    for child in child_tokens(noun):
        if child.dep_ == "prep" and child.lower_ in lexicon().example_prepositions:
            for pobj in (c for c in child_tokens(child) if c.dep_ == "pobj"):
                out.extend(t for t in conjuncts(pobj) if t.ent_type_)
    return out


def _elided_object(verb: Token, slots: list[list[Arg]]) -> Arg | None:
    """"X was a co-founder of OpenAI, but left in 2019": left [OpenAI].

    Only for verbs whose object English lets a writer drop (leave, join, sell ...), and only
    when the coordinated clause names the organization.
    """
    if verb.dep_ != "conj" or lemma(verb) not in lexicon().elided_object_verbs:
        return None
    if any(a.role in _CORE_DEPS for alts in slots for a in alts):
        return None
    head = verb.head
    candidates = [c for c in child_tokens(head) if c.dep_ == "dobj"]
    for attr in (c for c in child_tokens(head) if c.dep_ == "attr"):
        for prep in (c for c in child_tokens(attr) if c.dep_ == "prep" and c.lower_ == "of"):
            candidates += [c for c in child_tokens(prep) if c.dep_ == "pobj"]
    named = [c for c in candidates if c.ent_type_]
    if not named:
        return None
    return Arg("dobj", phrase(named[0]), named[0], graph_only=True)


def _subject_phrase(subject: Token, clause: set[int]) -> list[Token]:
    """The subject's phrase without the clause itself, when the subject contains it
    ("the tech titan of unlawfully using data" -> "the tech titan")."""
    own = subtree_ids(subject)
    if subject.i not in clause:
        return [t for t in phrase(subject) if t.i not in clause]
    return [t for t in phrase(subject) if t.i in own]


def _rule_name(group: VerbGroup, slots: list[list[Arg]]) -> str:
    roles = {a.role for alts in slots for a in alts}
    if group.passive:
        return "passive-agent" if "agent" in roles else "passive"
    if is_copula(group.head):
        return "copula"
    if len(group.verbs) > 1:
        return "xcomp-chain"
    if "dobj" in roles or "dative" in roles:
        return "svo"
    if "prep" in roles:
        return "sv-prep"
    if "ccomp" in roles:
        return "sv-ccomp"
    return "sv"


def talks_topic(noun: Token) -> tuple[str, ...] | None:
    """The relation that talks are about, as a lemma chain: "merger talks" -> ("merge", "with"),
    "takeover discussions" -> ("take", "over"); None for talks about nothing named."""
    lex = lexicon()
    if noun.lemma_.lower() not in lex.negotiation_nouns:
        return None
    topic = next((c for c in child_tokens(noun) if c.dep_ == "compound" and c.lemma_.lower() in lex.event_nouns), None)
    return tuple(lex.event_nouns[topic.lemma_.lower()][0].split()) if topic is not None else None


def light_verb_clauses(sent: Span, refers: Refers | None = None) -> Iterator[Candidate]:
    """"has threatened to take legal action against Microsoft" -> (Musk; has threatened to take
    legal action against; Microsoft): the object noun and its preposition join the relation.
    With ``refers``, only for the clauses with a subject that refers to an entity (as
    :func:`verb_clauses`)."""
    for token in clause_heads(sent):
        if token.pos != VERB:
            continue
        subjects = [s for s in find_subjects(token) if s.tag_ not in _WH_TAGS]
        if not subjects or refers is not None and not any(map(refers, subjects)):
            continue
        group = clause_group(sent, token)
        objects = [c for c in child_tokens(group.last) if c.dep_ == "dobj" and c.pos == NOUN
                   and not c.ent_type_]
        if not objects:
            continue
        noun = objects[0]
        preps = [c for c in child_tokens(noun) if c.dep_ == "prep" and c.i > noun.i]
        if not preps:
            continue
        prep = preps[0]
        pp_args = _prep_args(prep)
        if not pp_args:
            continue
        pp_tokens = subtree_ids(prep)
        nominal = [t for t in phrase(noun) if t.i not in pp_tokens]
        relation = sorted(group.tokens + nominal + [prep], key=lambda t: t.i)
        others = [alts for alts in collect_args(group) if alts[0].head != noun]
        negated, modality = polarity(group)
        reported, speaker = reported_by(token)
        reported = reported or _said_to(group)
        chain = tuple(group.chain) + (lemma(noun), prep.lower_)
        topic = talks_topic(noun)
        if topic is not None:  # "held merger discussions with MCI": a merger, only talked about
            chain, modality = topic, modality or noun.lower_
        clause = subtree_ids(token)
        for subject in subjects:
            subject_tokens = _subject_phrase(subject, clause)
            for arg in pp_args:
                main = Arg("prep", [t for t in arg.tokens if t != prep], arg.head, prep, chain)
                rest = [alts[0] for alts in others]
                for extra in rest:
                    extra.chain, extra.inverse = _arg_chain(group, rest, extra)
                yield Candidate("light-verb", sent, subject_tokens, subject, relation, [main, *rest],
                                negated, modality, speaker, reported=reported)
