"""Deterministic IRIs under a configurable base: the same input always gives the same IRIs.

    article    {base}article/{id}
    entity     {base}{class}/{slug}          e.g. {base}person/elon-musk
    statement  {base}statement/{hash}

The ontology's own terms (classes and predicates) live in the fixed ``kg:`` namespace.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import Namespace, URIRef

from .errors import Errors, KGError
from .resolve.names import slug

__all__ = ["DEFAULT_BASE", "Minter", "check_base", "short_hash"]

DEFAULT_BASE = "https://w3id.org/kg-news/id/"
# \Z, not $: "$" also matches before a final newline, which would end up inside an IRI.
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_BASE = re.compile(r"^(https?://[^\s<>\"{}|\\^`]+[/#]|urn:[A-Za-z0-9][A-Za-z0-9-]*:[^\s<>\"{}|\\^`]*[:/])\Z")


def short_hash(*parts: str, length: int = 16) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


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
