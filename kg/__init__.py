"""kg: knowledge graphs from news text.

>>> import kg
>>> result = kg.build("Elon Musk has threatened to sue Microsoft.")
>>> kg.select(result.graph, "SELECT ?who ?whom WHERE { ?s kg:threatens-suit ?o . "
...           "?s rdfs:label ?who . ?o rdfs:label ?whom }")
[{'who': 'Elon Musk', 'whom': 'Microsoft'}]

``import kg`` is cheap: spaCy, rdflib and networkx load when a function that needs them is
first called.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Article
    from .pipeline import BuildReport, BuildResult, build, build_to, extract
    from .analytics import read_network, to_networkx
    from .read import load_graph, open_graph, select

__all__ = ["__version__", "Article", "BuildReport", "BuildResult", "build", "build_to", "extract", "to_networkx",
           "read_network", "load_graph", "open_graph", "select"]

DISTRIBUTION = "kg-news"
"""The name kg is published under on PyPI (the import package and the command are ``kg``)."""

# name -> module that defines it; imported on first use.
_LAZY = {
    "Article": ".model",
    "BuildReport": ".pipeline", "BuildResult": ".pipeline", "build": ".pipeline", "build_to": ".pipeline",
    "extract": ".pipeline",
    "to_networkx": ".analytics", "read_network": ".analytics",
    "load_graph": ".read", "open_graph": ".read", "select": ".read",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version
        try:
            value = version(DISTRIBUTION)
        except PackageNotFoundError:  # running from a source checkout that is not installed
            value = "0.0.0"
    elif name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
    else:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
