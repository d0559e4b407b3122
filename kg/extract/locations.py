"""Where people, organizations and places are, who works where, and who killed whom, read off
the constructions news uses for them when the parse alone does not carry the relation.

One construction per rule, each a graph edge between two names (``GRAPH_RULES``), named by a
lemma chain that the ontology maps to its relation:

* places: "the Palace of Fine Arts, in San Francisco", "Kassala in eastern Sudan", "Mohammadia,
  south-east Algeria" (:func:`places_in_places`); "NRC headquarters in Rockville"
  (:func:`headquarters`);
* people and their places: "Marie Ferraro, 50, of Bethany" (:func:`age_appositions`),
  "Gordon Parks, born in Fort Scott", "Illinois born Charlton Heston" (:func:`born_in`),
  "Sohn's New Jersey home", "his home in Larchmont", "her native Ohio", "Richardson's hometown"
  (:func:`residences`), "Derwinski, a Republican from Chicago", "Tal, one of the top strategists
  in Israel" (:func:`appositive_places`);
* work: "the deputy secretary of the Foreign Ministry, Datuk Ali" (:func:`roles_before_names`),
  "Stephanie Powell, of the DEM's division of groundwater", "deputy leader of the SHP
  parliamentary group", "of the law firm of Skadden, Arps" (:func:`organization_units`),
  "Walter Mears, vice president and columnist for The Associated Press", "director of X and a
  member of Y" (:func:`appositive_roles`), "Brian Mulroney's Progressive Conservative Party"
  (:func:`party_of`), "McKinley's assassin Leon Czolgosz", "Kennedy's assassin, Lee Harvey
  Oswald" (:func:`possessed_titles`);
* killings: "James Earl Ray, convicted of assassinating Dr. King", "Sirhan was convicted of
  Kennedy's killing" (:func:`accused_killers`), "Oswald fired the shots that killed Kennedy"
  (:func:`shots_that_killed`), "assassinated by a group of nobles that included Brutus"
  (:func:`group_agents`), "murdered on the orders of Pizarro" (:func:`on_orders`), "the
  assassination of Kennedy ... Oswald was the lone assassin" (:func:`the_killer`), and a "by"
  phrase the parser hung on a place ("shot in the courtyard of his building by Chapman",
  :func:`stray_agents`).

The word lists are data in ``kg/data/lexicon.json``.

>>> from kg.nlp import load_pipeline
>>> from kg.extract.spans import tokens_text
>>> sent = load_pipeline()("Harold Pinkney, 62, of Dover, Del., was hurt.")[:]
>>> [(tokens_text(c.subject), c.relation_text, tokens_text(c.args[0].tokens)) for c in age_appositions(sent)]
[('Harold Pinkney', 'lives in', 'Dover'), ('Harold Pinkney', 'lives in', 'Del.')]
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from spacy.symbols import ADJ, AUX, NOUN, PRON, PROPN, VERB
from spacy.tokens import Span, Token

from ..nlp.gazetteer import lookup
from ..nlp.lexicon import lexicon
from ..ontology import load_ontology
from .candidate import Arg, Candidate
from .classes import token_class
from .gates import lemma_forms, only_with
from .nominal import role_lemma
from .spans import conjuncts, sentence_ents, sentence_tokens, tokens_with_dep, tokens_with_pos
from .verbs import find_subjects, lemma
from ..nlp.tokens import child_tokens, per_token

__all__ = ["places_in_places", "addresses", "headquarters", "age_appositions", "born_in", "residences", "natives",
           "possessed_appositions", "appositive_places", "roles_before_names", "organization_units",
           "appositive_roles", "party_of", "possessed_titles", "accused_killers", "killer_roles", "shots_that_killed",
           "group_agents", "on_orders", "the_killer", "killing_nouns", "stray_agents", "LOCATION_RULES",
           "LOCATION_RULE_NAMES"]

_QUANTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})
_NAMES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
_ROLE_PREPS = ("of", "at", "for", "with")
_INSTRUMENTS = frozenset({"shot", "bullet", "round", "bomb", "grenade", "missile", "rocket", "device", "explosive"})
_ORDERS = frozenset({"order", "behest", "instruction", "command"})
_LIST_MARKS = frozenset({",", ";", ":", "and", "--", "_", "("})
_RANKS = frozenset({"capt", "cmdr", "col", "cpl", "gen", "lt", "maj", "sgt", "adm"})
_ATTEMPTS = frozenset({"attempted", "failed", "foiled", "planned", "plotted", "thwarted"})
_LANDFORMS = frozenset({"area", "cave", "coast", "hill", "island", "lake", "mountain", "peak", "region", "river"})
_FACILITIES = frozenset({"airport", "base", "camp", "campus", "complex", "dam", "facility", "factory", "mine",
                         "plant", "port", "prison", "reactor", "refinery", "site"})


# -- helpers ------------------------------------------------------------------------------------

def _ent_of(sent: Span, token: Token | None) -> Span | None:
    """The name (entity span) the token is part of."""
    if token is None or not token.ent_type_ or token.ent_type_ in _QUANTITIES:
        return None
    return next((e for e in sentence_ents(sent) if e.start <= token.i < e.end), None)


def _name(sent: Span, token: Token | None, labels: frozenset = _NAMES) -> Span | None:
    """The name a phrase head stands for: its own, or the name inside the phrase that it hangs
    on ("Dr. Martin Luther King Jr." hangs on "Jr.", which the model leaves out of the name)."""
    if token is None:
        return None
    ent = _ent_of(sent, token)
    if ent is None:
        inner = [c for c in child_tokens(token) if c.dep_ in ("compound", "nmod") and c.i < token.i]
        ent = _ent_of(sent, inner[-1]) if inner else None
    return ent if ent is not None and ent.label_ in labels else None


def _edge(rule: str, sent: Span, subject: Span | list[Token], obj: Span | list[Token], chain: tuple[str, ...],
          text: str, *, inverse: bool = False, modality: str | None = None, negated: bool = False) -> Candidate:
    """A graph edge from one name to another, named by a lemma chain."""
    subject_tokens, obj_tokens = list(subject), list(obj)
    subject_head = subject.root if isinstance(subject, Span) else subject_tokens[-1]
    obj_head = obj.root if isinstance(obj, Span) else obj_tokens[-1]
    return Candidate(rule, sent, subject_tokens, subject_head, [],
                     [Arg("role", obj_tokens, obj_head, None, chain, inverse)],
                     relation_text=text, modality=modality, negated=negated)


def _wider(sent: Span, place: Span, depth: int = 0) -> list[Span]:
    """The place and the places it is said to be in: "Aiken, S.C." -> Aiken, S.C.; "Yatsushiro
    in Kumamoto Prefecture in southern Japan" -> all three."""
    out = [place]
    doc = sent.doc
    for token in child_tokens(place.root):
        if token.dep_ in ("appos", "conj", "npadvmod") and token.i == place.end + 1 \
                and doc[place.end].text == ",":
            wider = _name(sent, token, _PLACES)
            if wider is not None:
                out.append(wider)
    if depth < 2 and place.end < sent.end and doc[place.end].lower_ == "in":
        found = _place_after(sent, place.end + 1)
        if found is not None:
            out += _wider(sent, found[0], depth + 1)
    return out


def _place_chain(kind: str | None) -> tuple[tuple[str, ...], str]:
    """How a name of this kind is in a place: a person lives there, an organization is based
    there, anything else is located there."""
    if kind == "person":
        return ("live", "in"), "lives in"
    if kind == "org":
        return ("be", "base", "in"), "is based in"
    return ("be", "locate", "in"), "is in"


def _object_of(prep: Token) -> Token | None:
    return next((c for c in child_tokens(prep) if c.dep_ == "pobj"), None)


def _holder(noun: Token) -> Token | None:
    """Who a role noun describes: the name it is in apposition to, the subject of its copula,
    or the name it is a title of."""
    if noun.dep_ == "appos":
        return noun.head
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        return next((c for c in child_tokens(noun.head) if c.dep_ in ("nsubj", "nsubjpass")), None)
    if noun.dep_ in ("compound", "nmod") and noun.head.ent_type_ == "PERSON" and noun.head.i > noun.i:
        return noun.head
    return None


def _killing_victims(sent: Span, token: Token) -> list[Span]:
    """The victims a killing word names: "the assassination of X", "X's killing", "killing X"."""
    lex = lexicon()
    word = token.lemma_.lower()
    out: list[Span] = []
    if any(c.dep_ == "amod" and c.lower_ in _ATTEMPTS for c in child_tokens(token)):
        return out  # "the attempted murder of X": X was not killed
    if token.pos == NOUN and (word in lex.killing_nouns or token.lower_ in lex.killing_nouns):
        for child in child_tokens(token):
            if child.dep_ == "poss" or child.dep_ == "prep" and child.lower_ == "of":
                target = child if child.dep_ == "poss" else _object_of(child)
                for conj in conjuncts(target) if target is not None else []:
                    name = _name(sent, conj, frozenset({"PERSON"}))
                    if name is not None:
                        out.append(name)
    elif token.pos == VERB and word in lex.killing_verbs:
        for child in child_tokens(token):
            if child.dep_ == "dobj":
                out += [n for conj in conjuncts(child) if (n := _name(sent, conj, frozenset({"PERSON"}))) is not None]
    return out


@lru_cache(maxsize=1)
def _role_nouns() -> frozenset[str]:
    lex = lexicon()
    return lex.person_descriptors | lex.place_roles | load_ontology().role_nouns


def _last_part(words: str) -> str:
    """The last word's part after its last hyphen: "president" of "vice-president" and of "deputy
    vice president", which every form of a role ends in."""
    parts = words.split()
    return (parts[-1] if parts else words).rsplit("-", 1)[-1]


@lru_cache(maxsize=1)
def _role_ends() -> frozenset[str]:
    return frozenset(map(_last_part, _role_nouns()))


@per_token  # several rules ask it of the same nouns
def _is_role(noun: Token) -> bool:
    """A noun for what a person is or does: "secretary", "deputy secretary", "commander"."""
    roles, ends = _role_nouns(), _role_ends()
    own, lower, head = noun.lemma_.lower(), noun.lower_, lemma(noun)
    # Every word compared below ends as the noun's lemma, its text or role_lemma's last word
    # does: most nouns are ruled out before role_lemma reads their modifiers.
    if head.strip() and _last_part(own) not in ends and _last_part(lower) not in ends and _last_part(head) not in ends:
        return False
    words = {own, lower, role_lemma(noun)}
    words |= {w.replace("-", " ") for w in words} | {w.rsplit("-", 1)[-1] for w in words}  # "vice-president"
    return bool(words & roles)


@lru_cache(maxsize=1)
def _killing_words() -> frozenset[str]:
    lex = lexicon()
    return lex.killing_nouns | lex.killing_verbs | lex.killer_nouns


def _head_words(nouns: frozenset[str]) -> frozenset[str]:
    """The words a sentence must have for one of its nouns to be one of ``nouns`` by
    :func:`role_lemma` (whose last word is the noun's lemma, "head office") or by its own
    lemma: each entry, its last word, and the words the lexicon's lemma overrides turn into one."""
    return lemma_forms(set(nouns) | {noun.split()[-1] for noun in nouns})


_about_killing = only_with(_killing_words)
"""A killing rule runs only on sentences with a word for a killing or a killer."""


def _kill(rule: str, sent: Span, killer: Span, victim: Span, **kind) -> Candidate:
    return _edge(rule, sent, killer, victim, ("kill",), "killed", **kind)


# -- places ---------------------------------------------------------------------------------

def _place_after(sent: Span, index: int) -> tuple[Span, int] | None:
    """The place named from ``index`` on after words that place a part of it ("eastern",
    "the south-east of", "the southeastern part of"), and where it starts."""
    lex = lexicon()
    doc, pos = sent.doc, index
    while pos < sent.end and (doc[pos].lower_ in lex.compass_words or doc[pos].lower_ in ("the", "-")
                              or doc[pos].lower_ in lex.region_part_nouns and pos + 1 < sent.end
                              and doc[pos + 1].lower_ == "of" or doc[pos].lower_ == "of" and pos > index):
        pos += 1
    if pos >= sent.end:
        return None
    place = _ent_of(sent, doc[pos])
    if place is None or place.label_ not in _PLACES or not index <= place.start <= pos:
        return None
    if place.end < sent.end and doc[place.end].lower_ in ("'s", "'"):
        return None  # "an activist in Algeria's Ettahadi party": the place owns what follows
    return place, pos


def places_in_places(sent: Span) -> Iterator[Candidate]:
    """A place right after another place, introduced by "in" or a comma and a compass word:
    "the Palace of Fine Arts, in San Francisco", "Kassala in eastern Sudan", "Bugesera in the
    southeastern part of Rwanda", "Mohammadia, south-east Algeria"; every conjunct of a list of
    places is in it ("Brazoria, Fort Bend and Harris Counties in southeast Texas")."""
    doc = sent.doc
    lex = lexicon()
    for ent in sentence_ents(sent):
        if ent.label_ not in _PLACES:
            continue
        pos = ent.end
        while pos < sent.end and pos - ent.end < 3 and doc[pos].is_lower and doc[pos].pos == NOUN and (
                doc[pos].lemma_.lower() in lex.place_name_heads | _LANDFORMS | _FACILITIES
                or pos + 1 < sent.end and doc[pos + 1].pos == NOUN and doc[pos + 1].is_lower):
            pos += 1  # "the Najd plateau in", "Umbria and Lazio provinces in", "the Rocky Flats plutonium plant in"
        if pos > ent.end and doc[pos - 1].lemma_.lower() not in lex.place_name_heads | _LANDFORMS | _FACILITIES:
            continue
        pos += 1 if pos < sent.end and doc[pos].text == "," else 0
        if pos >= sent.end:
            continue
        found: tuple[Span, int] | None = None
        spread = False
        if doc[pos].lower_ == "in":
            found, spread = _place_after(sent, pos + 1), True
            if found is not None and _is_country(ent) and not _is_region(sent, found[0].start):
                found = None  # "Japan in the Sea of Japan": where something happened, not where Japan is
        elif pos == ent.end + 1 and _is_region(sent, pos):
            region = _ent_of(sent, doc[pos])  # "Portland, Ore.", "West Palm Beach, Fla."
            # not "Nicaragua, Indonesia and Brazil": a list, not a town in its country
            found = (region, pos) if region is not None and not _is_region(sent, ent.start) \
                and _list_ends(sent, region) else None
        elif pos > ent.end and doc[pos].lower_ in lex.compass_words:
            found = _place_after(sent, pos)
            if found is not None and found[0].end < sent.end and doc[found[0].end].text not in (",", ".", ";", ")"):
                found = None  # "Mohammadia, south-east Algeria," not "X, northern Iraq's Kurds"
        if found is None:
            continue
        place = found[0]
        members = [ent] + (_coordinated_places(sent, ent) if spread else [])
        for member in members:
            for wider in _wider(sent, place):
                if wider.start != member.start:
                    yield _edge("place-in", sent, member, wider, ("be", "locate", "in"), "is in")


def addresses(sent: Span) -> Iterator[Candidate]:
    """A name followed by its town and state, as lists of sites give them: "Fire Island National
    Seashore, Patchogue, N.Y.", "U.S. Coast Guard Training Center, Petaluma, Calif.", "Camp
    Butner, N.C.": the site is in both (located there: a list of sites says where each is, not
    where an organization has its seat)."""
    doc = sent.doc
    for ent in sentence_ents(sent):
        if ent.label_ not in ("ORG", "FAC", "LOC", "GPE") or ent.end + 2 >= sent.end or doc[ent.end].text != ",":
            continue
        if _is_region(sent, ent.start) or ent.start > sent.start and doc[ent.start - 1].lower_ not in _LIST_MARKS:
            continue  # an item of a list of sites, not a town after "in" (read by places_in_places)
        first = _ent_of(sent, doc[ent.end + 1])
        if first is None or first.start != ent.end + 1 or first.label_ not in _PLACES:
            continue
        if _is_region(sent, first.start):
            places = [first] if _list_ends(sent, first) else []
        else:
            after = first.end
            places = [first, region] if after + 1 < sent.end and doc[after].text == "," \
                and _is_region(sent, after + 1) and (region := _ent_of(sent, doc[after + 1])) is not None \
                and _list_ends(sent, region) else []
        if not places or ent.label_ != "ORG" and places[0] is first and len(places) == 1:
            continue  # "Portland, Ore." itself is read by places_in_places
        for place in places:  # where the site is, whatever kind of name it has
            yield _edge("address", sent, ent, place, ("be", "locate", "in"), "is in")


def _is_region(sent: Span, index: int) -> bool:
    """Whether a place name starts at ``index`` that is a state, a country or a larger region
    (a US state's abbreviation, or what the gazetteer knows as a country or region)."""
    place = _ent_of(sent, sent.doc[index])
    if place is None or place.label_ not in _PLACES or place.start != index:
        return False
    if place.text.rstrip(".") in _states():
        return True
    known = lookup(place.text)
    return known is not None and known.kind in ("country", "region", "continent")


def _is_country(place: Span) -> bool:
    known = lookup(place.text)
    return known is not None and known.kind in ("country", "continent")


def _list_ends(sent: Span, place: Span) -> bool:
    """Whether nothing follows the place that makes it one item of a list."""
    doc = sent.doc
    nxt = place.end + (1 if place.end < sent.end and doc[place.end].text == "." else 0)
    if nxt >= sent.end:
        return True
    if doc[nxt].lower_ in ("and", "or", "'s", "'"):
        return False  # "Nicaragua, Indonesia and Brazil"; "the embassy in London, Argentina's envoy"

    return not (doc[nxt].text == "," and nxt + 1 < sent.end and doc[nxt + 1].ent_type_ in _PLACES
                and _ent_of(sent, doc[nxt + 1]) is not None and not _is_region(sent, nxt + 1))


@lru_cache(maxsize=1)
def _states() -> frozenset[str]:
    return frozenset(s.rstrip(".") for s in lexicon().us_state_abbreviations)


def _coordinated_places(sent: Span, last: Span) -> list[Span]:
    """The places coordinated before ``last`` ("Brazoria, Fort Bend, Galveston and Harris")."""
    out = []
    node = last.root
    while node.dep_ == "conj" and node.head != node:
        node = node.head
        place = _name(sent, node, _PLACES)
        if place is None:
            break
        out.append(place)
    if out and out[-1].root.dep_ == "pobj" and out[-1].root.head.lower_ == "in":
        return []  # "two counties in New Jersey and Dutchess County in New York": New Jersey holds, is not held
    doc = sent.doc
    if any(p.end + 1 < sent.end and (doc[p.end].lower_ == "in"
                                     or doc[p.end].text == "," and _is_region(sent, p.end + 1)) for p in out):
        return []  # "Dan Sai District in Loei Province, Nakhon Thai District in ...": each has its own
    heads = {last.root.i} | {p.root.i for p in out}
    for place in list(out):
        for conj in conjuncts(place.root)[1:]:
            other = _name(sent, conj, _PLACES)
            if other is not None and other.root.i not in heads and other.end <= last.start:
                out.append(other)
                heads.add(other.root.i)
    return out


@lru_cache(maxsize=1)
def _headquarters_words() -> frozenset[str]:
    return _head_words(lexicon().headquarters_nouns)


@only_with(_headquarters_words, frozenset({"ORG"}), _PLACES)
def headquarters(sent: Span) -> Iterator[Candidate]:
    """"NRC headquarters in nearby Rockville, Md.", "the bank's head office in Frankfurt": the
    organization is based in the place."""
    lex = lexicon()
    for noun in sentence_tokens(sent):
        if noun.pos not in (NOUN, PROPN) or role_lemma(noun) not in lex.headquarters_nouns \
                and noun.lemma_.lower() not in lex.headquarters_nouns:
            continue
        orgs = [n for c in child_tokens(noun) if c.dep_ in ("compound", "poss", "nmod")
                and (n := _name(sent, c, frozenset({"ORG"}))) is not None]
        # the preposition right after the noun, wherever the parser hung it
        for prep in (t for t in sent.doc[noun.i + 1:noun.i + 2] if t.lower_ in ("in", "at") and t.i < sent.end):
            found = _place_after(sent, prep.i + 1)
            if found is None:
                continue
            for org in orgs:
                for place in _wider(sent, found[0]):
                    yield _edge("headquarters", sent, org, place, ("be", "base", "in"), "is based in")


# -- people and their places ----------------------------------------------------------------------

def _after_age(sent: Span, ent: Span) -> int | None:
    """Where the text goes on after "NAME, 50,": the index after the age's second comma."""
    doc, after = sent.doc, ent.end
    if after + 3 < sent.end and doc[after].text == "," and doc[after + 1].is_digit \
            and 0 < int(doc[after + 1].text) < 120 and doc[after + 2].text == ",":
        return after + 3
    return None


def _phrase_head(sent: Span, start: int) -> Token | None:
    """The head of the phrase that starts at ``start`` and runs to the next comma."""
    doc = sent.doc
    end = start
    while end < sent.end and doc[end].text not in (",", ";", "--", "(") and not doc[end].is_sent_end:
        end += 1
    inside = range(start, end)
    heads = [doc[i] for i in inside if doc[i].head.i not in inside or doc[i].head == doc[i]]
    return heads[0] if len(heads) == 1 else None


def _born_places(sent: Span, born: Token) -> list[Span]:
    return [w for p in child_tokens(born) if p.dep_ == "prep" and p.lower_ == "in"
            for found in [_place_after(sent, p.i + 1)] if found is not None for w in _wider(sent, found[0])]


def _places_on_the_date(sent: Span, born: Token) -> list[Span]:
    """"born on Feb. 5, 1907, in Portland": the place the parser hung on the date."""
    return [w for on in child_tokens(born) if on.dep_ == "prep" and on.lower_ == "on"
            for date in child_tokens(on) if date.dep_ == "pobj" and date.ent_type_ == "DATE"
            for p in child_tokens(date) if p.dep_ == "prep" and p.lower_ == "in"
            for found in [_place_after(sent, p.i + 1)] if found is not None for w in _wider(sent, found[0])]


def age_appositions(sent: Span) -> Iterator[Candidate]:
    """An age in commas does not part a person from what follows it: "Marie Ferraro, 50, of
    Bethany, Conn.", "Ulf Merbold, 47, of the European Space Agency", "Gordon Parks, 76, born in
    Fort Scott, Kan.", "Ralph Winter, 53, a former Yale University law professor"."""
    doc = sent.doc
    for ent in sentence_ents(sent):
        if ent.label_ != "PERSON":
            continue
        start = _after_age(sent, ent)
        if start is None:
            continue
        word = doc[start]
        if word.lower_ in ("of", "from") and start + 1 < sent.end:
            target = _phrase_head(sent, start + 1)
            if target is None:
                continue
            found = _place_after(sent, start + 1)
            if found is not None:
                for place in _wider(sent, found[0]):
                    yield _edge("age-apposition", sent, ent, place, ("live", "in"), "lives in")
            elif (org := _name(sent, target, frozenset({"ORG"}))) is not None:
                yield _edge("age-apposition", sent, ent, org, ("be", "of"), "is of")
        elif word.lower_ == "born":
            for place in _born_places(sent, word):
                yield _edge("age-apposition", sent, ent, place, ("be", "bear", "in"), "was born in")
        else:
            head = _phrase_head(sent, start)
            if head is None or head.pos != NOUN:
                continue
            for named in (t for t in head.subtree if t.i < head.i and t.dep_ in ("compound", "nmod")):
                org = _name(sent, named, frozenset({"ORG"}))
                if org is not None and org.root == named:
                    yield _edge("age-apposition", sent, ent, org, ("be", role_lemma(head), "of"),
                                f"is {head.text} of")


def born_in(sent: Span) -> Iterator[Candidate]:
    """Where a person was born, where the parse lost it: "Gordon Parks, born in Fort Scott",
    "Illinois born Charlton Heston", "Texas-born singer Jo Hill", "was born on Feb. 5, 1907, in
    Portland" with the place hung on the date."""
    doc = sent.doc
    ents = sentence_ents(sent)
    for ent in ents:
        if ent.label_ != "PERSON":
            continue
        for child in child_tokens(ent.root):
            if child.dep_ == "acl" and child.lower_ == "born":
                for place in _born_places(sent, child) + _places_on_the_date(sent, child):
                    yield _edge("born-in", sent, ent, place, ("be", "bear", "in"), "was born in")
        if ent.root.dep_ == "nsubjpass" and ent.root.head.lower_ == "born":
            for place in _places_on_the_date(sent, ent.root.head):
                yield _edge("born-in", sent, ent, place, ("be", "bear", "in"), "was born in")
    for place in ents:
        if place.label_ not in _PLACES or place.end + 1 >= sent.end:
            continue
        pos = place.end + (1 if doc[place.end].text == "-" else 0)
        if doc[pos].lower_ != "born":
            continue
        before = _ent_of(sent, doc[place.start - 2]) if place.start - 2 >= sent.start else None
        if before is not None and before.label_ == "PERSON" and doc[place.start - 1].text == "," \
                and before.end == place.start - 1:
            # "James Dickey, Georgia born,"
            yield _edge("born-in", sent, before, place, ("be", "bear", "in"), "was born in")
            continue
        pos += 1
        while pos < sent.end and doc[pos].pos == NOUN and doc[pos].is_lower:
            pos += 1  # "Texas born singer Jo Hill"
        person = _ent_of(sent, doc[pos]) if pos < sent.end else None
        if person is not None and person.label_ == "PERSON" and person.start == pos:
            yield _edge("born-in", sent, person, place, ("be", "bear", "in"), "was born in")


def _residence_word(noun: Token) -> str | None:
    """'home' for a word for where someone lives, 'birth' for where they were born."""
    lex = lexicon()
    words = {noun.lemma_.lower(), noun.lower_, role_lemma(noun)}
    if words & lex.birthplace_nouns:
        return "birth"
    if words & lex.residence_nouns:
        return "home"
    return None


def _residence_places(sent: Span, noun: Token) -> list[Span]:
    """The places a residence noun names: "Sohn's New Jersey home", "his home in Larchmont",
    "her hometown of Grants, N.M.", "Richardson's hometown, Beaumont", "Beaumont, Richardson's
    hometown", "South Carolina being Jesse Jackson's home state"."""
    out: list[Span] = []
    for child in child_tokens(noun):
        if child.dep_ in ("compound", "nmod") and child.i < noun.i:
            place = _name(sent, child, _PLACES)
            if place is not None and place.root == child:
                out.append(place)
        elif child.dep_ == "prep" and child.lower_ in ("in", "of"):
            found = _place_after(sent, child.i + 1)
            if found is not None:
                out += _wider(sent, found[0])
        elif child.dep_ == "appos":
            place = _name(sent, child, _PLACES)
            if place is not None:
                out += _wider(sent, place)
    if noun.dep_ == "appos":
        place = _name(sent, noun.head, _PLACES)
        if place is not None:
            out.append(place)
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        for subject in (c for c in child_tokens(noun.head) if c.dep_ in ("nsubj", "nsubjpass")):
            place = _name(sent, subject, _PLACES)
            if place is not None:
                out.append(place)
    return out


@lru_cache(maxsize=1)
def _residence_words() -> frozenset[str]:
    lex = lexicon()
    return _head_words(lex.birthplace_nouns | lex.residence_nouns) | {"native"}


@only_with(_residence_words, _PLACES)
def residences(sent: Span) -> Iterator[Candidate]:
    """Where someone's home is: a residence noun with a possessor ("Sohn's New Jersey home", "his
    home in Larchmont", "Richardson's hometown", "Jesse Jackson's home state"), and "native"
    before a place ("in his native South Carolina")."""
    for token in sentence_tokens(sent):
        kind = _residence_word(token) if token.pos == NOUN else None
        native = token.ent_type_ in _PLACES and any(c.dep_ == "amod" and c.lower_ == "native"
                                                    for c in child_tokens(token))
        if not kind and not native:
            continue
        owner = next((c for c in child_tokens(token) if c.dep_ == "poss"), None)
        if owner is None and kind:
            owner = next((o for p in child_tokens(token) if p.dep_ == "prep" and p.lower_ == "of"
                          for o in child_tokens(p) if o.dep_ == "pobj"), None)  # "the hometown of Ann Cole"
        if owner is None:
            continue
        places = _residence_places(sent, token) if kind else []
        if native:
            kind, places = "birth", [p for p in [_ent_of(sent, token)] if p is not None]
        if not places:
            continue
        person = _name(sent, owner, frozenset({"PERSON"}))
        if person is None and owner.pos == NOUN:  # "the home state of his wife, Elizabeth"
            person = next((n for a in child_tokens(owner) if a.dep_ == "appos"
                           if (n := _name(sent, a, frozenset({"PERSON"}))) is not None), None)
        subject: Span | list[Token] | None = person
        if person is None and owner.pos == PRON and owner.lower_ in ("his", "her"):
            subject = [owner]
        if subject is None:
            continue
        chain, text = (("be", "bear", "in"), "was born in") if kind == "birth" else (("live", "in"), "lives in")
        for place in places:
            yield _edge("residence", sent, subject, place, chain, text)


_NATIVE_NOUNS = frozenset({"native", "resident", "inhabitant", "citizen"})


@only_with(lambda: _NATIVE_NOUNS, frozenset({"PERSON"}), _PLACES)
def natives(sent: Span) -> Iterator[Candidate]:
    """"Composer Thomas is a native of Chisholm, Minn.", "Smith, a resident of Dover, Del.": a
    native is from the town and from the state it is in."""
    for noun in tokens_with_pos(sent, NOUN):
        if noun.lemma_.lower() not in _NATIVE_NOUNS:
            continue
        holder = _holder(noun)
        person = _name(sent, holder, frozenset({"PERSON"})) if holder is not None else None
        if person is None:
            continue
        chain, text = (("be", "from"), "is from") if noun.lemma_.lower() == "native" else (("live", "in"), "lives in")
        for prep in (c for c in child_tokens(noun) if c.dep_ == "prep" and c.lower_ == "of"):
            found = _place_after(sent, prep.i + 1)
            for place in _wider(sent, found[0]) if found is not None else []:
                yield _edge("native", sent, person, place, chain, text)
        for child in child_tokens(noun):  # "a Memphis native", "Modesto native George Lucas"
            named = _name(sent, child, _PLACES) if child.dep_ in ("compound", "nmod") and child.i < noun.i else None
            if named is not None and named.root == child:
                yield _edge("native", sent, person, named, chain, text)


def possessed_appositions(sent: Span) -> Iterator[Candidate]:
    """A place's or an organization's apposition whose possessor is a place: "Baghdad, Iraq's
    capital", "Mont Blanc, Western Europe's highest peak", "Sony, Japan's largest electronics
    maker": the name is in that place (an organization is based there)."""
    for noun in tokens_with_dep(sent, "appos"):
        if noun.pos != NOUN or noun.ent_type_:
            continue
        named = _name(sent, noun.head, frozenset({"ORG", "GPE", "LOC", "FAC"}))
        owner = next((c for c in child_tokens(noun) if c.dep_ == "poss"), None)
        place = _name(sent, owner, _PLACES) if owner is not None else None
        if named is None or place is None or named.root != noun.head or named.start == place.start:
            continue
        chain, text = _place_chain("org" if named.label_ == "ORG" else "place")
        yield _edge("appos-place", sent, named, place, chain, text)


def appositive_places(sent: Span) -> Iterator[Candidate]:
    """A place in the phrase in apposition to a name: "Derwinski, a Republican from Chicago"
    (he is from Chicago), "Yisrael Tal, one of the top military strategists in Israel", "Madagascar,
    an island nation in the Indian Ocean"."""
    for token in tokens_with_dep(sent, "appos"):
        if token.ent_type_ in _PLACES:
            continue
        named = _name(sent, token.head, frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"}))
        if named is None or named.root != token.head:
            continue
        holders = conjuncts(token)  # "an executive with Titan and one of the leading experts in the U.S."
        holders += [o for h in holders if h.lower_ == "one" or h.like_num  # "one of the top strategists in Israel"
                    for p in child_tokens(h) if p.dep_ == "prep" and p.lower_ == "of"
                    for o in child_tokens(p) if o.dep_ == "pobj"]
        kind = token_class(token.head)
        for holder in holders:
            for prep in (c for c in child_tokens(holder) if c.dep_ == "prep" and c.lower_ in ("from", "in")):
                found = _place_after(sent, prep.i + 1)
                if found is None:
                    continue
                chain, text = (("be", "from"), "is from") if prep.lower_ == "from" and kind == "person" \
                    else _place_chain(kind)
                for place in _wider(sent, found[0]):
                    yield _edge("appos-place", sent, named, place, chain, text)


# -- work -------------------------------------------------------------------------------------------

def _loose_appositive(sent: Span, noun: Token) -> Span | None:
    """A person's name right after a noun phrase and a comma, which the parser did not hang on
    it: "Kennedy's assassin, Lee Harvey Oswald, who ..."."""
    doc = sent.doc
    after = noun.right_edge.i + 1
    if after + 1 >= sent.end or doc[after].text != ",":
        return None
    person = _ent_of(sent, doc[after + 1])
    if person is None or person.label_ != "PERSON" or person.start != after + 1:
        return None
    if person.end < sent.end and doc[person.end].text not in (",", ".", ";", "--", ")") \
            and not doc[person.end].is_sent_end:
        return None
    return person


@only_with(None, frozenset({"PERSON", "ORG"}), frozenset({"ORG", "GPE"}))
def roles_before_names(sent: Span) -> Iterator[Candidate]:
    """A role with its organization before the name that holds it: "the deputy secretary of the
    Foreign Ministry, Datuk Abdul Halim Ali", "former commander of the Soviet Navy Nikolai
    Kuznetsov"; and organizations after a phrase that places them: "the two main political forces
    in Bulgaria, the BSP and the Union of Democratic Forces"."""
    for noun in tokens_with_pos(sent, NOUN):
        if noun.ent_type_:
            continue
        role = _is_role(noun)
        if not role and token_class(noun) != "org":
            continue
        # "Sihanouk's son and representative in Thailand, Prince Ranariddh": coordinated roles
        # share the phrase's name and preposition
        holders = [noun] + ([noun.head] if noun.dep_ == "conj" and noun.head.pos == NOUN else [])
        objects = [(c, obj) for h in holders for c in child_tokens(h) if c.dep_ == "prep"
                   and c.lower_ in _ROLE_PREPS + ("in",) and (obj := _object_of(c)) is not None]
        if not objects:
            continue  # most nouns: no names need be looked for
        names = [n for h in holders for c in child_tokens(h) if c.dep_ == "appos" for conj in conjuncts(c)
                 if (n := _name(sent, conj, frozenset({"PERSON", "ORG"}))) is not None]
        loose = _loose_appositive(sent, noun)
        if loose is not None:
            names.append(loose)
        for prep, obj in objects:
            org = _name(sent, obj, frozenset({"ORG", "GPE"}))
            # "former commander of the Soviet Navy Nikolai Kuznetsov": the name inside the object
            inner = [n for c in child_tokens(obj) if c.dep_ in ("appos", "compound") and c.i > obj.i
                     if (n := _name(sent, c, frozenset({"PERSON"}))) is not None]
            for person in names + inner:
                if org is None or person.start <= org.start < person.end:
                    continue
                if person.label_ == "PERSON" and prep.lower_ != "in" and role:
                    yield _edge("role-before-name", sent, person, org, ("be", role_lemma(noun), prep.lower_),
                                f"is {noun.text} {prep.lower_}")
                elif person.label_ == "ORG" and org.label_ == "GPE" and prep.lower_ == "in":
                    yield _edge("role-before-name", sent, person, org, ("be", "base", "in"), "is based in")
                elif person.label_ == "PERSON" and org.label_ == "GPE" and prep.lower_ == "in" and role:
                    # "the representative in Thailand, Prince Ranariddh"
                    yield _edge("role-before-name", sent, person, org, ("live", "in"), "lives in")


def _organization_behind(sent: Span, noun: Token) -> Span | None:
    """The organization a unit or a descriptor noun belongs to or stands for: "the DEM's division
    of groundwater" (the DEM), "the SHP parliamentary group" (SHP), "the law firm of Skadden, Arps"."""
    lex = lexicon()
    word = noun.lemma_.lower()
    if noun.ent_type_ or word not in lex.unit_nouns and word not in lex.organization_descriptors:
        return None
    for child in child_tokens(noun):
        if child.dep_ in ("poss", "compound", "nmod") and child.i < noun.i:
            org = _name(sent, child, frozenset({"ORG"}))
            if org is not None:
                return org
    if word in lex.organization_descriptors:
        for prep in (c for c in child_tokens(noun) if c.dep_ == "prep" and c.lower_ == "of"):
            org = _name(sent, _object_of(prep), frozenset({"ORG"}))
            if org is not None:
                return org
    return None


def organization_units(sent: Span) -> Iterator[Candidate]:
    """Who is of a part of an organization works for it: "Stephanie Powell, of the DEM's division
    of groundwater", "Sam Kadet of the corporate law firm of Skadden, Arps", "Nihat, deputy leader
    of the SHP parliamentary group"."""
    for prep in tokens_with_dep(sent, "prep"):
        if prep.lower_ not in _ROLE_PREPS:
            continue
        obj = _object_of(prep)
        org = _organization_behind(sent, obj) if obj is not None else None
        if org is None:
            continue
        head = prep.head
        person = _name(sent, head, frozenset({"PERSON"}))
        if person is not None and person.root == head:
            yield _edge("org-unit", sent, person, org, ("be", prep.lower_), f"is {prep.lower_}")
            continue
        if head.pos == NOUN and not head.ent_type_:
            holder = _holder(head)
            person = _name(sent, holder, frozenset({"PERSON"})) if holder is not None else None
            if person is not None:
                yield _edge("org-unit", sent, person, org, ("be", role_lemma(head), prep.lower_),
                            f"is {head.text} {prep.lower_}")


def appositive_roles(sent: Span) -> Iterator[Candidate]:
    """Roles in an apposition that the parse splits: a preposition hung on the name after its
    role ("Walter Mears, vice president and columnist for The Associated Press"), and a second
    role with its own article ("Jeremy Rifkin, director of the Foundation and a member of the
    Global Greenhouse Network")."""
    doc = sent.doc
    for role in tokens_with_dep(sent, "appos"):
        if role.pos != NOUN or role.ent_type_:
            continue
        person = _name(sent, role.head, frozenset({"PERSON"}))
        if person is None or person.root != role.head:
            continue
        roles = conjuncts(role)
        if _is_role(role):  # "Tal, a senior Defense Ministry official"
            for named in (t for t in role.subtree if t.i < role.i and t.dep_ in ("compound", "nmod")):
                org = _name(sent, named, frozenset({"ORG"}))
                if org is not None and org.root == named:
                    yield _edge("appos-role-split", sent, person, org, ("be", role_lemma(role), "of"),
                                f"is {role.text} of")
        # "leader of Bosnian Serbs and vice-president of the Union": a role the parser coordinated
        # with the first role's object
        stray = [c for p in child_tokens(role) if p.dep_ == "prep" for o in child_tokens(p) if o.dep_ == "pobj"
                 for c in conjuncts(o)[1:] if c.pos == NOUN and not c.ent_type_ and _is_role(c)]
        for prep in (c for c in child_tokens(role.head) if c.dep_ == "prep" and c.lower_ in _ROLE_PREPS
                     and c.i == role.right_edge.i + 1):
            org = _name(sent, _object_of(prep), frozenset({"ORG"}))
            if org is not None:
                yield _edge("appos-role-split", sent, person, org, ("be", role_lemma(roles[-1]), prep.lower_),
                            f"is {roles[-1].text} {prep.lower_}")
        for other in roles[1:] + stray:
            dets = [c for c in child_tokens(other) if c.dep_ == "det"]
            if any(c.dep_ == "poss" for c in child_tokens(other)) or other not in stray and (
                    not dets or dets[0].lower_ not in ("a", "an")):
                continue
            for prep in (c for c in child_tokens(other) if c.dep_ == "prep" and c.lower_ in _ROLE_PREPS):
                org = _name(sent, _object_of(prep), frozenset({"ORG"}))
                if org is not None and doc[org.start - 1].lower_ != "'s":
                    yield _edge("appos-role-split", sent, person, org, ("be", role_lemma(other), prep.lower_),
                                f"is {other.text} {prep.lower_}")


def party_of(sent: Span) -> Iterator[Candidate]:
    """A person's party or union is one they belong to: "Prime Minister Brian Mulroney's
    Progressive Conservative Party", "Hernandez Galicia's Mexican Oil Workers Union"."""
    lex = lexicon()
    for org in sentence_ents(sent):
        if org.label_ != "ORG" or org[-1].lower_ not in lex.member_org_heads:
            continue
        owners = [c for t in org for c in child_tokens(t) if c.dep_ == "poss" and not org.start <= c.i < org.end]
        for owner in owners:
            person = _name(sent, owner, frozenset({"PERSON"}))
            if person is not None:
                yield _edge("party-of", sent, person, org, ("be", "member", "of"), "is member of")


@only_with(None, frozenset({"PERSON"}))
def possessed_titles(sent: Span) -> Iterator[Candidate]:
    """A title with its possessor in front of the name that holds it, where the parser hung the
    possessor on the name or the name off the title: "William McKinley's assassin Leon Czolgosz",
    "Kennedy's assassin, Lee Harvey Oswald", "King assassin James Earl Ray" (a name the model
    missed is left to the entity index: "King" is the King named before)."""
    for person in sentence_ents(sent):
        if person.label_ != "PERSON":
            continue
        root = person.root
        titles = [c for c in child_tokens(root) if c.dep_ == "compound" and c.i < person.start and not c.ent_type_
                  and c.pos in (NOUN, PROPN) and c.is_lower]
        owners = [c for c in child_tokens(root) if c.dep_ == "poss" and c.i < person.start]
        # "Coast Guard Lt. Steve Hardy", "Healy president George Malina": an organization, a title, the name
        orgs = [o for c in child_tokens(root) if c.dep_ in ("compound", "nmod") and c.i < person.start
                and c.ent_type_ == "ORG" if (o := _ent_of(sent, c)) is not None and o.root == c]
        ranks = [c for c in child_tokens(root) if c.dep_ == "compound" and c.i < person.start and not c.ent_type_
                 and c.pos in (NOUN, PROPN) and (_is_role(c) or c.lower_.rstrip(".") in _RANKS)]
        for inner in person[:-1]:  # "Deputy U.S. Ambassador Herbert S. Okun": the title hangs on "S."
            for title in (c for c in child_tokens(inner) if c.dep_ == "compound" and c.i < person.start
                          and not c.ent_type_ and _is_role(c)):
                for named in (t for t in title.subtree if t.ent_type_ in _PLACES | {"ORG"} and t.i < title.i):
                    place = _ent_of(sent, named)
                    if place is not None and place.root == named:
                        yield _edge("possessed-title", sent, person, place, ("be", role_lemma(title), "of"),
                                    f"is {title.text} of")
        for org in orgs:
            for title in (t for t in ranks if org.end <= t.i):
                yield _edge("possessed-title", sent, person, org, ("be", role_lemma(title), "of"),
                            f"is {title.text} of")
        for title in titles:
            for owner in owners:
                found = _name(sent, owner, frozenset({"PERSON", "ORG", "GPE"}))
                if found is not None:
                    yield _edge("possessed-title", sent, person, found, ("be", role_lemma(title), "of"),
                                f"is {title.text} of")
            if title.lower_ in lexicon().killer_nouns:
                for named in (c for c in child_tokens(title) if c.dep_ == "compound" and c.pos == PROPN):
                    yield _edge("possessed-title", sent, person, [named], ("be", title.lower_, "of"),
                                f"is {title.text} of")
    for noun in tokens_with_pos(sent, NOUN):
        if noun.ent_type_:
            continue
        possessor = next((c for c in child_tokens(noun) if c.dep_ == "poss"), None)
        whose = _name(sent, possessor, frozenset({"PERSON", "ORG", "GPE"})) if possessor is not None else None
        holder = _loose_appositive(sent, noun) if whose is not None else None
        if holder is not None and whose is not None and not any(c.dep_ == "appos" for c in child_tokens(noun)):
            yield _edge("possessed-title", sent, holder, whose, ("be", role_lemma(noun), "of"), f"is {noun.text} of")


# -- killings -------------------------------------------------------------------------------------

def _accused(sent: Span, verb: Token) -> list[Span]:
    """Who an accusation verb ties to the deed: the accused object ("police charged X with"),
    the passive subject ("X was convicted of"), the name a participle describes ("X, convicted
    of"), else the subject ("X is serving 99 years for")."""
    objects = [c for c in child_tokens(verb) if c.dep_ == "dobj"]
    doc = sent.doc
    before = _ent_of(sent, doc[verb.i - 2]) if verb.i - 2 >= sent.start and doc[verb.i - 1].text == "," else None
    if objects and verb.lemma_ != "serve":
        heads = conjuncts(objects[0])
    elif verb.dep_ == "acl":
        heads = [verb.head]
    elif verb.tag_ == "VBN" and before is not None and before.end == verb.i - 1 \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in child_tokens(verb)):
        heads = [before.root]  # "... of John Adamson, convicted of murdering X": the parser made it an adverbial
    else:
        heads = find_subjects(verb)
    return [n for h in heads if (n := _name(sent, h, frozenset({"PERSON"}))) is not None]


@_about_killing
def accused_killers(sent: Span) -> Iterator[Candidate]:
    """Convicted, accused or suspected of a killing: "James Earl Ray, convicted of assassinating
    Dr. King", "Sirhan was convicted of Kennedy's killing", "X, suspected of the assassination of
    Y", "X is serving 99 years for the murder of Y", "X was found guilty of murdering Y". An
    accusation is alleged, an acquittal denies it."""
    verbs = lexicon().accusation_verbs
    for verb in sentence_tokens(sent):
        word = verb.lemma_.lower()
        if word == "guilty" and verb.pos == ADJ:
            anchor, kind = verb.head, "fact"
        elif verb.pos == VERB and word in verbs:
            anchor, kind = verb, verbs[word]
        else:
            continue
        # "serving a life sentence for the murder of X": the deed may hang on the verb's object
        holders = [verb] + [c for c in child_tokens(verb) if c.dep_ == "dobj" and c.pos == NOUN]
        holders += [o for p in child_tokens(verb) if p.dep_ == "prep" and p.lower_ in ("to", "in")
                    for o in child_tokens(p) if o.dep_ == "pobj" and o.pos == NOUN]  # "sentenced to death for" 
        deeds = [o for h in holders for p in child_tokens(h)
                 if p.dep_ == "prep" and p.lower_ in ("of", "for", "with", "in", "to")
                 for o in child_tokens(p) if o.dep_ in ("pobj", "pcomp")]
        victims = [v for deed in deeds for v in _killing_victims(sent, deed)]
        if not victims:
            continue
        denied = kind == "negated" or any(c.dep_ == "neg" for c in child_tokens(verb))
        for killer in _accused(sent, anchor):
            for victim in victims:
                if killer.start != victim.start:
                    yield _kill("accused-of", sent, killer, victim, negated=denied,
                                modality="alleged" if kind == "alleged" else None)


@_about_killing
def killer_roles(sent: Span) -> Iterator[Candidate]:
    """A killer's role noun with its victim, where the victim's name ends in a suffix the name
    leaves out ("James Earl Ray, the convicted assassin of Martin Luther King Jr.", "Ray was the
    killer of Dr. Ann Cole Jr."): whom the role describes killed the victim."""
    lex = lexicon()
    for noun in tokens_with_pos(sent, NOUN):
        if noun.lemma_.lower() not in lex.killer_nouns:
            continue
        holder = _holder(noun)
        killer = _name(sent, holder, frozenset({"PERSON"})) if holder is not None else None
        if killer is None:
            continue
        for prep in (c for c in child_tokens(noun) if c.dep_ == "prep" and c.lower_ == "of"):
            for target in conjuncts(_object_of(prep) or prep):
                victim = _name(sent, target, frozenset({"PERSON"}))
                if victim is not None and victim.start != killer.start:
                    yield _kill("killer-role", sent, killer, victim)


@_about_killing
def shots_that_killed(sent: Span) -> Iterator[Candidate]:
    """"Oswald fired the shots that killed Kennedy", "the man who planted the bomb that killed
    X": who used the weapon killed the victim."""
    for noun in sentence_tokens(sent):
        if noun.lemma_.lower() not in _INSTRUMENTS or noun.dep_ not in ("dobj", "nsubjpass"):
            continue
        victims = [v for c in child_tokens(noun) if c.dep_ == "relcl"
                   and any(s.dep_ == "nsubj" and s.lower_ in ("that", "which") for s in child_tokens(c))
                   for v in _killing_victims(sent, c)]
        if not victims:
            continue
        killers = [n for s in find_subjects(noun.head) if (n := _name(sent, s, frozenset({"PERSON"}))) is not None]
        for killer in killers:
            for victim in victims:
                yield _kill("fired-shot", sent, killer, victim)


def _passive_killing(verb: Token) -> bool:
    return verb.pos == VERB and verb.lemma_.lower() in lexicon().killing_verbs \
        and any(c.dep_ == "auxpass" for c in child_tokens(verb))


def _passive_victims(sent: Span, verb: Token) -> list[Span]:
    """Who a passive killing verb's subject names, also through an apposition ("the last Incan
    king, Atahualpa, was murdered")."""
    subjects = find_subjects(verb)
    subjects += [a for s in subjects for a in child_tokens(s) if a.dep_ == "appos"]
    return [n for s in subjects if (n := _name(sent, s, frozenset({"PERSON"}))) is not None]


@_about_killing
def group_agents(sent: Span) -> Iterator[Candidate]:
    """"Julius Caesar was assassinated by a group of nobles that included Brutus and Cassius",
    "killed by a gang including X": the members a group agent includes did it."""
    lex = lexicon()
    for verb in sentence_tokens(sent):
        if not _passive_killing(verb):
            continue
        groups = [o for a in child_tokens(verb) if a.dep_ == "agent" for o in child_tokens(a)
                  if o.dep_ == "pobj" and o.lemma_.lower() in lex.collective_nouns]
        members = []
        for group in groups:
            for node in group.subtree:
                if node.lemma_.lower() == "include" and node.pos == VERB:
                    members += [m for o in child_tokens(node) if o.dep_ == "dobj" for m in conjuncts(o)]
                elif node.lower_ == "including" and node.dep_ == "prep":
                    members += [m for o in child_tokens(node) if o.dep_ == "pobj" for m in conjuncts(o)]
        killers = [n for m in members if (n := _name(sent, m, frozenset({"PERSON"}))) is not None]
        for victim in _passive_victims(sent, verb):
            for killer in killers:
                yield _kill("group-agent", sent, killer, victim)


@_about_killing
def on_orders(sent: Span) -> Iterator[Candidate]:
    """"Atahualpa was murdered on the orders of Francisco Pizarro", "killed at the behest of X":
    who ordered the killing did it."""
    for verb in sentence_tokens(sent):
        if not _passive_killing(verb):
            continue
        for prep in (c for c in child_tokens(verb) if c.dep_ == "prep" and c.lower_ in ("on", "at", "under")):
            order = _object_of(prep)
            if order is None or order.lemma_.lower() not in _ORDERS:
                continue
            for of in (c for c in child_tokens(order) if c.dep_ == "prep" and c.lower_ in ("of", "from")):
                killer = _name(sent, _object_of(of), frozenset({"PERSON"}))
                if killer is None:
                    continue
                for victim in _passive_victims(sent, verb):
                    yield _kill("on-orders", sent, killer, victim)


@_about_killing
def the_killer(sent: Span) -> Iterator[Candidate]:
    """A person called the killer in a sentence that names one killing: "the assassination of
    President Kennedy ... that Lee Harvey Oswald was the lone assassin", "Oswald, identified by a
    commission as the lone assassin", "whether Sirhan was the only gunman in Kennedy's shooting"."""
    lex = lexicon()
    victims: dict[tuple[int, int], Span] = {}
    for token in sentence_tokens(sent):
        for victim in _killing_victims(sent, token):
            victims[(victim.start, victim.end)] = victim
    if len({v.root.i for v in victims.values()}) != 1:
        return
    victim = next(iter(victims.values()))
    for noun in sentence_tokens(sent):
        if noun.lemma_.lower() not in lex.killer_nouns or noun.pos != NOUN \
                or any(c.dep_ == "poss" or c.dep_ == "prep" and c.lower_ == "of" for c in child_tokens(noun)):
            continue
        holder = _holder(noun)
        if holder is None and noun.dep_ == "pobj" and noun.head.lower_ == "as":
            verb = noun.head.head  # "identified ... as the lone assassin"
            holder = verb.head if verb.dep_ == "acl" else next(
                (c for c in child_tokens(verb) if c.dep_ in ("dobj", "nsubjpass")), None)
        killer = _name(sent, holder, frozenset({"PERSON"})) if holder is not None else None
        if killer is not None and killer.start != victim.start:
            yield _kill("the-killer", sent, killer, victim)


@_about_killing
def killing_nouns(sent: Span) -> Iterator[Candidate]:
    """A killing noun with its victim and its killer, where the parser hung the "of" or the
    "by" phrase on a word inside the noun's phrase: "the assassination in 1914 of Archduke Franz
    Ferdinand by Bosnian nationalist Gavrilo Princip"."""
    lex = lexicon()
    for noun in tokens_with_pos(sent, NOUN):
        if noun.lemma_.lower() not in lex.killing_nouns:
            continue
        preps = [t for t in noun.subtree if t.dep_ == "prep" and t.lower_ in ("of", "by")
                 and not any(a.pos in (VERB, AUX) or a.dep_ in ("relcl", "acl", "appos")
                             for a in t.ancestors if a.i > noun.i and noun in a.ancestors)]
        if all(p.head == noun for p in preps):
            continue  # read by kg.extract.events
        victims = [v for p in preps if p.lower_ == "of" for c in conjuncts(_object_of(p) or p)
                   if (v := _name(sent, c, frozenset({"PERSON"}))) is not None]
        killers = [k for p in preps if p.lower_ == "by" for c in conjuncts(_object_of(p) or p)
                   if (k := _name(sent, c, frozenset({"PERSON"}))) is not None]
        for killer in killers:
            for victim in victims:
                if killer.start != victim.start:
                    yield _kill("killing-noun", sent, killer, victim)


@_about_killing
def stray_agents(sent: Span) -> Iterator[Candidate]:
    """A passive killing whose "by" phrase the parser hung on a noun of its place or time: "Lennon
    was shot to death ... in the courtyard of his building by Mark David Chapman"."""
    for verb in sentence_tokens(sent):
        if not _passive_killing(verb) or any(c.dep_ == "agent" for c in child_tokens(verb)):
            continue
        preps = [c for c in child_tokens(verb)
                 if c.dep_ == "prep" and c.lower_ in ("in", "at", "on", "outside", "near")]
        for prep in preps:
            for node in prep.subtree:
                if node.dep_ == "prep" and node.lower_ == "by" and node.head.pos == NOUN and not node.head.ent_type_:
                    killer = _name(sent, _object_of(node), frozenset({"PERSON"}))
                    if killer is None:
                        continue
                    for victim in _passive_victims(sent, verb):
                        if victim.start != killer.start:
                            yield _kill("stray-agent", sent, killer, victim)


LOCATION_RULE_NAMES = frozenset({
    "place-in", "address", "headquarters", "age-apposition", "born-in", "residence", "native", "appos-place",
    "role-before-name", "org-unit", "appos-role-split", "party-of", "possessed-title", "accused-of", "killer-role",
    "fired-shot", "group-agent",
    "on-orders", "the-killer", "killing-noun", "stray-agent"})
"""The rule names of this module: graph edges, not Open IE tuples."""

LOCATION_RULES = (places_in_places, addresses, headquarters, age_appositions, born_in, residences, natives,
                  possessed_appositions, appositive_places, roles_before_names, organization_units, appositive_roles,
                  party_of, possessed_titles, accused_killers, killer_roles, shots_that_killed, group_agents, on_orders,
                  the_killer, killing_nouns, stray_agents)
"""The rules of this module, in the order :data:`kg.extract.RULES` runs them."""
