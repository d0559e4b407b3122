"""kg: knowledge graphs from news text.

    >>> from kg import build
    >>> result = build(["examples/"])            # doctest: +SKIP
    >>> result.graph.serialize(format="turtle")  # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .build import BuildResult, build, extract
from .analytics import to_networkx

try:
    __version__ = version("kg")
except PackageNotFoundError:  # running from a source checkout
    __version__ = "0.0.0"

__all__ = ["__version__", "build", "extract", "BuildResult", "to_networkx"]
