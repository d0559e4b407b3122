"""Relations expressed by noun phrases: apposition, roles, possessives and name titles.

"Mike Rhodes, CEO and founder of ConsultMyApp" -> (Mike Rhodes; is CEO of; ConsultMyApp) and
(Mike Rhodes; is founder of; ConsultMyApp); "Elon Musk, Twitter's CEO" -> (Elon Musk; is CEO of;
Twitter); "ChatGPT creator OpenAI" -> (OpenAI; is creator of; ChatGPT); "Meta's Facebook" ->
(Meta; has; Facebook); "President Bush" -> (Bush; is; President).
"""

from __future__ import annotations

from typing import Iterator

from spacy.symbols import ADJ, AUX, NOUN, PRON, PROPN
from spacy.tokens import Span, Token

from ..nlp.gazetteer import demonym
from ..nlp.lexicon import lexicon
from ..ontology import load_ontology
from .candidate import Arg, Candidate
from .classes import is_place_role, token_class
from .spans import conjuncts, phrase, sentence_ents, tokens_text, tokens_with_dep, tokens_with_pos
from .verbs import is_copula, lemma
from ..nlp.tokens import child_tokens, per_token

__all__ = ["appositions", "copula_roles", "possessives", "name_titles", "place_of_name", "compound_roles",
           "descriptor_modifiers", "based_in", "datelines", "adjacent_possessives", "role_lemma"]

_ROLE_PREPS = frozenset({"of", "at", "for", "with", "in", "on"})
_NOUNS = (NOUN, PROPN)
# Entity labels that are quantities, not names: no titles, appositions or roles for them.
_QUANTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})
_PLACE_PREPS = frozenset({"of", "from", "in", "at", "near"})
_MEMBER_PREPS = frozenset({"of", "at", "from"})


def _is_name_or_noun(token: Token) -> bool:
    return (token.pos in _NOUNS and token.ent_type_ not in _QUANTITIES and not token.like_num
            and len(token.text) > 1)


@per_token  # the location rules ask it of every noun, several times a sentence
def role_lemma(token: Token) -> str:
    """The role with the words that make it a title: "chief executive", "co-founder"."""
    words = [t for t in child_tokens(token) if t.dep_ in ("amod", "compound") and t.i < token.i
             and not t.ent_type_ and t.pos in (ADJ, NOUN, PROPN) and t.is_alpha]
    return " ".join([lemma(t) for t in sorted(words, key=lambda t: t.i)] + [lemma(token)])


def _role_prep(role: Token) -> Token | None:
    """The role's own preposition, or the one shared by its last conjunct ("CEO and founder of")."""
    for child in child_tokens(role):
        if child.dep_ == "prep" and child.lower_ in _ROLE_PREPS:
            return child
    siblings = conjuncts(role)
    if len(siblings) > 1:
        for child in child_tokens(siblings[-1]):
            if child.dep_ == "prep" and child.lower_ in _ROLE_PREPS:
                return child
    return None


def _possessor(role: Token) -> Token | None:
    return next((c for c in child_tokens(role) if c.dep_ == "poss"), None)


def _role_preps(role: Token) -> list[Token]:
    """The role's prepositions: its own, down a chain of them ("professor of political science
    at Queens College of the City University"), or the one its last conjunct shares."""
    first = _role_prep(role)
    if first is None:
        return []
    out, todo = [], [first]
    while todo:
        prep = todo.pop(0)
        out.append(prep)
        holders = [role] + [c for c in child_tokens(prep) if c.dep_ == "pobj"]
        todo += [c for h in holders for c in child_tokens(h) if c.dep_ == "prep" and c.lower_ in _ROLE_PREPS
                 and c not in out and c not in todo and c.i > prep.i]
    return out


def _named_first(prep: Token | None) -> bool:
    """Whether the role's own preposition has a name for its object ("of Acme", not "of the camp")."""
    return prep is not None and any(c.dep_ == "pobj" and c.ent_type_ for c in child_tokens(prep))


def _role_args(role: Token, person: bool = False) -> list[tuple[str, Token, list[Token]]]:
    """(preposition, object head, object tokens) for each object the role noun has; ``person``:
    the role's holder is a person."""
    out = []
    for prep in _role_preps(role):
        for pobj in (c for c in child_tokens(prep) if c.dep_ == "pobj"):
            for conj in conjuncts(pobj):
                if prep != _role_prep(role) and (not conj.ent_type_ or person and conj.ent_type_ in _PLACES
                                                 and not _named_first(_role_prep(role))):
                    # down the chain only names count: "at Queens College"; and a person's place
                    # only after a name: "director of the camp at Oxford" works at the camp, which
                    # is at Oxford ("owners of the airports at Heathrow" own Heathrow)
                    continue
                out.append((prep.lower_, conj, phrase(conj)))
    owner = _possessor(role)
    if owner is not None:
        out.append(("of", owner, phrase(owner, exclude=("case", "conj", "cc", "appos", "relcl"))))
    return out


def _role_text(role: Token) -> str:
    """The role as written without its objects: "CEO", "biggest financial supporter"."""
    cut = ("prep", "poss", "case", "det", "punct", "cc", "conj", "appos", "relcl", "acl")
    keep = [t for t in role.subtree
            if t == role or t.dep_ not in cut and all(a.dep_ not in cut for a in _ancestors_until(t, role))]
    return tokens_text(keep)


def _ancestors_until(token: Token, stop: Token) -> list[Token]:
    out = []
    node = token
    while node != stop and node.head != node:
        out.append(node)
        node = node.head
    return out


def _role_candidates(rule: str, sent: Span, subject: list[Token], subject_head: Token,
                     role: Token, prefix: str = "is", relation: list[Token] | None = None) -> Iterator[Candidate]:
    for prep, head, tokens in _role_args(role, subject_head.ent_type_ == "PERSON"):
        text = f"{prefix} {_role_text(role)} {prep}".strip()
        chain = ("be", role_lemma(role), prep)
        arg = Arg("role", tokens, head, None, chain)
        yield Candidate(rule, sent, subject, subject_head, relation or [], [arg], relation_text=text)


def appositions(sent: Span) -> Iterator[Candidate]:
    """"X, the Y (of Z)": a role per conjunct of the apposition, or a plain "is"."""
    for token in tokens_with_dep(sent, "appos"):
        if not (_is_name_or_noun(token) and _is_name_or_noun(token.head)):
            continue
        head = token.head
        subject = phrase(head)
        for role in conjuncts(token):
            if role != token and any(c.dep_ in ("poss", "det") for c in child_tokens(role)):
                continue  # "for its director, Kechiche, and its young star": a phrase of its own
            # "Ulf Merbold, 47, of the ESA and Roger Crouch of NASA": a person's name is no role
            found = [] if role.ent_type_ == "PERSON" else \
                list(_role_candidates("appos-role", sent, subject, head, role))
            yield from found
            if not found:
                yield Candidate("appos", sent, subject, head, [],
                                [Arg("attr", phrase(role), role, None, ("be",))],
                                relation_text="is")


def copula_roles(sent: Span) -> Iterator[Candidate]:
    """"X was a co-founder of Y" and the inverted "its biggest supporter is now Microsoft"."""
    for token in tokens_with_pos(sent, AUX):
        if not is_copula(token):
            continue
        subjects = [c for c in child_tokens(token) if c.dep_ == "nsubj"]
        attrs = [c for c in child_tokens(token) if c.dep_ == "attr"]
        if not subjects or not attrs:
            continue
        subject, attr = subjects[0], attrs[0]
        aux = [c for c in child_tokens(token) if c.dep_ in ("aux", "neg")] + [token]
        verb_text = tokens_text(aux)
        negated = any(c.dep_ == "neg" for c in child_tokens(token))
        if attr.ent_type_ and subject.pos == NOUN and not subject.ent_type_:
            # "its biggest financial supporter is now Microsoft": the named attr holds the role.
            for cand in _role_candidates("copula-role-inverted", sent, phrase(attr), attr, subject,
                                         prefix=verb_text, relation=aux):
                cand.negated = negated
                yield cand
            continue
        for role in conjuncts(attr):
            if role.pos != NOUN:
                continue
            for cand in _role_candidates("copula-role", sent, phrase(subject), subject, role,
                                         prefix=verb_text, relation=aux):
                cand.negated = negated
                yield cand


# (owner kind, owned kind) -> (lemma chain, whether the edge runs from the owned to the owner).
# A possessive names ownership only between organizations, or a person's company; a place's
# company is based there, anyone's work or product was made by them. Anything else is no edge.
_POSSESSIVE_CHAINS: dict[tuple[str, str], tuple[tuple[str, ...], bool]] = {
    ("place", "org"): (("be", "base", "in"), True),
    ("place", "person"): (("be", "from"), True),
    ("place", "place"): (("be", "in"), True),
    ("place", "event"): (("take", "place", "in"), True),
    ("org", "product"): (("make",), False),
    ("org", "work"): (("make",), False),
    ("person", "product"): (("make",), False),
    ("person", "work"): (("make",), False),
    ("org", "org"): (("own",), False),
}
_COMPANY_NOUNS = frozenset({"company", "firm", "business", "group", "conglomerate", "empire", "bank", "label"})


def _possessed_chain(owner: Token, owned: Token) -> tuple[tuple[str, ...], bool] | None:
    owner_kind, owned_kind = token_class(owner), token_class(owned)
    if owner.pos == PRON:
        owner_kind = "org" if owner.lower_ == "its" else "person" if owner.lower_ in ("his", "her") else None
        if owner_kind is None and owned_kind in ("product", "work"):
            owner_kind = "org"  # "their new release, Some Cities": whoever they are, they made it
    if owner_kind == "person" and owned_kind == "org" and owned.lemma_.lower() in _COMPANY_NOUNS:
        return ("own",), False  # "Lord Drayson, whose company PowderJect ..."
    return _POSSESSIVE_CHAINS.get((owner_kind or "", owned_kind or ""))


def possessives(sent: Span) -> Iterator[Candidate]:
    """"Meta's Facebook and Instagram" -> (Meta; has; Facebook), read by the kinds of the two
    ends: Meta owns Facebook, "Japan's Sumitomo" is based in Japan, "Kate Bush's Hounds of Love"
    was made by her. Other possessives ("Twitter's CEO", "Microsoft's service") are Open IE
    tuples only; roles are read by the role rules."""
    for token in tokens_with_dep(sent, "poss"):
        if token.head.pos not in _NOUNS:
            continue
        owner_tokens = phrase(token, exclude=("case", "conj", "cc", "appos", "relcl", "acl"))
        possessed, marker = token.head, token
        if token.lower_ == "whose":
            # "Lord Drayson, whose company PowderJect ...": the owner is who the clause is about.
            clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
            if clause is None or clause.head.pos not in _NOUNS:
                continue
            token = clause.head
            owner_tokens = phrase(token, exclude=("case", "conj", "cc", "appos", "relcl", "acl"))
        for owned in conjuncts(possessed):
            if owned != possessed and (any(c.dep_ == "poss" for c in child_tokens(owned))
                                       or owned.pos != possessed.pos):
                continue
            owned_tokens = [t for t in phrase(owned) if t not in marker.subtree]
            if not owned_tokens:
                continue
            mine = {t.i for t in marker.subtree}
            between = [t for t in sent.doc[marker.i + 1:owned.i] if t.i not in mine]
            words = _role_words_before(owned, between)
            if words:
                yield Candidate("possessive-role", sent, [t for t in phrase(owned) if t.ent_type_ == owned.ent_type_],
                                owned, [], [Arg("role", owner_tokens, token, None,
                                                ("be", " ".join(lemma(t) for t in words), "of"))],
                                relation_text=f"is {tokens_text(words)} of")
                continue
            named = _named_in_apposition(owned)
            if not owned.ent_type_ and owned.pos == NOUN and token_class(owned) in (None, "person") \
                    and (token.pos != PRON or named is not None and token.lower_ in ("its", "their")):
                # "Kennedy's assassin, Lee Harvey Oswald", "Twitter's CEO": whoever the role noun
                # refers to holds the role at the possessor (a graph edge; the Open IE tuple is "has");
                # "its director, Abdellatif Kechiche": a pronoun's role only where a name says who
                # (and not a person's: "his hero, Nelson Mandela" is no role of his).
                if token.pos != PRON:
                    yield Candidate("possessive", sent, owner_tokens, token, [],
                                    [Arg("possessed", owned_tokens, owned, None, ("have",))], relation_text="has")
                holder = named if named is not None else owned
                yield Candidate("possessive-role", sent, phrase(holder, exclude=("poss", "case", "appos", "relcl",
                                                                                 "acl", "conj", "cc")),
                                holder, [], [Arg("role", owner_tokens, token, None, ("be", role_lemma(owned), "of"))],
                                relation_text=f"is {owned.text} of")
                continue
            if not owned.ent_type_ and owned.lemma_.lower() not in _COMPANY_NOUNS:
                # "its new console, the DS" is the DS; "Twitter's press team" is part of Twitter.
                named = _described(owned)
                owned = named if named is not None else owned
            found = _possessed_chain(token, owned) if owned.ent_type_ or token_class(token) == "person" else None
            if found is None:
                if token.pos == PRON:
                    continue
                yield Candidate("possessive", sent, owner_tokens, token, [],
                                [Arg("possessed", owned_tokens, owned, None, ("have",))], relation_text="has")
                continue
            chain, inverse = found
            yield Candidate("possessive", sent, owner_tokens, token, [],
                            [Arg("dobj", owned_tokens, owned, None, chain, inverse)], relation_text="has")


def _role_words_before(owned: Token, between: list[Token]) -> list[Token]:
    """The role words between a possessive and the name it hangs on, which say what the name is
    to the possessor: "Vodafone's chief executive Arun Sarin" (any modifiers of a person's name),
    "Boeing's rival Airbus", "its rival Sony" (a role noun before an organization's name, never
    ownership); else none."""
    if owned.ent_type_ == "PERSON" and between and all(
            not t.ent_type_ and t.pos in (NOUN, ADJ, PROPN) and t.head.i <= owned.i for t in between
            if t.ent_iob_ == "O") and any(not t.ent_type_ for t in between):
        return [t for t in between if not t.ent_type_]  # the parser hangs the possessive on the name
    if owned.ent_type_ == "ORG" and between and between[-1].pos in (NOUN, ADJ) and not between[-1].ent_type_ \
            and lemma(between[-1]) in load_ontology().role_nouns:
        return [between[-1]]
    return []


def _named_in_apposition(noun: Token) -> Token | None:
    """The name a role noun is in apposition with, down a chain of appositions: "its young
    star, the 18-year-old actress Sara Forestier"."""
    node = noun
    for _ in range(3):
        nxt = next((c for c in child_tokens(node) if c.dep_ == "appos"), None)
        if nxt is None:
            return None
        if nxt.ent_type_ in ("PERSON", "ORG"):
            return nxt
        node = nxt
    return None


def _described(noun: Token) -> Token | None:
    """The name a descriptor noun introduces: "actor Will Smith", "comedy The Office",
    "a trade group called The Travel Partnership"."""
    if noun.dep_ in ("compound", "nmod") and noun.head.pos in _NOUNS and noun.head.ent_type_ \
            and noun.head.i > noun.i:
        return noun.head  # "band Kaiser Chiefs", "rock band Doves" (tagged a plural noun)
    for child in child_tokens(noun):
        if child.dep_ == "appos" and child.ent_type_:
            return child
        if child.dep_ == "acl" and child.lemma_.lower() in lexicon().naming_verbs:
            named = [c for c in child_tokens(child) if c.dep_ in ("oprd", "attr", "dobj", "xcomp") and c.ent_type_]
            if named:
                return named[0]
    return None


def descriptor_modifiers(sent: Span) -> Iterator[Candidate]:
    """A name modifying the descriptor noun of another name: "US actor Will Smith" (from the US),
    "Leeds band Kaiser Chiefs" (based in Leeds), "BBC comedy The Office" (made by the BBC),
    "French epic A Very Long Engagement" (from France)."""
    for noun in tokens_with_pos(sent, NOUN):
        described = _described(noun)
        if described is None:
            continue
        # A noun not in the lexicons describes what its name is: "historian Roy Medvedev".
        kind = token_class(noun) or token_class(described)
        if kind not in ("person", "org", "product", "work"):
            continue
        for mod in child_tokens(noun):
            if mod.dep_ not in ("compound", "nmod", "amod", "npadvmod") or not mod.ent_type_ or mod.i > noun.i:
                continue
            mod_kind = token_class(mod)
            if mod_kind in ("place", "group"):
                if kind == "person" and is_place_role(lemma(noun)):
                    continue  # "US President Bush": a role, read by name_titles
                chain = ("be", "base", "in") if kind == "org" else ("be", "from")
                yield _modifier(sent, described, mod, chain, "is from" if chain[1] == "from" else "is based in")
            elif mod_kind in ("org", "person") and kind in ("product", "work"):
                yield _modifier(sent, mod, described, ("make",), f"made {noun.text}")


def _modifier(sent: Span, subject: Token, obj: Token, chain: tuple[str, ...], text: str) -> Candidate:
    subject_tokens = [t for t in subject.subtree if t.ent_type_ == subject.ent_type_ and t.ent_iob_ != "O"] or [subject]
    obj_tokens = [t for t in obj.subtree if t.ent_type_ == obj.ent_type_ and t.ent_iob_ != "O"] or [obj]
    return Candidate("descriptor", sent, sorted(subject_tokens, key=lambda t: t.i), subject, [],
                     [Arg("role", sorted(obj_tokens, key=lambda t: t.i), obj, None, chain)], relation_text=text)


_PLACE_PARTICIPLES = {"based": (("be", "base", "in"), "is based in"), "born": (("be", "bear", "in"), "was born in")}


def based_in(sent: Span) -> Iterator[Candidate]:
    """"the London-based firm", "US-based Amazon.com": the thing "based" modifies is based in
    the place in front of it; "Egyptian-born Anthony Elgindy" was born there."""
    for token in tokens_with_dep(sent, "amod"):
        if token.lower_ not in _PLACE_PARTICIPLES:
            continue
        places = [c for c in child_tokens(token) if c.dep_ in ("npadvmod", "compound", "nmod")
                  and (token_class(c) == "place" or token_class(c) == "group" and demonym(c.text) is not None)]
        if not places:
            continue
        described = token.head
        if not described.ent_type_ and described.dep_ in ("amod", "compound", "nmod") \
                and described.head.ent_type_ and described.head.i > described.i:
            described = described.head  # "the London-based firm Vodafone"
        chain, text = _PLACE_PARTICIPLES[token.lower_]
        yield _modifier(sent, described, places[0], chain, text)


def name_titles(sent: Span) -> Iterator[Candidate]:
    """A title before a name: "President Bush" -> (Bush; is; President); with a name inside the
    title, also a role: "former Air Force commander Avihu Bin-Nun" -> (Avihu Bin-Nun; is commander
    of; Air Force), "Illinois Gov. James Thompson" -> (James Thompson; is Gov. of; Illinois)."""
    for ent in sentence_ents(sent):
        if ent.label_ in _QUANTITIES:
            continue
        root = ent.root
        titles = [c for c in child_tokens(root) if c.dep_ == "compound" and c.i < ent.start
                  and c.pos in _NOUNS and not c.ent_type_]
        if not titles:
            continue
        tokens = sorted({t for c in titles for t in c.subtree if not t.ent_type_ and t.dep_ != "det"},
                        key=lambda t: t.i)
        if tokens and all(t.is_alpha for t in tokens):
            yield Candidate("name-title", sent, list(ent), root, [],
                            [Arg("attr", tokens, tokens[-1], None, ("be",))], relation_text="is")
        for title in titles:
            # "US Attorney Roslynn Mauskopf": the parser may hang "US" on the name, not the title
            before = [c for c in child_tokens(root) if c.dep_ == "compound" and c.ent_type_ and c.i < title.i
                      and all(t.ent_type_ == c.ent_type_ for t in c.doc[c.i:title.i] if not t.is_punct)
                      and c.doc[c.i + 1:title.i + 1][-1] == title and c.ent_type_ not in _QUANTITIES
                      and c.ent_type_ != root.ent_type_]
            for named in [*before, *(t for t in title.subtree if t.ent_type_ and t.ent_type_ not in _QUANTITIES
                                     and t.dep_ in ("compound", "nmod", "poss") and t.head.ent_type_ != t.ent_type_)]:
                if token_class(named) in ("place", "group") and not is_place_role(role_lemma(title)):
                    continue  # "US actor Will Smith": where he is from (descriptor_modifiers)
                obj = [t for t in named.subtree if t.ent_type_ == named.ent_type_]
                yield Candidate("title-role", sent, list(ent), root, [],
                                [Arg("role", obj, named, None, ("be", role_lemma(title), "of"))],
                                relation_text=f"is {title.text} of")


def place_of_name(sent: Span) -> Iterator[Candidate]:
    """Where a name is: "Brian Michaud of Millinocket", "the Palace of Fine Arts, in San Francisco",
    "Bethany, Conn.", "Sun Hung Kai Properties, a Hong Kong construction firm"."""
    for ent in sentence_ents(sent):
        if ent.label_ in _QUANTITIES or ent.label_ == "NORP" and ent.root.dep_ == "appos":
            continue  # "Derwinski, a Republican from Chicago": he is (kg.extract.locations)
        root = ent.root
        for child in child_tokens(root):
            if child.dep_ == "prep" and child.lower_ in ("in", "at", "near") and ent.label_ == "PERSON" \
                    and (root.head.dep_ == "agent" or root.dep_ in ("dobj", "dative")
                         or root.dep_ == "pobj" and root.head.lower_ == "of"
                         and root.head.head.lemma_.lower() in lexicon().killing_nouns):
                # "assassinated Archduke Ferdinand in Sarajevo", "the murder of Hanley in Tulsa":
                # where it happened, not where he lives
                continue
            if child.dep_ == "prep" and child.lower_ in _PLACE_PREPS:
                for pobj in (c for c in child_tokens(child) if c.dep_ == "pobj"):
                    for place in conjuncts(pobj):
                        if place.ent_type_ in _PLACES:
                            yield _place(sent, ent, root, place, child.lower_)
                            yield from _wider_places(sent, ent, root, place)
                        elif place.ent_type_ == "ORG" and ent.label_ == "PERSON" and child.lower_ in _MEMBER_PREPS:
                            # "Roger K. Crouch of NASA", "Wang Ziqiang at the Institute of Mechanics"
                            yield _place(sent, ent, root, place, child.lower_, rule="name-org")
            elif child.dep_ == "appos" and child.ent_type_ in _PLACES and ent.label_ in _PLACES:
                yield _place(sent, ent, root, child, "in")
                yield from _wider_places(sent, ent, root, child)
            elif child.dep_ == "appos" and not child.ent_type_:
                for named in (c for c in child_tokens(child) if c.dep_ in ("compound", "nmod", "amod")
                              and c.ent_type_ in _PLACES):
                    yield _place(sent, ent, root, named, "in")


def _wider_places(sent: Span, ent: Span, root: Token, place: Token) -> Iterator[Candidate]:
    """"of Bethany, Conn.": in the place that the place is in, too."""
    for wider in (c for c in child_tokens(place) if c.dep_ == "appos" and c.ent_type_ in _PLACES):
        yield _place(sent, ent, root, wider, "in")


def _place(sent: Span, ent: Span, root: Token, place: Token, prep: str, rule: str = "name-place") -> Candidate:
    tokens = [t for t in place.subtree if t.ent_type_ == place.ent_type_] or [place]
    return Candidate(rule, sent, list(ent), root, [],
                     [Arg("role", tokens, place, None, ("be", prep))], relation_text=f"is {prep}")


def compound_roles(sent: Span) -> Iterator[Candidate]:
    """A role noun with a name in front: "ChatGPT creator OpenAI" -> (OpenAI; is creator of; ChatGPT);
    "the SpaceX and Tesla owner" -> (the SpaceX and Tesla owner; is owner of; SpaceX), (...; Tesla),
    where the description itself refers to an entity (see kg.resolve.references)."""
    for token in tokens_with_pos(sent, NOUN):
        named = [t for c in child_tokens(token) if c.dep_ in ("compound", "nmod") and c.pos == PROPN
                 and c.i < token.i for t in conjuncts(c) if t.ent_type_]
        if not named:
            continue
        if token.dep_ == "compound" and token.head.pos == PROPN and token.head.ent_type_:
            head = token.head
            subject = [t for t in phrase(head) if t not in token.subtree]
        elif token.dep_ == "appos" and token.head.ent_type_ and token.head.pos == PROPN:
            head = token.head  # "Poland, a crucial EU member,"
            subject = [t for t in phrase(head) if t not in token.subtree]
        elif token.dep_ != "compound" and any(c.dep_ == "det" and c.lower_ == "the" for c in child_tokens(token)):
            head = token
            subject = [t for t in phrase(token) if t.dep_ != "det" or t.head != token] or [token]
            subject = phrase(token)
        else:
            continue
        for obj in named:
            if token_class(obj) in ("place", "group") and not is_place_role(role_lemma(token)):
                continue  # "US telephone company Verizon": where it is (descriptor_modifiers)
            obj_tokens = [obj] + [t for t in child_tokens(obj) if t.dep_ == "compound" and t.i < obj.i]
            yield Candidate("compound-role", sent, subject, head, [],
                            [Arg("role", sorted(obj_tokens, key=lambda t: t.i), obj, None,
                                 ("be", role_lemma(token), "of"))],
                            relation_text=f"is {token.text} of")


def datelines(sent: Span) -> Iterator[Candidate]:
    """A news dateline names where the agency filed from: "DAYTON, Ohio (AP)", "Sofia, February
    15 (BTA) --", and the monitoring services' "Paris AFP in English 0107 GMT"."""
    ents = [e for e in sentence_ents(sent) if e.start - sent.start < 15]
    places = [e for e in ents if e.label_ in _PLACES]
    for org in (e for e in ents if e.label_ == "ORG"):
        doc = sent.doc
        bracketed = org.start > sent.start and doc[org.start - 1].text == "(" and \
            org.end < sent.end and doc[org.end].text == ")"
        service = org.end + 1 < sent.end and doc[org.end].lower_ == "in" and (
            doc[org.end + 1].ent_type_ == "LANGUAGE" or doc[org.end + 1].lower_ in lexicon().news_languages)
        # "Moscow April 25 TASS --"; a source line that is only "Tokyo MAINICHI SHIMBUN"
        dashed = org.end < sent.end and doc[org.end].text in ("--", "\u2013", "\u2014")
        alone = len(sent) <= 16 and all(t.is_punct or t.like_num or t.ent_type_ in ("DATE", "CARDINAL")
                                        or t.lower_ in ("p", "pp") for t in doc[org.end:sent.end])
        if not (bracketed or service or dashed or alone):
            continue
        before = [p for p in places if p.end <= org.start and all(
            t.is_punct or t.ent_type_ in ("GPE", "LOC", "DATE") or t.like_num or t.is_space
            for t in doc[p.end:org.start - (1 if bracketed else 0)])]
        for place in before:
            yield Candidate("dateline", sent, list(org), org.root, [],
                            [Arg("role", list(place), place.root, None, ("be", "base", "in"))],
                            relation_text="is based in")
        for town, region in zip(before, before[1:]):
            if region.start == town.end + 1 and doc[town.end].text == ",":  # "BANGKOK, Thailand (AP)"
                yield Candidate("dateline", sent, list(town), town.root, [],
                                [Arg("role", list(region), region.root, None, ("be", "in"))], relation_text="is in")


def adjacent_possessives(sent: Span) -> Iterator[Candidate]:
    """"Akon's Locked Up", "Kate Bush's Hounds of Love": a name, "'s" and a name, read by their
    kinds even where the small parser did not see a possessive (it often reads a title as a verb)."""
    ents = sentence_ents(sent)
    for owner, owned in zip(ents, ents[1:]):
        if owned.start != owner.end + 1 or sent.doc[owner.end].lower_ not in ("'s", "'"):
            continue
        if owner.root.dep_ == "poss" and owner.root.head.i in range(owned.start, owned.end) \
                and owner.root.head.pos in _NOUNS:
            continue  # the possessive rule reads it (not when the parser took the title for a verb)
        found = _possessed_chain(owner.root, owned.root)
        if found is not None:
            chain, inverse = found
            yield Candidate("possessive", sent, list(owner), owner.root, [],
                            [Arg("dobj", list(owned), owned.root, None, chain, inverse, graph_only=True)],
                            relation_text="has")
