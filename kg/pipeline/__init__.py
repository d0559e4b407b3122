"""Pipeline: how a build runs, in one place.

:func:`build` reads the inputs (ingest), parses them (nlp), reads each article
(:mod:`.article`: extract and resolve within it) in one process or several (:mod:`.parallel`),
keeps the results on disk (:mod:`.spool`), merges the entities across articles (resolve) and
writes the RDF (rdf). On a Dask cluster (:mod:`.cluster`) the workers do all of that, each for
its part of the input, and write the graph as shards. :func:`build_to` also writes the output
files or fills a store, as ``kg build`` does.

The names load on first use, so that the client of a cluster build never imports spaCy.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import BuildSummary, Inputs
    from .build import BuildResult, GraphSink, build, extract, read_results
    from .ids import unique_articles
    from .outputs import BuildReport, build_to

__all__ = ["BuildReport", "BuildResult", "BuildSummary", "GraphSink", "Inputs", "build", "build_to", "extract",
           "read_results", "unique_articles"]

_LAZY = {"BuildResult": ".build", "BuildSummary": ".base", "GraphSink": ".build", "Inputs": ".base",
         "build": ".build", "extract": ".build", "read_results": ".build", "unique_articles": ".ids",
         "BuildReport": ".outputs", "build_to": ".outputs"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'kg.pipeline' has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(ModuleType):
    """``kg.pipeline.build`` is the function :func:`build`, as when this package imported it
    eagerly: importing the submodule of that name later does not replace the function with the
    module (which stays in ``sys.modules['kg.pipeline.build']``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and name in _LAZY:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
