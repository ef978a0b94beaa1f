"""GraphQL over HTTP (POST and GET, GraphiQL on a browser GET) following the GraphQL-over-HTTP spec.

Responses use `application/graphql-response+json` unless the client asks only for
`application/json`. With the new media type a request error (unparsable or invalid document)
has no `data` and answers 400; a response with `data` answers 200. A request that is not a
GraphQL request at all (no query, a body that is not JSON, a batch, an unknown operation name,
an unsupported content type, a mutation over GET) gets a JSON error with a code too, never plain
text.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.http.types import QueryParams
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from graphql_api.context import Context, Services
from graphql_api.error_codes import shortened
from graphql_api.known_queries import KnownQueries
from graphql_api.search.response_cache import ResponseCache

GRAPHQL_RESPONSE = "application/graphql-response+json"
LEGACY_JSON = "application/json"


def _wants_legacy_json(accept: str) -> bool:
    return LEGACY_JSON in accept and GRAPHQL_RESPONSE not in accept


API_METHODS = "GET, POST"
"""What `/graphql` answers (a HEAD, which Starlette lets through as a GET's, is refused)."""

_HTTP_ERROR_CODES = {400: "BAD_REQUEST", 405: "METHOD_NOT_ALLOWED", 415: "UNSUPPORTED_MEDIA_TYPE"}


def _http_error(error: HTTPException) -> Response:
    """Strawberry's refusal of a request (plain text) as a GraphQL-shaped JSON error with a
    code; an unsupported content type is 415 and a mutation over GET 405, as HTTP has them."""
    status, reason = error.status_code, error.reason
    if reason.startswith("Unsupported content type"):
        status = 415
    elif "not allowed when using GET" in reason:
        status = 405
    code = _HTTP_ERROR_CODES.get(status, "BAD_REQUEST")
    # (Strawberry quotes an unknown operation's name whole: cut short, as the API quotes input)
    body = {"errors": [{"message": shortened(reason), "extensions": {"code": code}}]}
    headers = {"Allow": API_METHODS} if status == 405 else None
    return Response(orjson.dumps(body), status, headers=headers, media_type=LEGACY_JSON)


async def method_not_allowed(request: Request, exc: Exception) -> Response:
    """A method no route takes (PUT, DELETE…): for the API, an error in its own shape with its
    code (`METHOD_NOT_ALLOWED`) and the `Allow` header (GET and POST); plain text anywhere
    else."""
    if request.url.path.rstrip("/") != "/graphql":
        headers = dict(getattr(exc, "headers", None) or {})
        return PlainTextResponse("Method Not Allowed", status_code=405, headers=headers)
    message = f"{request.method} is not allowed here: use GET or POST."
    body = {"errors": [{"message": message, "extensions": {"code": "METHOD_NOT_ALLOWED"}}]}
    headers = {"Allow": API_METHODS}
    return Response(orjson.dumps(body), 405, headers=headers, media_type=LEGACY_JSON)


class SkyportGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI view with our context and the spec's media type and status codes."""

    def __init__(
        self, schema: Any, services: Services, *, ide_html: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(schema, **kwargs)
        self.services = services
        self.response_cache = ResponseCache(services)
        self.known_queries = KnownQueries(schema)
        self.ide_html = ide_html

    async def render_graphql_ide(self, request: Request) -> Response:
        if self.ide_html is None:
            return await super().render_graphql_ide(request)
        return HTMLResponse(self.ide_html)

    def encode_json(self, data: object) -> bytes:
        # orjson is ~10x faster than json.dumps on a page of offers; json only for what it refuses
        try:
            return orjson.dumps(data)
        except TypeError:
            return json.dumps(data, separators=(",", ":")).encode()

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    async def parse_http_body(self, request: Any) -> Any:
        # Strawberry takes a JSON body for an object (or a list, a batch): `null`, a string or a
        # number made it fail with a 500, and a non-string `operationName` reached the executor
        if request.method == "POST" and (request.content_type or "").startswith(LEGACY_JSON):
            body = self.parse_json(await request.get_body())
            for item in body if isinstance(body, list) else [body]:
                if not isinstance(item, dict):
                    raise HTTPException(400, "The request body must be a JSON object.")
                if not isinstance(item.get("operationName"), str | None):
                    raise HTTPException(
                        400, "The GraphQL operation's `operationName` must be a string or null."
                    )
        return await super().parse_http_body(request)

    def parse_query_params(self, params: QueryParams) -> dict[str, Any]:
        # Strawberry's word on a parameter that is not JSON spoke of a request body, which a GET
        # has none of
        parsed: dict[str, Any] = dict(params)
        for name in ("variables", "extensions"):
            text = parsed.get(name)
            if text:
                try:
                    parsed[name] = self.decode_json(text)
                except ValueError:
                    message = f"The query parameter `{name}` is not JSON: it must be a JSON object."
                    raise HTTPException(400, message) from None
        return parsed

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        context = Context(services=self.services, request=request, response=response)
        request.state.graphql_context = context
        return context

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        # repeated searches are answered from memory before any parsing (see response_cache)
        try:
            if isinstance(request, Request) and request.method == "POST" and context is UNSET:
                response = await self.response_cache.serve(request, self._post)
            else:
                response = await super().run(request, context, root_value)
        except HTTPException as error:
            response = _http_error(error)
        finally:
            # the context refers to the request: leaving it in the request's state would make
            # every request a reference cycle, freed only by the garbage collector
            if isinstance(request, Request):
                request.state._state.pop("graphql_context", None)
        if isinstance(response, Response):
            # the answer depends on Accept (GraphiQL or JSON, the media type and so the status)
            vary = response.headers.get("vary")
            response.headers["vary"] = f"{vary}, Accept" if vary else "Accept"
        return response

    async def _post(self, request: Request) -> Response:
        """A known query straight on the executor (see known_queries); anything else, and any
        answer with an error, the whole way."""
        read = KnownQueries.read(await request.body(), request.headers.get("content-type", ""))
        if read is not None:
            key, variables = read
            sub_response = await self.get_sub_response(request)
            context = await self.get_context(request, sub_response)
            data = await self.known_queries.run(key, variables, context)
            if data is not None:
                return self.create_response({"data": data}, sub_response)
        response: Response = await super().run(request)
        ran = getattr(request.state, "graphql_context", None)
        if read is not None and isinstance(ran, Context):
            self.known_queries.learn(read[0], ran)
        return response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        data = await super().process_result(request, result)
        if result.data is None and result.errors and all(not e.path for e in result.errors):
            data.pop("data", None)
        return data

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        request_accept = getattr(sub_response, "_skyport_accept", "")
        if _wants_legacy_json(request_accept):
            return response
        response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
        if isinstance(response_data, dict) and "data" not in response_data:
            response.status_code = 400
        return response

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response._skyport_accept = request.headers.get("accept", "")  # type: ignore[attr-defined]
        return sub_response
