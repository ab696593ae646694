"""AWS query (ELBv2, IAM): form-encoded parameters in, XML out."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

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
    blob_to_wire,
    join,
    missing,
    scalar_from_text,
    timestamp_to_wire,
    wrong_type,
)


class _Form:
    """The form fields, and for every dotted prefix the names that follow it."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.values = dict(pairs)
        self.children: dict[str, set[str]] = {}
        for key in self.values:
            parts = key.split(".")
            for end in range(1, len(parts)):
                self.children.setdefault(".".join(parts[:end]), set()).add(parts[end])

    def present(self, key: str) -> bool:
        return key in self.values or key in self.children

    def indices(self, prefix: str) -> list[int]:
        """The item numbers sent under ``prefix`` (``prefix.1``, ``prefix.2`` ...), in
        order; a gap (an item that had nothing to send) is skipped, not an end."""
        return sorted(
            int(name)
            for name in self.children.get(prefix, ())
            if name.isascii() and name.isdigit() and name[0] != "0"
        )


def _form(request: HttpRequest) -> _Form:
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            "MalformedQueryString", "The request body is not UTF-8.", status=404
        ) from exc
    # parameters may come in the URL, the body or both (the body's win)
    pairs = parse_qsl(text, keep_blank_values=True)
    if "?" in request.url:
        pairs = parse_qsl(urlsplit(request.url).query, keep_blank_values=True) + pairs
    return _Form(pairs)


class QueryCodec(Codec):
    missing_member_code = "ValidationError"
    wrong_type_code = "ValidationError"

    def identify(self, service_model: ServiceModel, request: HttpRequest) -> str:
        action = _form(request).values.get("Action")
        if not action:
            raise UnknownOperationError(
                "The request must contain the parameter Action.", code="MissingAction"
            )
        if action not in service_model.operation_names:
            raise UnknownOperationError(
                f"Could not find operation {action[:100]!r}.", code="InvalidAction"
            )
        return action

    def decode_request(self, operation: OperationModel, request: HttpRequest) -> dict[str, Any]:
        shape = operation.input_shape
        if shape is None:
            return {}
        form = _form(request)
        params = self._decode(shape, form, "", "")
        return params if isinstance(params, dict) else {}

    def _decode(self, shape: Shape, form: _Form, prefix: str, path: str) -> Any:
        kind = shape.type_name
        if kind == "structure":
            if prefix and not form.present(prefix):
                return None
            out: dict[str, Any] = {}
            members, required = _structure(shape)
            for name, wire, member in members:
                value = self._decode(member, form, join(prefix, wire), join(path, name))
                if value is not None:
                    out[name] = value
            for name in required:
                if name not in out:
                    raise missing(self.missing_member_code, join(path, name))
            return out
        if kind == "list":
            return self._decode_list(shape, form, prefix, path)
        if kind == "map":
            return self._decode_map(shape, form, prefix, path)
        text = form.values.get(prefix)
        if text is None:
            if prefix in form.children:
                raise wrong_type(self.wrong_type_code, path, f"of type {kind}", "a structure")
            return None
        return scalar_from_text(shape, text, path, self.wrong_type_code)

    def _decode_list(self, shape: Shape, form: _Form, prefix: str, path: str) -> Any:
        if form.values.get(prefix) == "":
            return []
        element: Shape = shape.member  # type: ignore[attr-defined]
        flattened, element_name = _list_names(shape)
        if not flattened:
            list_prefix = f"{prefix}.{element_name or 'member'}"
        elif element_name:
            list_prefix = ".".join([*prefix.split(".")[:-1], element_name])
        else:
            list_prefix = prefix
        if not form.present(list_prefix):
            return None
        return [
            self._decode(element, form, f"{list_prefix}.{index}", f"{path}.member.{index}")
            for index in form.indices(list_prefix)
        ]

    def _decode_map(self, shape: Shape, form: _Form, prefix: str, path: str) -> Any:
        full = prefix if shape.serialization.get("flattened") else f"{prefix}.entry"
        if not form.present(full):
            return None
        key_shape: Shape = shape.key  # type: ignore[attr-defined]
        value_shape: Shape = shape.value  # type: ignore[attr-defined]
        key_name = key_shape.serialization.get("name", "key")
        value_name = value_shape.serialization.get("name", "value")
        out: dict[str, Any] = {}
        for index in form.indices(full):
            entry = f"{path}.entry.{index}"
            key = self._decode(key_shape, form, f"{full}.{index}.{key_name}", f"{entry}.key")
            if key is None:
                raise missing(self.missing_member_code, f"{entry}.key")
            value = self._decode(
                value_shape, form, f"{full}.{index}.{value_name}", f"{entry}.value"
            )
            if value is None:
                raise missing(self.missing_member_code, f"{entry}.value")
            out[key] = value
        return out

    # ------------------------------------------------------------------ responses

    def encode_result(
        self, operation: OperationModel, result: dict[str, Any], request_id: str
    ) -> HttpResponse:
        namespace = operation.metadata.get("xmlNamespace", "")
        parts = [f'<{operation.name}Response xmlns="{namespace}">']
        shape = operation.output_shape
        if shape is not None:
            wrapper = shape.serialization.get("resultWrapper")
            if wrapper:
                parts.append(f"<{wrapper}>")
            _members_xml(shape, result, parts)
            if wrapper:
                parts.append(f"</{wrapper}>")
        parts.append(
            f"<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata>"
            f"</{operation.name}Response>"
        )
        return HttpResponse(
            200,
            {"x-amzn-RequestId": request_id, "Content-Type": "text/xml"},
            "".join(parts).encode("utf-8"),
        )

    def encode_error(
        self, service_model: ServiceModel, error: ServiceError, request_id: str
    ) -> HttpResponse:
        code, status, sender = error_wire(service_model, error)
        namespace = service_model.metadata.get("xmlNamespace", "")
        body = (
            f'<ErrorResponse xmlns="{namespace}"><Error>'
            f"<Type>{'Sender' if sender else 'Receiver'}</Type>"
            f"<Code>{_xml_text(code)}</Code><Message>{_xml_text(error.message)}</Message>"
            f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        return HttpResponse(
            status,
            {"x-amzn-RequestId": request_id, "Content-Type": "text/xml"},
            body.encode("utf-8"),
        )


# ---------------------------------------------------------------- compiled per shape
#
# What the walks need of a shape is read once and kept on the shape itself (as the
# JSON encoder keeps its compiled walk): a hot call then does no model lookups.

_STRUCTURE = "_ecsmock_query_structure"
_EMITTER = "_ecsmock_xml_emitter"
Members = tuple[tuple[str, str, Shape], ...]
Emitter = Callable[[Any, str, list[str]], None]


def _structure(shape: Shape) -> tuple[Members, tuple[str, ...]]:
    """(member name, wire name, member shape) of every member, and the required ones."""
    found: tuple[Members, tuple[str, ...]] | None = shape.__dict__.get(_STRUCTURE)
    if found is None:
        members = tuple(
            (name, member.serialization.get("name", name), member)
            for name, member in shape.members.items()  # type: ignore[attr-defined]
        )
        found = (members, tuple(shape.required_members))
        shape.__dict__[_STRUCTURE] = found
    return found


def _list_names(shape: Shape) -> tuple[bool, str | None]:
    """Whether a list shape is flattened, and the wire name of its items if it has one."""
    key = _STRUCTURE + "_list"
    found: tuple[bool, str | None] | None = shape.__dict__.get(key)
    if found is None:
        element: Shape = shape.member  # type: ignore[attr-defined]
        found = (bool(shape.serialization.get("flattened")), element.serialization.get("name"))
        shape.__dict__[key] = found
    return found


def _members_xml(shape: Shape, value: dict[str, Any], parts: list[str]) -> None:
    by_name = _wire_tags(shape)
    for name, item in value.items():
        found = by_name.get(name)
        if found is not None and item is not None:
            _emitter(found[1])(item, found[0], parts)


def _wire_tags(shape: Shape) -> dict[str, tuple[str, Shape]]:
    key = _STRUCTURE + "_tags"
    found: dict[str, tuple[str, Shape]] | None = shape.__dict__.get(key)
    if found is None:
        found = {name: (wire, member) for name, wire, member in _structure(shape)[0]}
        shape.__dict__[key] = found
    return found


def _emitter(shape: Shape) -> Emitter:
    found: Emitter | None = shape.__dict__.get(_EMITTER)
    if found is None:
        found = _compile_emitter(shape)
        shape.__dict__[_EMITTER] = found
    return found


def _compile_emitter(shape: Shape) -> Emitter:
    kind = shape.type_name
    if kind == "structure":

        def emit_structure(value: Any, tag: str, parts: list[str]) -> None:
            parts.append(f"<{tag}>")
            _members_xml(shape, value, parts)
            parts.append(f"</{tag}>")

        return emit_structure
    if kind == "list":
        element: Shape = shape.member  # type: ignore[attr-defined]
        element_name: str | None = element.serialization.get("name")
        if shape.serialization.get("flattened"):

            def emit_flattened_list(value: Any, tag: str, parts: list[str]) -> None:
                emit = _emitter(element)
                for item in value:
                    emit(item, element_name or tag, parts)

            return emit_flattened_list
        element_tag = element_name or "member"

        def emit_list(value: Any, tag: str, parts: list[str]) -> None:
            emit = _emitter(element)
            parts.append(f"<{tag}>")
            for item in value:
                emit(item, element_tag, parts)
            parts.append(f"</{tag}>")

        return emit_list
    if kind == "map":
        key_shape: Shape = shape.key  # type: ignore[attr-defined]
        value_shape: Shape = shape.value  # type: ignore[attr-defined]
        key_tag = key_shape.serialization.get("name", "key")
        value_tag = value_shape.serialization.get("name", "value")
        flattened = bool(shape.serialization.get("flattened"))

        def emit_map(value: Any, tag: str, parts: list[str]) -> None:
            emit_key, emit_value = _emitter(key_shape), _emitter(value_shape)
            entry = tag if flattened else "entry"
            if not flattened:
                parts.append(f"<{tag}>")
            for key, item in value.items():
                parts.append(f"<{entry}>")
                emit_key(key, key_tag, parts)
                emit_value(item, value_tag, parts)
                parts.append(f"</{entry}>")
            if not flattened:
                parts.append(f"</{tag}>")

        return emit_map
    text = _scalar_text(shape)

    def emit_scalar(value: Any, tag: str, parts: list[str]) -> None:
        parts.append(f"<{tag}>{_xml_text(text(value))}</{tag}>")

    return emit_scalar


# XML 1.0 cannot carry these at all, not even as character references
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# a bare carriage return would reach the reader as a line feed (XML end-of-line handling)
_ENTITIES = {"\r": "&#13;"}


# what _xml_text has to change: the above, markup, and carriage returns
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """``text`` as XML character data that parses back to the same string; what XML
    cannot carry becomes U+FFFD rather than a document botocore cannot parse."""
    if _SPECIAL.search(text) is None:
        return text
    return _NOT_XML.sub("\ufffd", escape(text, _ENTITIES))


def _scalar_text(shape: Shape) -> Callable[[Any], str]:
    kind = shape.type_name
    if kind == "boolean":
        return lambda value: "true" if value else "false"
    if kind == "timestamp":
        fmt = shape.serialization.get("timestampFormat", "iso8601")
        return lambda value: str(timestamp_to_wire(value, fmt))
    if kind == "blob":
        return blob_to_wire
    if kind in ("float", "double"):
        return lambda value: repr(float(value))
    return str
