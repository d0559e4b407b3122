"""RDF: kg's graph under its ontology.

:mod:`.iri` mints every IRI; :mod:`.terms` converts terms between rdflib and pyoxigraph;
:mod:`.statement` is the statement codec (the one writer and reader of ``kg:Statement``);
:mod:`.writer` turns article results into triples; :mod:`.deferred` holds a build's graph
until it is read; :mod:`.named_graphs` splits them into one graph per article; :mod:`.store`
writes them into an Oxigraph store.
"""
