"""Deterministic IRIs under a configurable base: the same input always gives the same IRIs.

    article    {base}article/{id}
    entity     {base}{class}/{slug}          e.g. {base}person/elon-musk
    statement  {base}statement/{hash}

The ontology's own terms (classes and predicates) live in the fixed ``kg:`` namespace.

>>> Minter("https://example.org/kg/").entity("Person", slug("Élon Musk"))
rdflib.term.URIRef('https://example.org/kg/person/elon-musk')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from rdflib import Namespace, URIRef

from ..defaults import DEFAULT_BASE
from ..errors import Errors, KGError
from ..model import Entity
from ..resolve.corpus import GlobalEntity, Resolution

__all__ = ["DEFAULT_BASE", "Minter", "EntityNames", "NamedEntity", "check_base", "short_hash", "slug"]

# \Z, not $: "$" also matches before a final newline, which would end up inside an IRI.
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_BASE = re.compile(r"^(https?://[^\s<>\"{}|\\^`]+[/#]|urn:[A-Za-z0-9][A-Za-z0-9-]*:[^\s<>\"{}|\\^`]*[:/])\Z")


def short_hash(*parts: str, length: int = 16) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


def slug(text: str) -> str:
    """ASCII, lower-case, hyphen-separated: valid in an IRI path and a Turtle local name.

    >>> slug("AT&T Inc.")
    'at-and-t-inc'
    """
    if not text.isascii():  # (most names are: they have no accents to drop)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NOT_SLUG.sub("-", text.lower().replace("&", " and ").replace("+", " plus "))
    return text.strip("-")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def check_base(base: str) -> str:
    if not _BASE.match(base):
        raise KGError(Errors.E013.format(base=base))
    return base


class Minter:
    """Mints every IRI of a build from one base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = check_base(base)
        self.article_ns = Namespace(base + "article/")
        self.statement_ns = Namespace(base + "statement/")

    def type_namespace(self, cls: str) -> Namespace:
        return Namespace(f"{self.base}{cls.lower()}/")

    def article(self, article_id: str) -> URIRef:
        local = article_id if _SAFE_ID.match(article_id) else \
            f"{slug(article_id) or 'article'}-{short_hash(article_id, length=8)}"
        return self.article_ns[local]

    def entity(self, cls: str, local: str) -> URIRef:
        return self.type_namespace(cls)[local]

    def statement(self, *parts: str) -> URIRef:
        return self.statement_ns[short_hash(*parts)]


@dataclass(frozen=True)
class NamedEntity(GlobalEntity):
    """A corpus-wide entity with the IRI it is published under."""

    iri: str = ""


class EntityNames:
    """The IRIs of a resolution's entities: ``{class}/{slug of the label}``, with a short hash
    of the entity's key where two entities of one class would get the same slug."""

    def __init__(self, resolution: Resolution, minter: Minter) -> None:
        self.resolution = resolution
        slugs = {entity.key: slug(entity.label) for entity in resolution}
        used = Counter((e.type, slugs[e.key]) for e in resolution)
        self.iri: dict[tuple[str, str], str] = {}
        for entity in resolution:
            local = slugs[entity.key] or "entity"
            if used[(entity.type, slugs[entity.key])] > 1 or not slugs[entity.key]:
                local = f"{local}-{short_hash(*entity.key, length=6)}"
            self.iri[entity.key] = str(minter.entity(entity.type, local))

    def named(self, entity: GlobalEntity) -> NamedEntity:
        return NamedEntity(**vars(entity), iri=self.iri[entity.key])

    def resolve(self, entity: Entity) -> NamedEntity | None:
        """The merged, named entity that an article's local entity belongs to."""
        merged = self.resolution.resolve(entity)
        return None if merged is None else self.named(merged)

    def __iter__(self) -> Iterator[NamedEntity]:
        return iter(sorted((self.named(e) for e in self.resolution), key=lambda e: e.iri))

    def __len__(self) -> int:
        return len(self.resolution)
