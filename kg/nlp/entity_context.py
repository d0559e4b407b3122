"""Correct the small model's entity labels, and find names it missed, from syntactic context.

* A name used as the modifier of a product noun is a product ("Bing search engine", "Office
  apps", "the Windows and Xbox maker"); a name modifying an organization noun is an organization
  ("Twitter boss", "the Meta spokesman").
* A name that a descriptor noun introduces is what the descriptor says: "the handheld console,
  the DS" (a product), "launch title Project Rub", "single Black and White Town" (a work),
  "Leeds band Kaiser Chiefs", "a trade group called The Travel Partnership" (organizations),
  "actor Will Smith" (a person). A name the model missed gets an entity; one it labelled as
  another kind of name is relabelled.
* A "name" that is an amount the tokenizer left whole ("£200bn", "548p") is money, or a number.
* News conventions type what the model reads poorly: a dateline's town and agency ("BANGKOK,
  Thailand (AP)", "Sofia, February 15 (BTA) --"), a monitoring service's place and outlet ("Paris
  AFP in English 0107 GMT"), a state's abbreviation after a town ("Bethany, Conn."), a name that
  ends in "County" or "Province"; and what only a person does makes a name a person's ("Marie
  Ferraro, 50, of Bethany", "was born in", "the assassination of Lincoln", "Ruby shot Oswald").

The noun lists are data in ``kg/data/lexicon.json``. Names that kg's own patterns
(``kg/data/entity_patterns.jsonl``) labelled are left alone, and a pattern labelled CONCEPT
("AI", "CEO") removes the span from the entities altogether.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..ontology import load_ontology
from .gazetteer import lookup, named_place
from .lexicon import first_names, lexicon

__all__ = ["EntityContext", "NOT_A_NAME", "descriptor_label"]

_RELABEL = frozenset({"PERSON", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "ORG", "PRODUCT", "EVENT"})
_NAMES = _RELABEL | {"LAW", "LANGUAGE"}
_PATTERN_ID = "kg"
# A number glued to a magnitude or to pence, as British news writes amounts: "200bn", "6.2bn",
# "£5m", "548p". An upper-case suffix is left alone ("3M", "5G" are names).
_AMOUNT = re.compile(r"^\d[\d.,-]*(?:bn|tn|m|p)$")
NOT_A_NAME = "CONCEPT"
# A monitoring service's item number before its source line ("AU0202111694 Paris AFP in English").
_SOURCE_ID = re.compile(r"^(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8,}$")
_MONTHS = frozenset({"jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
                     "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
                     "november", "dec", "december"})
_NAME_PARTS = frozenset({"compound", "flat", "nmod", "poss", "case", "amod", "nummod", "det", "cc", "conj"})


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    """The well-known names of organizations in kg/data/aliases.json, lower case ("labour")."""
    raw = json.loads(resources.files("kg").joinpath("data", "aliases.json").read_text("utf-8"))
    return frozenset(n.lower() for full, shorts in raw.items() if not full.startswith("_") for n in [full, *shorts])


def descriptor_label(word: str) -> str | None:
    """The entity label a descriptor noun gives the name it introduces ("band" -> ORG).

    >>> descriptor_label("console"), descriptor_label("single"), descriptor_label("tycoon")
    ('PRODUCT', 'WORK_OF_ART', 'PERSON')
    """
    return _descriptors().get(word)


def _descriptors() -> dict[str, str]:
    lex = lexicon()
    table: dict[str, str] = {}
    for label, words in (("WORK_OF_ART", lex.creative_descriptors), ("PRODUCT", lex.product_descriptors),
                         ("ORG", lex.organization_descriptors), ("PERSON", lex.person_descriptors),
                         ("GPE", lex.place_descriptors)):
        for word in words:
            table.setdefault(word, label)
    return table


def _modified_noun(root: Token) -> Token | None:
    """The common noun this name modifies, through coordination ("Windows and Xbox maker")."""
    node = root
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    if node.dep_ in ("compound", "nmod") and node.head.pos_ == "NOUN":
        return node.head
    return None


def _proper(token: Token) -> bool:
    """A proper noun, or a capitalized noun inside a sentence ("rock band Doves": the tagger
    read a plural)."""
    return token.pos_ == "PROPN" or token.pos_ == "NOUN" and token.is_title and not token.is_sent_start


def _name_span(head: Token) -> tuple[int, int] | None:
    """(start, end) of the proper name headed by ``head``: the proper nouns and numbers of its
    subtree up to it, with a leading "The" and inner "of", "and" or "&", or None when ``head``
    is not a proper noun."""
    if not _proper(head):
        return None
    doc = head.doc
    inside = set(range(head.left_edge.i, head.right_edge.i + 1))
    start = head.i
    while start - 1 in inside and (doc[start - 1].pos_ in ("PROPN", "NUM")
                                   or doc[start - 1].lower_ in ("of", "and", "&") and start - 2 in inside
                                   and doc[start - 2].pos_ == "PROPN"):
        start -= 1
    if start - 1 in inside and (doc[start - 1].text == "The" or doc[start - 1].pos_ == "DET"
                                and doc[start - 1].is_title and not doc[start - 1].is_sent_start):
        start -= 1  # "The Chorus", "their new release, Some Cities"
    end = head.i + 1
    while end in inside and doc[end].pos_ in ("PROPN", "NUM"):
        end += 1
    return start, end


_BREAKS = frozenset({",", ";", "(", ")", "[", "]", ":", "--", "\u2013", "\u2014", '"'})
_TITLE_WORDS = frozenset({"The", "To", "Of", "And", "In", "On", "A", "An", "For", "With", "At", "From"})
_TRAILING = frozenset({"and", "of", "for", "the", "&", "or", "to", "in", "at", "'s", "-"})


def _split_at_breaks(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """A name never spans a comma, a bracket or a quote: "Kyoto Protocol, Downing Street" is two."""
    parts, begin = [], start
    for i in range(start, end):
        if doc[i].text in _BREAKS:
            if i > begin:
                parts.append((begin, i))
            begin = i + 1
    if end > begin:
        parts.append((begin, end))
    return parts


def _trim(doc: Doc, start: int, end: int, post_nominals: frozenset) -> tuple[int, int]:
    """No dangling "and", "of" or "the" at either end, no honours after a person's name ("OBE")."""
    while end > start and (doc[end - 1].lower_ in _TRAILING or doc[end - 1].lower_ in post_nominals
                           or doc[end - 1].is_punct):
        end -= 1
    while start < end and (doc[start].lower_ in ("and", "of", "&", "'s") or doc[start].is_punct):
        start += 1
    return start, end


def _common_plural(doc: Doc, start: int, end: int) -> bool:
    """"Groups challenging the plans ...": a capitalized plural common noun is no name."""
    return end - start == 1 and doc[start].tag_ == "NNS"


def _has_capital(doc: Doc, start: int, end: int) -> bool:
    """A capital, a digit, or a letter of a script without case (Arabic, Chinese ...)."""
    return any(ch.isupper() or ch.isdigit() or ch.isalpha() and not ch.islower()
               for t in doc[start:end] for ch in t.text)


_HOMES = frozenset({"home", "hometown", "apartment", "residence"})


class EntityContext:
    """Relabel and add names by the nouns around them. Requires doc.ents and the dependency parse."""

    def __init__(self) -> None:
        lex = lexicon()
        self.product_heads = lex.product_heads
        self.organization_heads = lex.organization_heads
        self.currency_words = lex.currency_words
        self.naming_verbs = lex.naming_verbs
        self.descriptors = _descriptors()
        self.portfolio = lex.portfolio_words
        self.connectors = lex.name_connectors
        self.of_heads = lex.org_heads_before_of
        self.post_nominals = lex.post_nominals
        self.role_nouns = lex.person_descriptors | lex.place_roles
        self.person_words = lex.person_descriptors
        self.org_forming = lex.organization_forming_nouns
        self.law_words = lex.law_words
        self.titles = lex.male_titles | lex.female_titles | lex.place_roles | load_ontology().role_nouns
        self.honorifics = lex.honorifics
        self.hyphen_prefixes = lex.hyphen_prefixes
        self.teams = lex.portfolio_teams
        self.table_words = lex.table_words
        self.title_small_words = lex.title_small_words
        self.languages = lex.news_languages
        self.media_words = lex.media_words
        self.states = frozenset(s.rstrip(".") for s in lex.us_state_abbreviations)
        self.place_heads = lex.place_name_heads
        self.victim_nouns = frozenset({"assassin", "assassination", "murder", "murderer", "killer", "slayer"})
        self.victim_verbs = frozenset({"assassinate", "murder", "slay"})
        self.killing_verbs = lex.killing_verbs - {"execute"}
        self.killer_nouns = lex.killer_nouns
        self.person_roles = (lex.person_descriptors | lex.place_roles) - lex.organization_descriptors
        self.given_names = frozenset().union(*first_names().values())
        self.noble_titles = lex.noble_titles

    def repaired(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """The names with their broken spans mended: split at punctuation and possessives,
        bridged across "of" and foreign connectors, trimmed, and portfolio words ("Finance
        Minister X", "Home Affairs spokesman") and all-lower-case "names" dropped."""
        out: list[Span] = []
        for ent in self._bridged(doc, ents):
            if ent.ent_id_ == _PATTERN_ID or ent.label_ not in _NAMES:
                end = self._designated(doc, ent.start, ent.end) if ent.label_ in _NAMES else ent.end
                out.append(ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_))  # "BBC Radio 4"
                continue
            for start, end in _split_at_breaks(doc, ent.start, ent.end):
                for start, end, label in self._split_possessive(doc, start, end, ent.label_):
                    start, end = _trim(doc, start, end, self.post_nominals)
                    start = self._without_common_start(doc, start, end)
                    start, end = self._without_portfolio(doc, start, end)
                    if label == "PERSON":
                        start = self._without_leading_role(doc, start, end)
                    if self._no_name(doc, start, end):
                        continue
                    start = self._extended_left(doc, start, end)
                    grown = self._extended_right(doc, start, end, label)
                    if label == "PERSON" and grown > end and doc[grown - 1].is_upper:
                        label = "PRODUCT"  # "Mario Kart DS": no person's name ends in a designator
                    end = grown
                    if end > start and _has_capital(doc, start, end) and not _common_plural(doc, start, end):
                        out.append(Span(doc, start, end, label=label))
        return out

    def _bridged(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """"Banco do Brasil", "Institute of International Research": two names joined by a
        connector are one name when the first ends in an organization head or the connector is
        not English."""
        out: list[Span] = []
        for ent in ents:
            prev = out[-1] if out else None
            if prev is not None and ent.start == prev.end and prev.ent_id_ != _PATTERN_ID and len(prev) > 1 \
                    and doc[prev.end - 1].lower_ in ("and", "&", "of", "for", *self.connectors):
                out[-1] = Span(doc, prev.start, ent.end, label=prev.label_)  # "... Names and" + "Numbers"
                continue
            if prev is not None and ent.start == prev.end + 1 and prev.ent_id_ != _PATTERN_ID \
                    and doc[prev.end].lower_ == "'s" and len(ent) == 1 and ent[0].lower_ in self.of_heads:
                out[-1] = Span(doc, prev.start, ent.end, label="ORG")  # "the European People's Party"
                continue
            if prev is not None and ent.start == prev.end + 1 and prev.ent_id_ != _PATTERN_ID:
                link = doc[prev.end].lower_
                inner_conj = link in ("and", "&") and ent.root.dep_ == "conj" and \
                    ent.root.head.i in range(prev.start, prev.end) and ent.root.head != prev.root
                if link in self.connectors and doc[prev.end].is_lower or inner_conj or \
                        link == "of" and prev.label_ == "ORG" and doc[prev.end - 1].lower_ in self.of_heads:
                    out[-1] = Span(doc, prev.start, ent.end, label=prev.label_)
                    continue
            out.append(ent)
        return out

    def _without_leading_role(self, doc: Doc, start: int, end: int) -> int:
        """"Vice-President David Knox", "Comedian Stephen Fry" as a person's name is "David Knox",
        "Stephen Fry": a role, title or descriptor in front is not part of the name (the
        name_titles rule reads it)."""
        while end - start > 1 and (doc[start].lower_.replace("-", " ") in self.titles
                                   or doc[start].lower_.rstrip(".") in self.titles
                                   or doc[start].lower_ in self.person_words):
            start += 1
        return start

    def _without_common_start(self, doc: Doc, start: int, end: int) -> int:
        """A name starts with neither a common noun nor a prefixed adjective: "bank UFJ Holdings" is
        "UFJ Holdings"; "non-English", "anti-American" alone name nothing."""
        begin = start
        while start < end and (doc[start].is_lower and doc[start].pos_ in ("NOUN", "ADJ")
                               or self._prefixed(doc[start])):
            start += 1
        if start > begin and self._prefixed(doc[start - 1]) and end - start < 2:
            return end  # "non-Champions League": not the "League"
        return start

    def _prefixed(self, token: Token) -> bool:
        """"non-English", "pro-European": a lower-case prefix and a hyphen before a name."""
        prefix, dash, rest = token.text.partition("-")
        return bool(dash) and prefix.islower() and prefix in self.hyphen_prefixes and rest[:1].isupper()

    def _no_name(self, doc: Doc, start: int, end: int) -> bool:
        """Words that look like a name and are none: a ministry's brief alone ("Finance officials",
        "state secretary for Monetary Affairs"), and the words of an earnings table ("Revs 2.55
        billion")."""
        span = doc[start:end]
        if end <= start:
            return True
        if all(t.lower_ in self.table_words or t.like_num for t in span):
            return True
        if all(t.lower_ in self.portfolio or t.lower_ in ("and", "&") for t in span) \
                and span.text.lower() not in _known_names():  # "Labour peer" is of the party
            root = span.root
            return root.dep_ in ("compound", "nmod", "amod") and root.head.lemma_.lower() in self.role_nouns \
                or root.head.lower_ == "for" or any(t.lower_ == "affairs" for t in span)
        return False

    def _extended_left(self, doc: Doc, start: int, end: int) -> int:
        """"The Liberal Democrats'": a capitalized modifier the model left out belongs to the name,
        unless it is a title ("President Bush") or a role."""
        root = doc[start:end].root
        while start > 0:
            prev = doc[start - 1]
            if prev.pos_ != "PROPN" or not prev.is_title or prev.ent_type_ or prev.head != root \
                    or prev.lower_.rstrip(".") in self.titles or prev.lower_ in self.role_nouns \
                    or prev.lower_.replace("-", " ") in self.titles:
                break
            start -= 1
        return start

    def _extended_right(self, doc: Doc, start: int, end: int, label: str) -> int:
        """"Super Mario 64 DS", "Mario Kart DS": a product's or work's name goes on over the
        numbers and proper nouns that belong to the same phrase (the parser hangs the name on its
        last word)."""
        if label not in ("PRODUCT", "WORK_OF_ART", "EVENT"):
            return self._designated(doc, start, end)
        head = doc[start:end].root.head
        while end < len(doc) and (doc[end].pos_ in ("PROPN", "NUM") and (doc[end].is_upper or doc[end].is_title
                                                                        or doc[end].like_num)) \
                and doc[end].ent_type_ in ("", "CARDINAL", label) and (doc[end] == head or doc[end].head == head):
            end += 1
        return end

    def _designated(self, doc: Doc, start: int, end: int) -> int:
        """"Ubisoft's Rayman DS", "BBC Radio 4": a name goes on over the untagged proper nouns
        of its compound when they end in a designator (a number, or two or three capitals) that
        heads the name; a name never stops inside such a compound."""
        last = end
        while last < len(doc) and doc[last].pos_ in ("PROPN", "NUM") and not doc[last].ent_type_ \
                and last - end < 3:
            last += 1
        if last == end:
            return end
        tail = doc[last - 1]
        designator = tail.like_num and tail.text.isdigit() or tail.is_upper and 2 <= len(tail) <= 3
        heads = sum(1 for i in range(start, last) if doc[i].head.i not in range(start, last) or doc[i].head.i == i)
        return last if designator and heads == 1 else end

    def _split_possessive(self, doc: Doc, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
        """"Usher's Caught Up" as one name is two: the owner, and a work or product of theirs.
        Only a person's or an organization's name is cut so ("The Hitchhiker's Guide" is a title)."""
        if label not in ("PERSON", "ORG") or doc[start].text == "The" or any(
                t.text in _TITLE_WORDS for t in doc[start + 1:end]):
            return [(start, end, label)]  # "The Hitchhiker's Guide To The Galaxy" is one title
        for i in range(start + 1, end - 1):
            if doc[i].lower_ in ("'s", "'") and doc[i + 1].is_title and not (
                    end - i == 2 and doc[i + 1].lower_ in self.of_heads):
                owned = "WORK_OF_ART" if label == "PERSON" else "PRODUCT" if label == "ORG" else label
                return [(start, i, label), (i + 1, end, owned)]
        return [(start, end, label)]

    def _without_portfolio(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """"Finance Minister X", "Lib Dem Home Affairs spokesman X", "the Lib Dem Home Affairs
        team": a ministry's brief in front of a role or a team is no name; what is left in front
        of it may be ("Lib Dem")."""
        if end >= len(doc) or doc[end].lower_ not in self.role_nouns and doc[end].lower_ not in self.teams:
            return start, end
        while end > start and doc[end - 1].lower_ in self.portfolio:
            end -= 1
        return start, end

    def titled_names(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A proper name after an honorific is a person's ("Mr Ebbers told the court", "Lord
        Hanningfield"): a name the model missed gets an entity, one it gave another label
        ("Mr Jordan" a place) is relabelled. A role after the honorific is no name ("Lord
        Chancellor")."""
        out = list(ents)
        for token in doc:
            if token.lower_ not in self.honorifics or token.i + 1 >= len(doc):
                continue
            start = end = token.i + 1
            while end < len(doc) and doc[end].pos_ in ("PROPN", "NOUN") and doc[end].is_title:
                end += 1
            if end == start or all(t.lower_ in self.titles or t.lower_ in self.role_nouns for t in doc[start:end]):
                continue
            overlapping = [e for e in out if e.start < end and token.i < e.end]
            if not overlapping:
                out.append(Span(doc, start, end, label="PERSON"))
            elif len(overlapping) == 1 and overlapping[0].label_ in _RELABEL and overlapping[0].ent_id_ != _PATTERN_ID \
                    and token.i <= overlapping[0].start and overlapping[0].end <= end \
                    and (overlapping[0].label_ != "PERSON" or overlapping[0].start == token.i):
                out[out.index(overlapping[0])] = Span(doc, start, end, label="PERSON")
        return out

    def unlabelled_names(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Names the model missed, found by their shape and what stands around them: a law named
        by its last word ("Stability and Growth Pact", "Directive on the Patentability of ..."), a
        product named before its kind ("the DS console"), a work or product after its owner's
        possessive ("Akon's Locked Up"), and a roman numeral that ends a name ("World War I")."""
        # A number the model took for an amount may be part of a name ("Super Mario 64 DS").
        taken = {i for e in ents if e.label_ not in ("CARDINAL", "ORDINAL") for i in range(e.start, e.end)}
        out: list[Span] = []

        def add(start: int, end: int, label: str) -> None:
            if end > start and not taken.intersection(range(start, end)):
                out.append(Span(doc, start, end, label=label))
                taken.update(range(start, end))

        for token in doc:
            if token.i in taken:
                continue
            if token.lower_ in self.law_words and token.is_title:
                start = token.i
                while start > 0 and (doc[start - 1].is_title or doc[start - 1].lower_ in ("and", "of", "&")
                                     and start > 1 and doc[start - 2].is_title) and start - 1 not in taken:
                    start -= 1
                end = token.i + 1
                if end + 1 < len(doc) and doc[end].lower_ in ("on", "of") and doc[end + 1].lower_ == "the":
                    end += 2  # "Directive on the Patentability of Computer-Implemented Inventions"
                    while end < len(doc) and (doc[end].is_title or doc[end].lower_ in ("of", "and", "-")):
                        end += 1
                elif token.i == start:
                    continue  # a lone "Act" or "Treaty" names nothing
                if doc[start].lower_ in ("of", "and"):
                    start += 1
                inside = [e for e in ents if e.start < end and start < e.end]
                if inside and all(start <= e.start and e.end <= end for e in inside):
                    # "the Directive on the Patentability of ...": the model's "the Patentability
                    # of ..." is part of the law's name; the longer span wins (filter_spans)
                    out.append(Span(doc, start, end, label="LAW"))
                    taken.update(range(start, end))
                    continue
                add(start, end, "LAW")
            elif token.pos_ == "PROPN" and token.dep_ == "compound" and token.head.lemma_.lower() in self.product_heads \
                    and (token.is_upper or token.is_title) and token.i > 0:
                add(token.i, token.i + 1, "PRODUCT")
        for ent in [*ents, *out]:
            after = ent.end
            if after < len(doc) and doc[after].text in ("I", "II", "III", "IV", "V") and ent.label_ in ("EVENT", "PRODUCT", "WORK_OF_ART", "LAW"):
                out.append(Span(doc, ent.start, after + 1, label=ent.label_))
        for ent in ents:
            nxt = ent.end
            if ent.label_ in ("PERSON", "ORG") and nxt + 1 < len(doc) and doc[nxt].lower_ == "'s" \
                    and doc[nxt + 1].is_title and nxt + 1 not in taken:
                end = nxt + 1
                while end < len(doc) and (doc[end].is_title or doc[end].is_upper and len(doc[end]) > 1
                                          or doc[end].like_num and end + 1 < len(doc) and doc[end + 1].is_upper) \
                        and doc[end].lower_ not in self.role_nouns and end not in taken:
                    end += 1
                if end - (nxt + 1) >= 2 or end < len(doc) and doc[end].is_punct:
                    add(nxt + 1, end, "WORK_OF_ART" if ent.label_ == "PERSON" else "PRODUCT")
        return out

    def named_by_neighbours(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Names the model missed that their neighbours type: a proper name with a person's role
        in apposition is a person ("Parul Jain, deputy chief economist at Nomura, said"), and
        a proper name coordinated with a name is a name of the same kind ("the boroughs of
        Hillingdon and Wandsworth", "Girls Aloud, Akon and Kaiser Chiefs")."""
        taken = {i for e in ents for i in range(e.start, e.end)}
        label_at = {i: e.label_ for e in ents if e.label_ in _RELABEL for i in range(e.start, e.end)}
        out: list[Span] = []
        for token in doc:
            if token.i in taken or token.pos_ != "PROPN" or not token.is_title:
                continue
            span = _name_span(token)
            if span is None or taken.intersection(range(*span)):
                continue
            label = None
            if span[1] - span[0] >= 2 and any(c.dep_ == "appos" and c.lemma_.lower() in self.person_words
                                               for c in token.children):
                label = "PERSON"
            else:
                partners = [c for c in token.children if c.dep_ == "conj"]
                if token.dep_ == "conj":
                    partners.append(token.head)
                kinds = {label_at[p.i] for p in partners if p.i in label_at}
                if len(kinds) == 1:
                    label = kinds.pop()
            if label is not None:
                out.append(Span(doc, *span, label=label))
                taken.update(range(*span))
                label_at.update((i, label) for i in range(*span))
        for dash in (t for t in doc if t.text == "-" and t.i > 0 and self._based(doc, t.i)):
            start = dash.i  # "Cardiff-based Admiral": a place the model missed (even at the start)
            while start > 0 and doc[start - 1].is_title and start - 1 not in taken:
                start -= 1
            if start < dash.i:
                out.append(Span(doc, start, dash.i, label="GPE"))
                taken.update(range(start, dash.i))
        return out

    def place_label(self, doc: Doc, ent: Span) -> Span:
        """A country's, continent's or major city's name is a place whatever the model called it
        ("US phone company MCI" tagged "US" an organization), unless the model saw a person in a
        city's name or a title stands before it ("Mr Jordan")."""
        if ent.label_ in ("GPE", "LOC", "FAC", "NORP") or ent.label_ not in _RELABEL or ent.ent_id_ == _PATTERN_ID:
            return ent
        place = named_place(ent.text)
        if place is None:
            return ent
        if ent.label_ == "PERSON" and (place.kind == "city" or ent.start > 0 and
                                        doc[ent.start - 1].lower_.rstrip(".") in self.titles):
            return ent
        return Span(doc, ent.start, ent.end, label="LOC" if place.kind == "continent" else "GPE")

    # -- names by the conventions of news copy (datelines, source lines, "Bethany, Conn.") and
    # by what only a person does ("X, 50, of ...", "X was born in ...", "the assassination of X")

    def _run(self, doc: Doc, start: int, limit: int = 6) -> int:
        """The end of a run of capitalized words from ``start`` (a place or an agency in a
        dateline: "EAST LANSING", "Saint-Gall", "ITAR-TASS"), not crossing a month's name."""
        end = start
        while end < len(doc) and end - start < limit and (
                (doc[end].is_upper or doc[end].is_title) and doc[end].text.rstrip(".").isalpha()
                and doc[end].lower_.rstrip(".") not in _MONTHS
                or doc[end].text.rstrip(".") in self.states
                or "-" in doc[end].text and doc[end].text[:1].isupper()
                or doc[end].text == "-" and end > start and end + 1 < len(doc)
                and (doc[end + 1].is_upper or doc[end + 1].is_title)):
            end += 1
        return end

    def _date_end(self, doc: Doc, pos: int) -> int:
        """The end of a dateline's date at ``pos`` ("February 15", "Jan. 20", "29 Apr"), or ``pos``."""
        end = pos
        while end < len(doc) and end - pos < 3 and (doc[end].lower_.rstrip(".") in _MONTHS or doc[end].is_digit):
            end += 1
        has_month = any(doc[i].lower_.rstrip(".") in _MONTHS for i in range(pos, end))
        return end if has_month else pos

    def dateline_names(self, doc: Doc) -> list[tuple[int, int, str]]:
        """(start, end, label) of the place and the agency in a dateline that opens the text:
        "BANGKOK, Thailand (AP)", "MEXICO CITY (AP)", "EAST LANSING, Mich.", "Sofia, February 15
        (BTA) --", "Moscow April 25 TASS --" ("(Text)" may come first). A place in capitals needs
        no more; one in title case is a dateline's only with a date before the agency."""
        i = 3 if len(doc) > 3 and doc[0].text == "(" and doc[1].lower_ == "text" and doc[2].text == ")" else 0
        end = self._run(doc, i)
        if end == i:
            return []
        places, pos = [(i, end)], end
        while pos + 1 < len(doc) and doc[pos].text == "," and len(places) < 3:
            nxt = self._run(doc, pos + 1)
            if nxt == pos + 1:
                break
            places.append((pos + 1, nxt))
            pos = nxt
        dated = pos
        if pos < len(doc) and doc[pos].text == ",":
            dated = pos + 1
        after_date = self._date_end(doc, dated)
        has_date = after_date > dated
        if has_date:
            pos = after_date
        capitals = all(doc[k].is_upper or not doc[k].is_alpha for k in range(i, end))
        org = None
        if pos + 2 < len(doc) and doc[pos].text == "(":
            close = self._run(doc, pos + 1)
            if close > pos + 1 and close < len(doc) and doc[close].text == ")":
                org = (pos + 1, close)
        elif has_date and pos < len(doc) and doc[pos].is_upper:
            close = self._run(doc, pos)
            if close < len(doc) and doc[close].text in ("--", "-", "\u2013", "\u2014"):
                org = (pos, close)
        if org is not None and (capitals or has_date):
            date = [(dated, after_date, "DATE")] if has_date else []
            return [(s, e, "GPE") for s, e in places] + date + [(*org, "ORG")]
        at_end = pos >= len(doc) or all(t.is_punct for t in doc[pos:])
        if org is None and capitals and at_end and len(places) > 1 and not has_date:
            return [(s, e, "GPE") for s, e in places]  # "EAST LANSING, Mich."
        return []

    def source_line_names(self, doc: Doc) -> list[tuple[int, int, str]]:
        """(start, end, label) of the place and the outlet of a monitoring service's source line:
        "AU0202111694 Paris AFP in English 0107 GMT 2 Feb 94", "Havana Radio Reloj Network in
        Spanish", or a line that is only a place and an outlet ("Tokyo MAINICHI SHIMBUN", "Beirut
        Radio Lebanon", "London THE SUNDAY TIMES 30 Jan 94 pp 1"). The line starts the text or
        follows the item's number; the place is the longest leading place name the gazetteer
        knows, the rest up to "in" and a language (labelled so: not a place) the outlet."""
        for k, token in enumerate(doc):
            if token.lower_ == "in" and k + 1 < len(doc) and doc[k + 1].lower_ in self.languages:
                stop, tail = k, [(k + 1, k + 2, "LANGUAGE")]
            elif (token.is_upper or token.is_title) and all(
                    t.is_punct or t.like_num or t.lower_.rstrip(".") in _MONTHS or t.lower_ in ("p", "pp")
                    for t in doc[k + 1:]):
                stop, tail = k + 1, []
                dated = self._date_end(doc, k + 1)  # "London THE SUNDAY TIMES 30 Jan 94 pp 1"
                if dated > k + 1:
                    while dated < len(doc) and doc[dated].is_digit:
                        dated += 1
                    tail = [(k + 1, dated, "DATE")]
            else:
                continue
            start = stop
            while start > 0 and not _SOURCE_ID.match(doc[start - 1].text) and (
                    doc[start - 1].is_title or doc[start - 1].is_upper or "-" in doc[start - 1].text):
                start -= 1
            anchored = start > 0 and _SOURCE_ID.match(doc[start - 1].text) is not None
            timed = k + 2 >= len(doc) or doc[k + 2].like_num or doc[k + 2].lower_.rstrip(".") in _MONTHS \
                or doc[k + 2].text == "GMT"
            if not (anchored or start == 0) or stop - start < 2 or tail and not (anchored or timed):
                break
            for split in range(stop - 1, start, -1):
                if lookup(doc[start:split].text) is not None:
                    outlet = doc[split:stop]
                    if stop > k and not (all(t.is_upper for t in outlet if t.is_alpha)
                                         or any(t.lower_ in self.media_words for t in outlet)):
                        break
                    return [(start, split, "GPE"), (split, stop, "ORG")] + tail
            break
        return []

    def state_names(self, doc: Doc, ents: list[Span]) -> list[tuple[int, int, str]]:
        """"Bethany, Conn.", "Chisholm, Minn.": a state's abbreviation after a place and a comma
        is a place (the model takes "Minn" for a person)."""
        places = {i for e in ents if e.label_ in ("GPE", "LOC", "FAC") for i in range(e.start, e.end)}
        out = []
        for token in doc:
            if token.text.rstrip(".") not in self.states or token.i < 2 or doc[token.i - 1].text != "," \
                    or token.i - 2 not in places:
                continue
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if nxt is not None and nxt.is_title and nxt.is_alpha:
                continue  # "in London, Miss Marple said"
            out.append((token.i, token.i + 1, "GPE"))
        return out

    def place_shaped_names(self, doc: Doc, ents: list[Span]) -> list[tuple[int, int, str]]:
        """"Cameron Parish", "Loei Province", "Harris Counties": a name that ends in a word for an
        administrative area or a landform is a place, also when the model left that word out or
        missed the name."""
        taken = {i for e in ents for i in range(e.start, e.end)}
        out = []
        for token in doc:
            if token.i in taken or token.lower_ not in self.place_heads or not token.is_title or token.i == 0:
                continue
            start = token.i
            while start > 0 and start - 1 not in taken and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title:
                start -= 1
            if start < token.i:
                out.append((start, token.i + 1, "GPE"))
        for e in ents:
            if e.label_ not in ("PERSON", "ORG", "NORP", "GPE", "LOC") or e.ent_id_ == _PATTERN_ID:
                continue
            doc = e.doc
            end = e.end + 1 if e.end < len(doc) and doc[e.end].lower_ in self.place_heads and doc[e.end].is_title \
                else e.end
            if (end > e.end or len(e) > 1 and e[-1].lower_ in self.place_heads and e[-1].is_title
                    and e.label_ not in ("GPE", "LOC")):
                out.append((e.start, end, "GPE"))
        return out

    @staticmethod
    def _aged(doc: Doc, end: int) -> bool:
        """Whether an age in commas follows ``end``: "X, 50, ..."."""
        return end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].is_digit \
            and 0 < int(doc[end + 1].text) < 120 and doc[end + 2].text == ","

    def _name_before(self, doc: Doc, token: Token, taken: set[int]) -> int:
        """Where the run of capitalized proper nouns that ends at ``token`` starts."""
        start = token.i
        while start > 0 and start - 1 not in taken and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title:
            start -= 1
        return start

    def person_names(self, doc: Doc, ents: list[Span]) -> list[tuple[int, int, str]]:
        """Names that only a person fits, relabelled or added (below)."""
        out = self._persons_by_deed(doc, ents)
        taken = {i for e in ents for i in range(e.start, e.end)}
        for finder in (self._killers_and_victims, self._named_by_role, self._named_by_age):
            found = finder(doc, taken)
            out += found
            taken.update(i for start, end, _ in found for i in range(start, end))
        return out

    def _persons_by_deed(self, doc: Doc, ents: list[Span]) -> list[tuple[int, int, str]]:
        """A name the model typed otherwise that only a person fits: one with an age in commas
        after it ("Marie Ferraro, 50, of Bethany"), one that was born ("Norton Simon was born in
        Portland"), one that was assassinated, murdered or shot ("the assassination of
        Lincoln", "Booth shot Lincoln"), one whose home it is ("Sohn's New Jersey home"), and a
        title of nobility ("the Duchess of York")."""
        out = []
        for ent in ents:
            if ent.label_ != "PERSON" and ent.label_ in _RELABEL and ent.ent_id_ != _PATTERN_ID and len(ent) >= 3 \
                    and ent[0].lower_ in self.noble_titles and ent[1].lower_ == "of" and ent[2].is_title:
                out.append((ent.start, ent.end, "PERSON"))  # "Britain's Duchess of York": a title of nobility
                continue
            if ent.label_ == "PERSON" or ent.label_ not in _RELABEL or ent.ent_id_ == _PATTERN_ID \
                    or any(t.is_lower and t.is_alpha for t in ent):
                continue  # "Today's Highlight in History": no person's name has lower-case words
            root = ent.root
            head = root.head.lemma_.lower()
            born = root.dep_ == "nsubjpass" and root.head.lower_ == "born" \
                or any(c.dep_ == "acl" and c.lower_ == "born" for c in root.children)
            killed = root.dep_ in ("dobj", "nsubjpass") and head in self.killing_verbs \
                and root.head.pos_ == "VERB" and ent.label_ in ("GPE", "LOC", "FAC")
            victim = killed or root.dep_ == "dobj" and head == "assassinate" \
                or root.dep_ == "nsubjpass" and head in self.victim_verbs \
                or root.dep_ == "appos" and root.head.dep_ == "nsubjpass" \
                and root.head.head.lemma_.lower() in self.victim_verbs \
                or root.dep_ == "pobj" and root.head.lower_ == "of" \
                and root.head.head.lemma_.lower() in self.victim_nouns
            # "FBI agents arrived at Sohn's New Jersey home": only a person has a home town or an apartment
            home = root.dep_ == "poss" and root.head.pos_ == "NOUN" and root.head.lemma_.lower() in _HOMES
            if (len(ent) > 1 and self._aged(doc, ent.end) or born or home) and named_place(ent.text) is None or victim:
                out.append((ent.start, ent.end, "PERSON"))
        return out

    def _killers_and_victims(self, doc: Doc, taken: set[int]) -> list[tuple[int, int, str]]:
        """A name the model missed that kills or is killed: "Ruby fatally shot Oswald", "King was
        shot by Ray", "King assassin James Earl Ray", "first-degree murder of King"."""
        out = []
        for token in doc:
            if token.i in taken or token.pos_ != "PROPN" or not token.is_title or token.lower_ in _MONTHS \
                    or token.lower_ in self.post_nominals:
                continue
            if token.dep_ == "compound" and token.head.lower_ in self.killer_nouns and token.head.i == token.i + 1:
                out.append((token.i, token.i + 1, "PERSON"))
                continue
            if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in self.victim_nouns \
                    and token.head.head.pos_ == "NOUN":
                out.append((self._name_before(doc, token, taken), token.i + 1, "PERSON"))  # "the murder of King"
                continue
            agent = token.dep_ == "pobj" and token.head.dep_ == "agent"
            verb = token.head.head if agent else token.head
            if any(t.text in (":", ";") for t in doc[min(token.i, verb.i):max(token.i, verb.i)]):
                continue  # "Today's Highlight in History: ... Caesar was assassinated": another clause
            if (token.dep_ in ("nsubj", "dobj", "nsubjpass") or agent) and verb.pos_ == "VERB" \
                    and verb.lemma_.lower() in self.killing_verbs:
                out.append((self._name_before(doc, token, taken), token.i + 1, "PERSON"))
        return out

    def _named_by_role(self, doc: Doc, taken: set[int]) -> list[tuple[int, int, str]]:
        """A one-word name the model missed with a person's role in apposition: "Tal, a senior
        Defense Ministry official, said" (longer names: :meth:`named_by_neighbours`)."""
        out = []
        for token in doc:
            if token.i not in taken and token.pos_ in ("PROPN", "INTJ") and token.is_title and token.is_alpha \
                    and token.lower_ not in _MONTHS and named_place(token.text) is None \
                    and (token.i == 0 or doc[token.i - 1].pos_ != "PROPN") \
                    and token.i + 1 < len(doc) and doc[token.i + 1].text == "," and any(
                        c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in self.person_roles
                        for c in token.children):
                out.append((token.i, token.i + 1, "PERSON"))
        return out

    def _named_by_age(self, doc: Doc, taken: set[int]) -> list[tuple[int, int, str]]:
        """A name the model missed with an age in commas and an apposition after it: "Winter, 53,
        a former law professor"."""
        out = []
        for token in doc:
            if token.i not in taken and (token.pos_ == "PROPN" or token.pos_ == "NOUN" and token.is_sent_start) \
                    and token.is_title and self._aged(doc, token.i + 1) and token.lower_ not in _MONTHS \
                    and named_place(token.text) is None and token.i + 4 < len(doc) \
                    and doc[token.i + 4].lower_ in ("a", "an", "the", "of", "who", "born", "from"):
                out.append((self._name_before(doc, token, taken), token.i + 1, "PERSON"))
        return out

    def news_conventions(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """The names with those that news conventions and a person's context type put in: the
        found spans replace the model's names they overlap."""
        found = self.dateline_names(doc) + self.source_line_names(doc)
        found += self.state_names(doc, ents) + self.place_shaped_names(doc, ents) + self.person_names(doc, ents)
        if not found:
            return ents
        out = [e for e in ents if (e.start, e.end, e.label_) in found
               or not any(e.start < end and start < e.end for start, end, _ in found)]
        for start, end, label in found:
            if not any(e.start < end and start < e.end for e in out):
                out.append(Span(doc, start, end, label=label))
        return out

    def _based(self, doc: Doc, end: int) -> bool:
        """Whether "-based" follows ``end`` and modifies a company or a firm."""
        if end + 1 >= len(doc) or doc[end].text != "-" or doc[end + 1].lower_ != "based":
            return False
        described = doc[end + 1].head
        return described.ent_type_ == "ORG" or self.descriptors.get(described.lemma_.lower()) == "ORG"

    def person_label(self, doc: Doc, ent: Span) -> Span:
        """What the model called a person and is not: an acronym ("BAA") is an organization, and
        a name coordinated only with places is a place ("At Heathrow, Gatwick, Edinburgh and
        Glasgow airports")."""
        if ent.label_ != "PERSON" or ent.ent_id_ == _PATTERN_ID:
            return ent
        if len(ent) == 1 and ent[0].is_upper and ent[0].is_alpha and 2 <= len(ent[0]) <= 5:
            return Span(doc, ent.start, ent.end, label="ORG")
        partners = {t.ent_type_ for t in ent.root.conjuncts if t.ent_type_ and not ent.start <= t.i < ent.end}
        placed = partners & {"GPE", "LOC", "FAC"} and (partners <= {"GPE", "LOC", "FAC", "PERSON"}
                                                        and named_place(ent.text) is not None)
        if partners and (partners <= {"GPE", "LOC", "FAC"} or placed) and not (
                ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in self.titles):
            return Span(doc, ent.start, ent.end, label="GPE")
        return ent

    def based_place(self, doc: Doc, ent: Span) -> Span:
        """"Newbury-based Vodafone", "a Leeds-based firm": what a company or a firm is based in
        is a place, whatever the model called it."""
        if ent.label_ in ("ORG", "PERSON") and ent.ent_id_ != _PATTERN_ID and self._based(doc, ent.end):
            return Span(doc, ent.start, ent.end, label="GPE")
        return ent

    def organizations_by_noun(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """"Norfolk police", "the Metropolitan police": a place name with "police" or "council"
        after it names an organization."""
        out = []
        for ent in ents:
            after = doc[ent.end] if ent.end < len(doc) else None
            if after is not None and after.lower_ in self.org_forming and ent.label_ in ("GPE", "LOC", "NORP", "ORG"):
                out.append(Span(doc, ent.start, ent.end + 1, label="ORG"))
            else:
                out.append(ent)
        return out

    def amount_label(self, ent: Span) -> str | None:
        """MONEY or CARDINAL for a name made only of glued amounts and currency words."""
        words = self.currency_words
        if not any(_AMOUNT.match(t.text) for t in ent) or \
                not all(_AMOUNT.match(t.text) or t.is_currency or t.lower_ in words for t in ent):
            return None
        doc = ent.doc
        before = doc[ent.start - 1] if ent.start > 0 else None
        after = doc[ent.end] if ent.end < len(doc) else None
        money = (any(t.is_currency or t.lower_ in words or t.text.endswith("p") for t in ent)
                 or (before is not None and before.is_currency)
                 or (after is not None and after.lower_ in words))
        return "MONEY" if money else "CARDINAL"

    def currency_label(self, ent: Span) -> str | None:
        """MONEY for a currency's name, which is no organization: "the U.S. Dollar", "85 H.K.
        Cents" (a currency word after a place or its abbreviation)."""
        *before, last = ent
        if ent.label_ in ("PERSON", "WORK_OF_ART", "EVENT", "LAW") or last.lower_ not in self.currency_words \
                or not before:
            return None
        text = ent.doc[ent.start:ent.end - 1].text
        place = named_place(text) is not None or all(re.fullmatch(r"(?:[A-Z]\.)+|the|The", t.text) for t in before)
        return "MONEY" if place else None

    def label_for(self, ent: Span) -> str | None:
        noun = _modified_noun(ent.root)
        if noun is None:
            return None
        word = noun.lemma_.lower()
        if word in self.product_heads:
            return "PRODUCT"
        if word in self.organization_heads:
            return "ORG"
        return None

    def introduced(self, doc: Doc) -> list[tuple[int, int, str]]:
        """(start, end, label) of each name a descriptor noun introduces."""
        out = []
        for noun in doc:
            # "follows single Black and White Town": a bare descriptor the tagger read as an adjective
            bare = noun.pos_ == "ADJ" and noun.dep_ == "amod" and noun.is_lower and noun.i + 1 < len(doc) \
                and doc[noun.i + 1].pos_ == "PROPN" and not any(c.dep_ == "det" for c in noun.head.children)
            if noun.pos_ != "NOUN" and not bare:
                continue
            label = self.descriptors.get(noun.lemma_.lower())
            if label is None or noun.i > 0 and doc[noun.i - 1].text == "-":
                continue  # "the eight-player Mario Kart DS": a hyphenated modifier, no descriptor
            heads = [c for c in noun.children if c.dep_ == "appos"]
            if noun.dep_ in ("compound", "nmod", "amod") and _proper(noun.head) and noun.head.i > noun.i:
                heads.append(noun.head)  # "band Kaiser Chiefs"
            for acl in (c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in self.naming_verbs):
                heads += [c for c in acl.children if c.dep_ in ("oprd", "attr", "dobj", "xcomp")]
            plural = label == "PERSON" and noun.tag_ == "NNS"
            if plural:
                label = "ORG"  # "industry analysts Screen Digest": one name for many people
            for head in heads:
                span = _name_span(head)
                if span is not None:
                    # "one of Warner's lawyers, Andrew Hall": one of them, by a given name
                    one = plural and 2 <= span[1] - span[0] <= 3 and doc[span[0]].lower_ in self.given_names
                    out.append((*span, "PERSON" if one else label))
            nxt = noun.i + 1
            if not heads and nxt < len(doc) and doc[nxt].pos_ == "PROPN" and doc[nxt].is_title:
                # "R&B star Nelly has ...": the parser missed the compound, the words did not.
                end = nxt
                while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title:
                    end += 1
                out.append((nxt, end, label))
            elif not heads and label == "WORK_OF_ART" and nxt < len(doc) and doc[nxt].is_title:
                # "US film Lost in Translation won": a title is capitalized words, whatever the tagger
                # made of them ("Lost" a verb), with small words inside ("in", "of", "the").
                end = self._title_end(doc, nxt)
                if end > nxt:
                    out.append((nxt, end, label))
        return out

    def _title_end(self, doc: Doc, start: int) -> int:
        """The end of a title that starts at ``start``: capitalized words, and small words between
        them; the title ends on a capitalized word."""
        end, i = start, start
        while i < len(doc) and (doc[i].is_title or doc[i].is_upper and doc[i].is_alpha
                                or doc[i].lower_ in self.title_small_words and i > start
                                or doc[i].text == "-" and i > start and not doc[i - 1].whitespace_):  # "Winn-Dixie"
            i += 1
            if doc[i - 1].is_title or doc[i - 1].is_upper:
                end = i
        return end

    def __call__(self, doc: Doc) -> Doc:
        changed = False
        ents = []
        for ent in doc.ents:
            if ent.label_ == NOT_A_NAME:
                changed = True  # kg's patterns overrule the NER here: "AI" and "CEO" name nothing
                continue
            label = None
            if ent.label_ in _RELABEL and ent.ent_id_ != _PATTERN_ID:
                label = self.amount_label(ent) or self.currency_label(ent) or self.label_for(ent)
            if label and label != ent.label_:
                ent = Span(doc, ent.start, ent.end, label=label)
                changed = True
            ents.append(ent)
        ents = [self.based_place(doc, self.place_label(doc, self.person_label(doc, e)))
                for e in self.organizations_by_noun(doc, self.repaired(doc, ents))]
        ents = self.titled_names(doc, ents)
        ents += self.unlabelled_names(doc, ents)
        ents += self.named_by_neighbours(doc, ents)
        ents = self.news_conventions(doc, ents)
        changed = True
        for start, end, label in self.introduced(doc):
            overlapping = [e for e in ents if e.start < end and start < e.end]
            if not overlapping:
                ents.append(Span(doc, start, end, label=label))
                changed = True
                continue
            inside = all(e.start >= start and e.end <= end and e.label_ in _RELABEL and e.ent_id_ != _PATTERN_ID
                         for e in overlapping)
            if inside and len(overlapping) > 1 and label != "GPE":
                # "single Black and White Town" is one title, not "Black" and "White Town"
                ents = [e for e in ents if e not in overlapping] + [Span(doc, start, end, label=label)]
                continue
            for ent in overlapping:
                if ent.start >= start and ent.end <= end and ent.label_ != label and ent.label_ in _RELABEL \
                        and ent.ent_id_ != _PATTERN_ID and label != "GPE":
                    ents[ents.index(ent)] = Span(doc, ent.start, ent.end, label=label)
        if changed:
            doc.ents = filter_spans(ents)
        return doc


@Language.factory("kg_entity_context", requires=["doc.ents", "token.dep"], assigns=["doc.ents"])
def _make_entity_context(nlp: Language, name: str) -> EntityContext:
    return EntityContext()
