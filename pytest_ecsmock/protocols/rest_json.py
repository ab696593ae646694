"""REST-JSON (EKS): method and URI name the operation; members live in the URI, the
query string, headers or a JSON body, as each member's ``location`` says."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from botocore.model import OperationModel, ServiceModel, Shape

from pytest_ecsmock.errors import ServiceError
from pytest_ecsmock.protocols.base import (
    Codec,
    DecodeError,
    HttpRequest,
    HttpResponse,
    UnknownOperationError,
    error_wire,
)
from pytest_ecsmock.protocols.values import (
    decode_json,
    encode_json,
    join,
    missing,
    parse_json,
    scalar_from_text,
    timestamp_to_wire,
)

_LABEL = re.compile(r"\{([^}]+?)(\+?)\}")


class _Route:
    def __init__(self, operation: OperationModel) -> None:
        uri = operation.http.get("requestUri", "/")
        path, _, literal_query = uri.partition("?")
        self.method = operation.http.get("method", "POST").upper()
        self.name = operation.name
        # a literal query in the URI (``/things?list``) is part of what names the operation
        self.literal_query = {
            key: values[-1]
            for key, values in parse_qs(literal_query, keep_blank_values=True).items()
        }
        pattern = ""
        last = 0
        for match in _LABEL.finditer(path):
            pattern += re.escape(path[last : match.start()])
            greedy = match.group(2) == "+"
            pattern += f"(?P<{_group(match.group(1))}>{'.+' if greedy else '[^/]+'})"
            last = match.end()
        pattern += re.escape(path[last:])
        self.regex = re.compile(f"^{pattern}/?$")
        self.specificity = len(_LABEL.sub("", path))
        self.labels = {_group(m.group(1)): m.group(1) for m in _LABEL.finditer(path)}

    def accepts(self, query: str) -> bool:
        if not self.literal_query:
            return True
        sent = parse_qs(query, keep_blank_values=True)
        return all(
            key in sent and (not value or value in sent[key])
            for key, value in self.literal_query.items()
        )

    def match(self, path: str) -> dict[str, str] | None:
        found = self.regex.match(path)
        if found is None:
            return None
        return {self.labels[key]: unquote(value) for key, value in found.groupdict().items()}


def _group(label: str) -> str:
    return "g_" + re.sub(r"\W", "_", label)


_routes: dict[int, tuple[ServiceModel, list[_Route]]] = {}


def _service_routes(service_model: ServiceModel) -> list[_Route]:
    cached = _routes.get(id(service_model))
    if cached is not None and cached[0] is service_model:
        return cached[1]
    routes = [_Route(service_model.operation_model(n)) for n in service_model.operation_names]
    routes.sort(key=lambda route: (-route.specificity, -len(route.literal_query)))
    _routes[id(service_model)] = (service_model, routes)
    return routes


_route_by_op: dict[int, tuple[OperationModel, _Route]] = {}


def _route(operation: OperationModel) -> _Route:
    cached = _route_by_op.get(id(operation))
    if cached is not None and cached[0] is operation:
        return cached[1]
    route = _Route(operation)
    _route_by_op[id(operation)] = (operation, route)
    return route


class RestJsonCodec(Codec):
    missing_member_code = "InvalidParameterException"
    wrong_type_code = "SerializationException"

    def identify(self, service_model: ServiceModel, request: HttpRequest) -> str:
        parts = urlsplit(request.url)
        path = parts.path or "/"
        method = request.method.upper()
        for route in _service_routes(service_model):
            matched = route.method == method and route.match(path) is not None
            if matched and route.accepts(parts.query):
                return route.name
        raise UnknownOperationError(f"No operation matches {method} {path[:200]}.", status=404)

    def decode_request(self, operation: OperationModel, request: HttpRequest) -> dict[str, Any]:
        shape = operation.input_shape
        if shape is None:
            return {}
        codes = (self.missing_member_code, self.wrong_type_code)
        parts = urlsplit(request.url)
        labels = _route(operation).match(parts.path or "/")
        if labels is None:
            raise UnknownOperationError(
                f"The path {parts.path[:200]} does not fit {operation.name}.", status=404
            )
        plan = _plan(shape)
        params: dict[str, Any] = {}
        for name, wire, member in plan.uri:
            if wire in labels:
                params[name] = scalar_from_text(member, labels[wire], name, codes[1])
        if plan.query and parts.query:
            query = parse_qs(parts.query, keep_blank_values=True)
            for name, wire, member in plan.query:
                value = self._from_query(member, wire, query, shape, name, codes[1])
                if value is not None:
                    params[name] = value
        for name, wire, member in plan.header:
            text = request.header(wire, "")
            if text:
                params[name] = _from_header(member, text, name, codes[1])
        for name, wire, _member in plan.headers:
            prefix = wire.lower()
            found = {
                key[len(prefix) :]: value
                for key, value in request.headers.items()
                if key.lower().startswith(prefix)
            }
            if found:
                params[name] = found
        params.update(self._decode_body(plan, request.body, codes))
        for name in plan.required:
            if name not in params:
                raise missing(codes[0], name)
        return params

    def _from_query(
        self,
        member: Shape,
        wire: str,
        query: dict[str, list[str]],
        shape: Shape,
        path: str,
        code: str,
    ) -> Any:
        if member.type_name == "map":
            # a query-string map takes the parameters no other member names
            value_shape: Shape = member.value  # type: ignore[attr-defined]
            named = _query_names(shape)
            out: dict[str, Any] = {}
            for key, texts in query.items():
                if key in named:
                    continue
                if value_shape.type_name == "list":
                    element = value_shape.member  # type: ignore[attr-defined]
                    where = join(path, key)
                    out[key] = [scalar_from_text(element, text, where, code) for text in texts]
                else:
                    out[key] = scalar_from_text(value_shape, texts[-1], join(path, key), code)
            return out or None
        values = query.get(wire)
        if not values:
            return None
        if member.type_name == "list":
            element = member.member  # type: ignore[attr-defined]
            return [scalar_from_text(element, text, path, code) for text in values]
        return scalar_from_text(member, values[-1], path, code)

    def _decode_body(self, plan: _Plan, body: bytes, codes: tuple[str, str]) -> dict[str, Any]:
        if plan.payload is not None:
            name, member = plan.payload
            if member.type_name in ("blob", "string"):
                if not body:
                    return {}
                if member.type_name == "blob":
                    return {name: body}
                try:
                    return {name: body.decode("utf-8")}
                except UnicodeDecodeError:
                    raise DecodeError(codes[1], "The request body is not UTF-8.") from None
            return {name: decode_json(member, self._json(body), name, codes)}
        if not plan.body:
            return {}
        document = self._json(body)
        if not isinstance(document, dict):
            raise DecodeError(codes[1], "The request body must be a JSON object.")
        # Only members without a location come from the body; a URI or header member
        # sent in the body is ignored, as AWS ignores it.
        out: dict[str, Any] = {}
        for name, wire, member in plan.body:
            value = document.get(wire)
            if value is not None:
                out[name] = decode_json(member, value, name, codes)
        return out

    def _json(self, body: bytes) -> Any:
        return parse_json(body, self.wrong_type_code)

    def encode_result(
        self, operation: OperationModel, result: dict[str, Any], request_id: str
    ) -> HttpResponse:
        status = int(operation.http.get("responseCode", 200))
        headers = {"x-amzn-RequestId": request_id, "Content-Type": "application/json"}
        shape = operation.output_shape
        if shape is None:
            return HttpResponse(status, headers, b"{}")
        members: dict[str, Shape] = shape.members
        body_values: dict[str, Any] = {}
        for name, value in result.items():
            member = members.get(name)
            if member is None or value is None:
                continue
            location = member.serialization.get("location")
            wire = member.serialization.get("name", name)
            if location == "header":
                headers[wire] = _header_text(member, value)
            elif location == "headers":
                for key, item in value.items():
                    headers[wire + key] = str(item)
            elif location == "statusCode":
                status = int(value)
            else:
                body_values[name] = value
        payload = shape.serialization.get("payload")
        if payload is not None:
            member = members[payload]
            value = body_values.get(payload)
            if member.type_name == "blob":
                body = value if isinstance(value, bytes) else b""
            elif member.type_name == "string":
                body = (value or "").encode("utf-8")
            else:
                body = json.dumps(encode_json(member, value or {})).encode("utf-8")
        else:
            body = json.dumps(encode_json(shape, body_values)).encode("utf-8")
        return HttpResponse(status, headers, body)

    def encode_error(
        self, service_model: ServiceModel, error: ServiceError, request_id: str
    ) -> HttpResponse:
        code, status, _ = error_wire(service_model, error)
        return HttpResponse(
            status,
            {
                "x-amzn-RequestId": request_id,
                "x-amzn-ErrorType": code,
                "Content-Type": "application/json",
            },
            json.dumps({"message": error.message}).encode("utf-8"),
        )


Bound = tuple[tuple[str, str, Shape], ...]


class _Plan:
    """Where each member of an input shape travels, read once per shape."""

    def __init__(self, shape: Shape) -> None:
        where: dict[str, list[tuple[str, str, Shape]]] = {}
        payload = shape.serialization.get("payload")
        self.payload: tuple[str, Shape] | None = None
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            location = member.serialization.get("location") or "body"
            if name == payload:
                self.payload = (name, member)
                continue
            entry = (name, member.serialization.get("name", name), member)
            where.setdefault(location, []).append(entry)
        self.uri: Bound = tuple(where.get("uri", ()))
        self.query: Bound = tuple(where.get("querystring", ()))
        self.header: Bound = tuple(where.get("header", ()))
        self.headers: Bound = tuple(where.get("headers", ()))
        self.body: Bound = tuple(where.get("body", ()))
        self.required = tuple(shape.required_members)


_PLAN = "_ecsmock_rest_json_plan"


def _plan(shape: Shape) -> _Plan:
    found: _Plan | None = shape.__dict__.get(_PLAN)
    if found is None:
        found = shape.__dict__[_PLAN] = _Plan(shape)
    return found


def _from_header(member: Shape, text: str, path: str, code: str) -> Any:
    """A header value: a list travels as comma-separated items (botocore's form)."""
    if member.type_name == "list":
        element: Shape = member.member  # type: ignore[attr-defined]
        return [scalar_from_text(element, item.strip(), path, code) for item in text.split(",")]
    return scalar_from_text(member, text, path, code)


_named: dict[int, tuple[Shape, frozenset[str]]] = {}


def _query_names(shape: Shape) -> frozenset[str]:
    """The query-string parameters that members of ``shape`` name."""
    cached = _named.get(id(shape))
    if cached is not None and cached[0] is shape:
        return cached[1]
    names = frozenset(
        member.serialization.get("name", name)
        for name, member in shape.members.items()  # type: ignore[attr-defined]
        if member.serialization.get("location") == "querystring" and member.type_name != "map"
    )
    _named[id(shape)] = (shape, names)
    return names


def _header_text(shape: Shape, value: Any) -> str:
    kind = shape.type_name
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "timestamp":
        fmt = shape.serialization.get("timestampFormat", "rfc822")
        return str(timestamp_to_wire(value, fmt))
    if kind == "list":
        return ",".join(quote(str(item)) if "," in str(item) else str(item) for item in value)
    return str(value)
