"""Read: any graph kg wrote (a file in any of its formats, or a store folder), SPARQL over it,
and SHACL validation.

:func:`open_graph`, :func:`load_graph` and :func:`quad_batches` in :mod:`.load` are the one loader;
:mod:`.sparql` is the one SPARQL engine of ``kg query``, ``kg serve`` and the notebook;
:mod:`.validate` checks a graph against ``ontology/shapes.ttl``.
"""

from __future__ import annotations

from .load import RDF_FORMATS, detect_base, kg_prefixes, load_graph, open_graph, quad_batches, to_rdflib
from .sparql import execute, select

__all__ = ["RDF_FORMATS", "detect_base", "execute", "kg_prefixes", "load_graph", "open_graph", "quad_batches",
           "select", "to_rdflib"]
