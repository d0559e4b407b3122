"""The SPARQL 1.1 Protocol over HTTP, as a WSGI application (werkzeug parses the requests).

* ``GET /sparql?query=...``; ``POST /sparql`` with a URL-encoded form (``query=...``) or
  with the query as the body (``Content-Type: application/sparql-query``);
  ``default-graph-uri`` and ``named-graph-uri`` choose the dataset.
* The answer's format follows the ``Accept`` header: SPARQL JSON (default), XML, CSV or TSV
  for SELECT and ASK; Turtle (default), N-Triples, JSON-LD or RDF/XML for CONSTRUCT and
  DESCRIBE.
* Read-only: an update (``update=`` or ``application/sparql-update``) gets 403.
* ``GET /`` is a small query page.
"""

from __future__ import annotations

from importlib import resources

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request as HTTPRequest
from werkzeug.wrappers import Response

from ..errors import Errors
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
    """WSGI app: ``/`` the query page, ``/sparql`` the endpoint; queries go to ``pool``."""

    def __init__(self, pool: WorkerPool) -> None:
        self.pool = pool
        self.urls = Map([Rule("/", endpoint="page"), Rule("/sparql", endpoint="sparql")])
        self.page = _page()

    def __call__(self, environ, start_response):
        request = HTTPRequest(environ)
        request.max_content_length = MAX_QUERY_BYTES
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

        query = Request(queries[0], request.headers.get("Accept", ""), graphs("default-graph-uri"),
                        graphs("named-graph-uri"))
        return self._respond(self.pool.run(query))

    @staticmethod
    def _respond(answer: Answer) -> Response:
        response = Response(answer.body, status=answer.status, content_type=answer.content_type)
        response.headers.update(answer.headers)
        response.headers["Vary"] = "Accept"
        return response
