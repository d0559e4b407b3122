"""networkx views of a kg graph, for analytics, the HTML view and notebooks."""

from __future__ import annotations

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV

from .ontology import KG, SCHEMA

__all__ = ["to_networkx"]


def _text(graph: Graph, node, prop) -> str | None:
    value = graph.value(node, prop)
    return None if value is None else str(value)


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Convert a kg RDF graph to a ``networkx.MultiDiGraph``.

    Nodes are entity IRIs with ``label``, ``type`` (ontology class name), ``aliases`` (list)
    and ``articles`` (how many articles mention them). Each evidence statement becomes one
    edge keyed by the statement IRI, with ``predicate``, ``label``, ``asserted``, ``negated``,
    ``claimed_by``, ``sentence``, ``article``, ``title``, ``date`` and ``confidence``.

    Examples
    --------
    >>> g = to_networkx(rdflib_graph)            # doctest: +SKIP
    >>> sorted(g.nodes(data="label"))[:2]        # doctest: +SKIP
    """
    out = nx.MultiDiGraph()
    kg_ns = str(KG)
    for node, cls in sorted(graph.subject_objects(RDF.type)):
        if not isinstance(node, URIRef) or not str(cls).startswith(kg_ns) or cls == KG.Statement:
            continue
        out.add_node(
            str(node),
            label=_text(graph, node, RDFS.label) or str(node),
            type=str(cls)[len(kg_ns):],
            aliases=sorted(str(a) for a in graph.objects(node, SKOS.altLabel)),
            articles=sum(1 for _ in graph.subjects(SCHEMA.mentions, node)),
        )
    for statement in sorted(graph.subjects(RDF.type, KG.Statement)):
        s, p, o = (graph.value(statement, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None:
            continue
        article = graph.value(statement, PROV.wasDerivedFrom)
        claimed = graph.value(statement, KG.claimedBy)
        out.add_edge(
            str(s), str(o), key=str(statement),
            predicate=str(p)[len(kg_ns):] if str(p).startswith(kg_ns) else str(p),
            label=_text(graph, p, RDFS.label) or str(p),
            asserted=bool(graph.value(statement, KG.asserted) is None
                          or graph.value(statement, KG.asserted).toPython()),
            negated=bool(graph.value(statement, KG.negated)),
            claimed_by=str(claimed) if claimed is not None else None,
            modality=_text(graph, statement, KG.modality),
            sentence=_text(graph, statement, KG.sentence) or "",
            relation=_text(graph, statement, KG.relationText) or "",
            article=str(article) if article is not None else None,
            title=_text(graph, article, SCHEMA.headline) if article is not None else None,
            date=_text(graph, article, SCHEMA.datePublished) if article is not None else None,
            source=_text(graph, article, DCTERMS.source) if article is not None else None,
            confidence=float(graph.value(statement, KG.confidence) or 0),
        )
    return out
