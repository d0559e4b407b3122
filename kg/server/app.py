"""The SPARQL 1.1 Protocol over HTTP, as a WSGI application (werkzeug parses the requests).

* ``GET /sparql?query=...``; ``POST /sparql`` with a URL-encoded form (``query=...``) or
  with the query as the body (``Content-Type: application/sparql-query``);
  ``default-graph-uri`` and ``named-graph-uri`` choose the dataset.
* The answer's format follows the ``Accept`` header: SPARQL JSON (default), XML, CSV or TSV
  for SELECT and ASK; Turtle (default), N-Triples, JSON-LD or RDF/XML for CONSTRUCT and
  DESCRIBE.
* Read-only: an update (``update=`` or ``application/sparql-update``) gets 403.
* No outbound requests: a query with ``SERVICE`` gets 400 unless ``allow_service``; a query
  nested deeper than :data:`~kg.server.guard.MAX_NESTING` gets 400, and so does a
  ``default-graph-uri`` or ``named-graph-uri`` that is not an absolute IRI.
* A request whose ``Host`` is not a name of this server gets 403 (DNS rebinding).
* ``GET /`` is a small query page.
"""

from __future__ import annotations

from importlib import resources

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request as HTTPRequest
from werkzeug.wrappers import Response

from ..errors import Errors
from .guard import MAX_NESTING, HostCheck, check_iri, scan
from .pool import Answer, Request, WorkerPool

__all__ = ["SparqlApp", "MAX_QUERY_BYTES"]

MAX_QUERY_BYTES = 1 << 20
"""Largest request body accepted (1 MiB): a query, not a data upload."""

_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"


def _page() -> bytes:
    return resources.files("kg.server").joinpath("page.html").read_bytes()


class SparqlApp:
    """WSGI app: ``/`` the query page, ``/sparql`` the endpoint; queries go to ``pool``.

    ``hosts`` says which Host headers are answered (default: the loopback names only);
    ``allow_service`` lets queries use SERVICE, which makes the workers send HTTP requests.
    """

    def __init__(self, pool: WorkerPool, *, hosts: HostCheck | None = None, allow_service: bool = False) -> None:
        self.pool = pool
        self.hosts = hosts or HostCheck("127.0.0.1")
        self.allow_service = allow_service
        self.urls = Map([Rule("/", endpoint="page"), Rule("/sparql", endpoint="sparql")])
        self.page = _page()

    def __call__(self, environ, start_response):
        request = HTTPRequest(environ)
        request.max_content_length = MAX_QUERY_BYTES
        host = environ.get("HTTP_HOST")
        if not self.hosts.allows(host):
            return self._text(403, self.hosts.refusal(host))(environ, start_response)
        try:
            endpoint, _ = self.urls.bind_to_environ(environ).match()
            response = self.on_page(request) if endpoint == "page" else self.on_sparql(request)
        except RequestEntityTooLarge:
            response = self._text(413, f"The request is larger than {MAX_QUERY_BYTES} bytes.")
        except NotFound:
            response = self._text(404, "Not found: the SPARQL endpoint is /sparql, the query page is /.")
        except HTTPException as exc:
            response = exc.get_response(environ)
        return response(environ, start_response)

    @staticmethod
    def _text(status: int, message: str) -> Response:
        return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")

    def on_page(self, request: HTTPRequest) -> Response:
        if request.method not in ("GET", "HEAD"):
            raise MethodNotAllowed(["GET", "HEAD"])
        return Response(self.page, content_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; "
                                                            "style-src 'unsafe-inline'; connect-src 'self'"})

    def on_sparql(self, request: HTTPRequest) -> Response:
        if request.method in ("GET", "HEAD"):
            params = request.args
            if "update" in params:
                return self._text(403, Errors.E114)
            queries = params.getlist("query")
        elif request.method == "POST":
            mimetype = request.mimetype
            if mimetype == _UPDATE:
                return self._text(403, Errors.E114)
            if mimetype == _FORM:
                params = request.form
                if "update" in params:
                    return self._text(403, Errors.E114)
                queries = params.getlist("query")
            elif mimetype == _QUERY:
                params = request.args
                queries = [request.get_data(as_text=True)]
            else:
                return self._text(415, f"Send the query as {_FORM} (query=...) or as {_QUERY}.")
        else:
            raise MethodNotAllowed(["GET", "POST"])
        if len(queries) != 1 or not queries[0].strip():
            return self._text(400, "Send exactly one non-empty 'query' parameter.")
        def graphs(name: str) -> tuple[str, ...]:
            values = request.args.getlist(name)
            return tuple(values if params is request.args else values + params.getlist(name))

        dataset = {name: graphs(name) for name in ("default-graph-uri", "named-graph-uri")}
        for name, values in dataset.items():
            for value in values:
                if (problem := check_iri(name, value)) is not None:
                    return self._text(400, problem)
        found = scan(queries[0])
        if found.depth > MAX_NESTING:
            return self._text(400, Errors.E122.format(limit=MAX_NESTING))
        if found.service and not self.allow_service:
            return self._text(400, Errors.E118)
        query = Request(queries[0], request.headers.get("Accept", ""), dataset["default-graph-uri"],
                        dataset["named-graph-uri"])
        return self._respond(self.pool.run(query))

    @staticmethod
    def _respond(answer: Answer) -> Response:
        response = Response(answer.body, status=answer.status, content_type=answer.content_type)
        response.headers.update(answer.headers)
        response.headers["Vary"] = "Accept"
        return response
