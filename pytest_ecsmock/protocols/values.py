"""Scalar conversions shared by the codecs, and the JSON document walk.

``decode_json`` checks a decoded JSON value against a shape and turns wire forms into
Python values (timestamps into aware datetimes, blobs into bytes).  ``encode_json``
does the reverse for a result, keeping only the members the shape declares.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from botocore.model import OperationModel, Shape

from pytest_ecsmock.protocols.base import DecodeError

UTC = timezone.utc

# wire name -> (member name, member shape), per structure shape
_members_by_wire: dict[int, tuple[Shape, dict[str, tuple[str, Shape]]]] = {}


def wire_members(shape: Shape) -> dict[str, tuple[str, Shape]]:
    cached = _members_by_wire.get(id(shape))
    if cached is not None and cached[0] is shape:
        return cached[1]
    table = {
        member.serialization.get("name", name): (name, member)
        for name, member in shape.members.items()  # type: ignore[attr-defined]
    }
    _members_by_wire[id(shape)] = (shape, table)
    return table


def wrong_type(code: str, path: str, expected: str, value: Any) -> DecodeError:
    shown = "null" if value is None else repr(value)[:60]
    return DecodeError(
        code, f"Value {shown} at '{path}' failed to satisfy constraint: Member must be {expected}"
    )


def missing(code: str, path: str) -> DecodeError:
    return DecodeError(
        code,
        f"1 validation error detected: Value null at '{path}' failed to satisfy "
        "constraint: Member must not be null",
    )


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


# ---------------------------------------------------------------- timestamps and blobs


def timestamp_from_wire(value: Any) -> datetime:
    """An aware datetime from epoch seconds (a number or its text), ISO 8601 or an HTTP
    date; ``ValueError`` for anything else, however odd."""
    try:
        return _timestamp(value)
    except (ValueError, TypeError, OverflowError, OSError, IndexError) as exc:
        raise ValueError(f"not a timestamp: {value!r:.60}") from exc


def _timestamp(value: Any) -> datetime:
    if isinstance(value, bool):
        raise ValueError("a boolean is not a timestamp")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        text = value.strip()
        if _NUMBER_TEXT.match(text):
            return _timestamp(float(text))
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            parsed = parsedate_to_datetime(text)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise ValueError("not a timestamp")


def timestamp_to_wire(value: datetime, fmt: str) -> float | str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if fmt == "iso8601":
        text = value.astimezone(UTC).isoformat(timespec="milliseconds")
        return text.replace("+00:00", "Z")
    if fmt == "rfc822":
        return format_datetime(value.astimezone(UTC), usegmt=True)
    return value.timestamp()


def blob_from_wire(value: str) -> bytes:
    return base64.b64decode(value, validate=True)


def blob_to_wire(value: bytes | str) -> str:
    if isinstance(value, str):
        value = value.encode("utf-8")
    return base64.b64encode(value).decode("ascii")


# ---------------------------------------------------------------- numbers

#: the values an integer or a long can hold on the wire (Smithy: 32 and 64 bits)
BOUNDS = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
# Numbers in text as AWS reads them: ASCII digits only (``int()`` would also take
# full-width digits, surrounding blanks and ``1_000``).
_INTEGER_TEXT = re.compile(r"-?[0-9]+\Z")
_NUMBER_TEXT = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")


def finite_float(value: Any) -> float:
    """``value`` (an int or a float, not a bool) as a finite float, or ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("not a number")
    number = float(value)  # OverflowError for an int beyond any float
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


# ---------------------------------------------------------------- scalars from text


def scalar_from_text(shape: Shape, text: str, path: str, code: str) -> Any:
    """A scalar from a query string, header, URI label or form field."""
    kind = shape.type_name
    try:
        if kind in ("string", "character"):
            return text
        if kind in ("integer", "long"):
            low, high = BOUNDS[kind]
            if _INTEGER_TEXT.match(text) and low <= (number := int(text)) <= high:
                return number
            raise ValueError
        if kind in ("float", "double"):
            if not _NUMBER_TEXT.match(text):
                raise ValueError
            return finite_float(float(text))
        if kind == "boolean":
            if text not in ("true", "false"):
                raise ValueError
            return text == "true"
        if kind == "timestamp":
            return timestamp_from_wire(text)
        if kind == "blob":
            return blob_from_wire(text)
    except (ValueError, TypeError, binascii.Error, OverflowError) as exc:
        raise wrong_type(code, path, f"of type {kind}", text) from exc
    raise wrong_type(code, path, f"of type {kind}", text)


# ---------------------------------------------------------------- JSON documents


def parse_json(body: bytes, code: str) -> Any:
    """The JSON document of a request body (an empty body is ``{}``); anything that
    is not strict UTF-8 JSON is ``code`` (the service's SerializationException)."""
    if not body or body.isspace():  # the very bytes ``strip`` takes away
        return {}
    try:
        return _strict_loads(body.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        reason = "is nested too deeply" if isinstance(exc, RecursionError) else "is not valid JSON"
        raise DecodeError(code, f"The request body {reason}.") from None


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


#: one decoder for every request: ``json.loads`` with options builds a new one per call
_STRICT_JSON = json.JSONDecoder(parse_constant=_not_json)
#: the blanks JSON allows around a value (``json.decoder.WHITESPACE``)
_BLANKS = " \t\n\r"


def _strict_loads(text: str) -> Any:
    """``_STRICT_JSON.decode(text)``, a Python call shorter: the value after the
    leading blanks, then nothing but blanks (ValueError otherwise)."""
    value, end = _STRICT_JSON.raw_decode(text, len(text) - len(text.lstrip(_BLANKS)))
    if end != len(text) and text[end:].strip(_BLANKS):
        raise ValueError("extra data after the JSON value")
    return value


def decode_json(shape: Shape, value: Any, path: str, codes: tuple[str, str]) -> Any:
    """Check ``value`` (parsed JSON) against ``shape``; return the Python value.

    ``codes`` is (missing member code, wrong type code) of the service.
    """
    decoded = _decoder(shape)(value)
    if decoded is _INVALID:
        # the walk below finds the first problem again, with its path, and raises it
        return _decode_checked(shape, value, path, codes)
    return decoded


def _decode_checked(shape: Shape, value: Any, path: str, codes: tuple[str, str]) -> Any:
    # _compile_decoder below mirrors this walk (without paths): change both together
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            raise wrong_type(codes[1], path or "body", "a structure", value)
        out: dict[str, Any] = {}
        table = wire_members(shape)
        for key, item in value.items():
            found = table.get(key)
            if found is None or item is None:
                continue
            name, member = found
            out[name] = _decode_checked(member, item, join(path, name), codes)
        for name in shape.required_members:
            if name not in out:
                raise missing(codes[0], join(path, name))
        return out
    if kind == "list":
        if not isinstance(value, list):
            raise wrong_type(codes[1], path, "a list", value)
        member = shape.member  # type: ignore[attr-defined]
        return [_decode_checked(member, item, f"{path}.member", codes) for item in value]
    if kind == "map":
        if not isinstance(value, dict):
            raise wrong_type(codes[1], path, "a map", value)
        value_shape = shape.value  # type: ignore[attr-defined]
        return {
            str(key): _decode_checked(value_shape, item, f"{path}.{key}", codes)
            for key, item in value.items()
        }
    return decode_json_scalar(shape, value, path, codes[1])


def decode_json_scalar(shape: Shape, value: Any, path: str, code: str) -> Any:
    kind = shape.type_name
    if kind in ("string", "character"):
        if isinstance(value, str):
            return value
    elif kind in ("integer", "long"):
        low, high = BOUNDS[kind]
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
    elif kind == "boolean":
        if isinstance(value, bool):
            return value
    elif kind in ("float", "double"):
        try:
            return finite_float(value)
        except (ValueError, OverflowError):
            pass
    elif kind == "timestamp":
        try:
            return timestamp_from_wire(value)
        except ValueError:
            pass
    elif kind == "blob":
        if isinstance(value, str):
            try:
                return blob_from_wire(value)
            except (ValueError, binascii.Error):
                pass
    elif kind == "document":
        return value
    raise wrong_type(code, path, f"of type {kind}", value)


# Every client builds its own copy of the service model, and the codecs compile their
# walks on the shapes they are given.  The copies of one service and API version are
# alike, so the codecs take the shapes of the first copy this process saw: a new
# client then neither compiles nor walks its model again.
_SHAPES = "_ecsmock_first_shapes"
_first_shapes: dict[tuple[str, str, str], tuple[Shape | None, Shape | None]] = {}


def operation_shapes(operation: OperationModel) -> tuple[Shape | None, Shape | None]:
    """The (input, output) shapes of ``operation`` as first seen in this process."""
    found: tuple[Shape | None, Shape | None] | None = operation.__dict__.get(_SHAPES)
    if found is None:
        service = operation.service_model
        key = (service.service_name, service.api_version, operation.name)
        found = _first_shapes.setdefault(key, (operation.input_shape, operation.output_shape))
        operation.__dict__[_SHAPES] = found
    return found


# ``decode_json``'s fast path: the same checks and conversions, compiled once per shape
# (kept on the shape, as the encoders are) and without paths; any problem gives
# ``_INVALID`` and the checked walk then raises the error AWS gives.
_DECODER = "_ecsmock_json_decoder"
_INVALID: Any = object()


def _decoder(shape: Shape) -> Callable[[Any], Any]:
    found: Callable[[Any], Any] | None = shape.__dict__.get(_DECODER)
    if found is None:
        found = _compile_decoder(shape)
        shape.__dict__[_DECODER] = found
    return found


def _compile_decoder(shape: Shape) -> Callable[[Any], Any]:
    kind = shape.type_name
    if kind == "structure":
        return _structure_decoder(shape)
    if kind == "list":
        return _list_decoder(shape.member)  # type: ignore[attr-defined]
    if kind == "map":
        value_shape: Shape = shape.value  # type: ignore[attr-defined]

        def decode_map(value: Any) -> Any:
            if not isinstance(value, dict):
                return _INVALID
            decode = _decoder(value_shape)
            out = {str(key): decode(item) for key, item in value.items()}
            return _INVALID if _INVALID in out.values() else out

        return decode_map
    # the scalars requests carry most, checked as decode_json_scalar checks them
    if kind in ("string", "character"):
        return lambda value: value if isinstance(value, str) else _INVALID
    if kind == "boolean":
        return lambda value: value if isinstance(value, bool) else _INVALID
    if kind in ("integer", "long"):
        low, high = BOUNDS[kind]
        return lambda value: (
            value
            if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
            else _INVALID
        )

    def decode_scalar(value: Any) -> Any:
        # the very checks of the walk, so that the two cannot drift apart
        try:
            return decode_json_scalar(shape, value, "", "")
        except DecodeError:
            return _INVALID

    return decode_scalar


def _structure_decoder(shape: Shape) -> Callable[[Any], Any]:
    table = wire_members(shape)
    required = tuple(shape.required_members)
    #: wire name -> (member name, member decoder), filled at first use, by when the
    #: decoder of a recursive shape exists
    decoders: dict[str, tuple[str, Callable[[Any], Any]]] = {}

    def decode_structure(value: Any) -> Any:
        if not isinstance(value, dict):
            return _INVALID
        if len(decoders) < len(table):
            decoders.update((wire, (name, _decoder(m))) for wire, (name, m) in table.items())
        out: dict[str, Any] = {}
        for key, item in value.items():
            found = decoders.get(key)
            if found is None or item is None:
                continue
            decoded = found[1](item)
            if decoded is _INVALID:
                return _INVALID
            out[found[0]] = decoded
        for name in required:
            if name not in out:
                return _INVALID
        return out

    return decode_structure


def _list_decoder(item_shape: Shape) -> Callable[[Any], Any]:
    # ``_INVALID in out`` compares by identity first, and the decoded values (JSON's,
    # datetimes, bytes) are equal to nothing but their own kind
    if item_shape.type_name in ("string", "character"):

        def decode_strings(value: Any) -> Any:
            if not isinstance(value, list):
                return _INVALID
            out = [item for item in value if isinstance(item, str)]
            return out if len(out) == len(value) else _INVALID

        return decode_strings

    def decode_list(value: Any) -> Any:
        if not isinstance(value, list):
            return _INVALID
        decode = _decoder(item_shape)
        out = [decode(item) for item in value]
        return _INVALID if _INVALID in out else out

    return decode_list


def encode_json(shape: Shape, value: Any) -> Any:
    """The wire form of a result value: only the members the shape declares (outside
    headers and the URI), timestamps and blobs converted, ``None`` members left out."""
    return _encoder(shape)(value)


# The walk of ``encode_json`` is compiled once per shape into a function kept on the
# shape itself (as botocore keeps its cached properties): a hot call then does no
# model lookups at all.  Scalars other than timestamps and blobs pass through as they
# are, without a call.
_ENCODER = "_ecsmock_json_encoder"
_CONVERTED = frozenset({"structure", "list", "map", "timestamp", "blob"})


def _encoder(shape: Shape) -> Callable[[Any], Any]:
    found: Callable[[Any], Any] | None = shape.__dict__.get(_ENCODER)
    if found is None:
        found = _compile_encoder(shape)
        shape.__dict__[_ENCODER] = found
    return found


def _compile_encoder(shape: Shape) -> Callable[[Any], Any]:
    kind = shape.type_name
    if kind == "structure":
        # member name -> (wire name, member shape, or None when the value passes as is)
        table: dict[str, tuple[str, Shape | None]] = {}
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            if member.serialization.get("location"):
                continue
            converted = member if member.type_name in _CONVERTED else None
            table[name] = (member.serialization.get("name", name), converted)

        def encode_structure(value: Any) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for name, item in value.items():
                entry = table.get(name)
                if entry is None or item is None:
                    continue
                wire, member = entry
                out[wire] = item if member is None else _encoder(member)(item)
            return out

        return encode_structure
    if kind == "list":
        item_shape: Shape = shape.member  # type: ignore[attr-defined]
        if item_shape.type_name not in _CONVERTED:
            return list
        return lambda value: [_encoder(item_shape)(item) for item in value]
    if kind == "map":
        value_shape: Shape = shape.value  # type: ignore[attr-defined]
        if value_shape.type_name not in _CONVERTED:
            return lambda value: dict(value.items())
        return lambda value: {key: _encoder(value_shape)(item) for key, item in value.items()}
    if kind == "timestamp":
        fmt = shape.serialization.get("timestampFormat", "unixtimestamp")
        return lambda value: timestamp_to_wire(value, fmt)
    if kind == "blob":
        return blob_to_wire
    return _as_is


def _as_is(value: Any) -> Any:
    return value
