"""A graph as N-Quads shards and a manifest: what a build on a Dask cluster writes into ``-o OUTDIR``.

Each worker writes the RDF of its own articles into a shard of its own, with the layout of the
N-Quads file and the store (:mod:`kg.rdf.named_graphs`): one named graph per article, holding its
evidence; the plain relation triples and the mentions' entities in the default graph. One more
shard holds what all articles share, written once: every entity's type, labels and GeoNames
link, and the declarations of the predicates and classes used. The union of the shards is the
graph a one-process build writes (a plain triple that articles of two shards assert is in
both; RDF reads it once).

The manifest (``kg-manifest.json``) names the shards of the build. It is written last, in one
rename, so a reader that goes by it sees the shards of one whole build: :func:`read_manifest`
reads it back, and :mod:`kg.read.load` reads the folder as one graph.

>>> from kg.rdf.iri import Minter
>>> lines = nquads([ox.Quad(ox.NamedNode("https://x.org/b"), ox.NamedNode("https://x.org/p"), ox.Literal("1")),
...                 ox.Quad(ox.NamedNode("https://x.org/a"), ox.NamedNode("https://x.org/p"), ox.Literal("2"))])
>>> lines.decode().splitlines()[0]
'<https://x.org/a> <https://x.org/p> "2" .'
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, cast

import pyoxigraph as ox

from ..errors import Errors, KGError
from ..model import ArticleResult
from .named_graphs import split_article
from .terms import oxigraph_converter
from .writer import GraphWriter

__all__ = ["MANIFEST", "Manifest", "ShardStats", "article_quads", "shared_quads", "nquads", "manifest_bytes",
           "read_manifest", "is_build_folder", "shard_name"]

MANIFEST = "kg-manifest.json"
_FORMAT = 1
_DEFAULT = ox.DefaultGraph()


def shard_name(tag: str, index: int | str) -> str:
    """``graph-{tag}-{index}.nq``: the build's own tag keeps its shards apart from an earlier build's
    until the manifest names them."""
    return f"graph-{tag}-{index:05d}.nq" if isinstance(index, int) else f"graph-{tag}-{index}.nq"


@dataclass
class ShardStats:
    """What went into a shard."""

    quads: int = 0
    articles: int = 0
    statements: int = 0
    asserted: int = 0
    predicates: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)


def article_quads(writer: GraphWriter, results: Iterable[ArticleResult], stats: ShardStats) -> Iterator[ox.Quad]:
    """Every article's quads: its graph (named by the article) and its default-graph triples."""
    convert: Callable[[Any], Any] = oxigraph_converter()  # unchecked: see kg.rdf.terms.to_quads
    for result in results:
        article = writer.minter.article(result.meta.id)
        named, default = split_article(writer.article(result), article)
        name = convert(article)
        for s, p, o in named:
            yield ox.Quad(convert(s), convert(p), convert(o), name)
        for s, p, o in default:
            yield ox.Quad(convert(s), convert(p), convert(o), _DEFAULT)
        stats.articles += 1
    stats.statements, stats.asserted = writer.statements, writer.asserted
    stats.predicates |= writer.predicates
    stats.classes |= writer.classes


def shared_quads(writer: GraphWriter, predicates: Iterable[str], classes: Iterable[str]) -> Iterator[ox.Quad]:
    """The default graph's shared part: every entity, and the declarations of what the build used."""
    convert: Callable[[Any], Any] = oxigraph_converter()  # unchecked: see kg.rdf.terms.to_quads
    for triples in (writer.entities(), writer.declarations(predicates, classes)):
        for s, p, o in triples:
            yield ox.Quad(convert(s), convert(p), convert(o), _DEFAULT)


def nquads(quads: Iterable[ox.Quad], stats: ShardStats | None = None) -> bytes:
    """The quads as N-Quads, each line once, sorted: the same shard for the same input."""
    data = cast(bytes, ox.serialize(quads, format=ox.RdfFormat.N_QUADS))  # no output given: returns the bytes
    lines = sorted(set(data.split(b"\n")) - {b""})
    if stats is not None:
        stats.quads += len(lines)
    return b"\n".join(lines) + b"\n" if lines else b""


@dataclass(frozen=True)
class Manifest:
    """A build folder's manifest: its shards (paths), and what the build counted."""

    folder: Path
    shards: tuple[Path, ...]
    info: dict

    @property
    def quads(self) -> int:
        return int(self.info.get("quads", 0))


def manifest_bytes(shards: Iterable[str], **info: object) -> bytes:
    """The manifest of a build whose shards are ``shards`` (file names in the folder)."""
    return (json.dumps({"kg-manifest": _FORMAT, "shards": list(shards), **info}, indent=1, sort_keys=True)
            + "\n").encode("utf-8")


def is_build_folder(path: str | os.PathLike) -> bool:
    """A folder with a manifest: the output of a build on a cluster."""
    return Path(path).is_dir() and (Path(path) / MANIFEST).is_file()


def read_manifest(folder: str | os.PathLike) -> Manifest:
    """The manifest of ``folder``; a manifest that cannot be read, or that names a shard that is
    missing, is E128."""
    folder = Path(folder)
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("kg-manifest") != _FORMAT or \
                not all(isinstance(name, str) and "/" not in name and name.endswith(".nq")
                        for name in data.get("shards", ())):
            raise ValueError("not a kg manifest")
    except (OSError, ValueError) as exc:
        raise KGError(Errors.E128.format(path=path, detail=getattr(exc, "strerror", None) or exc)) from exc
    shards = tuple(folder / name for name in data["shards"])
    for shard in shards:
        if not shard.is_file():
            raise KGError(Errors.E128.format(path=path, detail=f"the shard {shard.name} is missing"))
    return Manifest(folder, shards, {k: v for k, v in data.items() if k not in ("kg-manifest", "shards")})
