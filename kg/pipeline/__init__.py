"""Pipeline: how a build runs, in one place.

:func:`build` reads the inputs (ingest), parses them (nlp), reads each article
(:mod:`.article`: extract and resolve within it) in one process, several or on a Dask cluster
(:mod:`.parallel`), keeps the results on disk (:mod:`.spool`), merges the entities across
articles (resolve) and writes the RDF (rdf). :func:`build_to` also writes the output files or
fills a store, as ``kg build`` does.
"""

from __future__ import annotations

from .build import BuildResult, BuildSummary, GraphSink, Inputs, build, extract, read_results, unique_articles
from .outputs import BuildReport, build_to

__all__ = ["BuildReport", "BuildResult", "BuildSummary", "GraphSink", "Inputs", "build", "build_to", "extract",
           "read_results", "unique_articles"]
