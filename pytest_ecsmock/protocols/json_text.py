"""The JSON text of a result, written during the shape walk.

``encode_json_text(shape, value)`` gives the very text of
``COMPACT.encode(encode_json(shape, value))``, the body of an awsJson answer, without
building the document in between: the walk of each shape is compiled once into a
function that writes its part of the text, with the member names escaped at compile
time.  Every piece is written as ``json`` writes it: strings by ``json``'s own
escaping, integers by their ``repr``, anything else by ``json`` itself.

The compiled walk handles what handlers return (dicts, lists, strings, numbers,
datetimes, bytes).  Anything else (a value of another type than its shape, a
generator in a list's place, a bug that raises) makes it give up, and the two steps
answer instead, so that the text, or the error, is exactly theirs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from json.encoder import encode_basestring_ascii
from typing import Any

from botocore.model import Shape

from pytest_ecsmock.protocols.values import blob_to_wire, encode_json, timestamp_to_wire

#: how json writes an awsJson answer: the second of the two steps, and the walk's own
#: way with what it does not write itself (``json.dumps`` would build one per call)
COMPACT = json.JSONEncoder(separators=(",", ":"))

#: json's own string escaping (``ensure_ascii``); TypeError for anything but a str
_escape: Callable[[Any], str] = encode_basestring_ascii
_float_text = float.__repr__

Writer = Callable[[Any], str]


class _GiveUp(Exception):
    """The compiled walk met a value it does not handle."""


def encode_json_text(shape: Shape, value: Any) -> str:
    """``COMPACT.encode(encode_json(shape, value))``, written in one walk."""
    try:
        return _writer(shape)(value)
    except Exception:  # whatever it is, the two steps give their text or their error
        return COMPACT.encode(encode_json(shape, value))


def _as_is(value: Any) -> str:
    """A value the walk passes on as it is (numbers, booleans, documents)."""
    kind = type(value)
    if kind is str:
        return _escape(value)
    if kind is int:
        return f"{value}"  # its repr, as json writes it, without a call
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if kind is float and math.isfinite(value):
        return _float_text(value)
    return COMPACT.encode(value)


# Compiled once per shape and kept on the shape, as the encoders of ``encode_json``
# are.  A structure or a collection finds its members' writers at its first use, by
# when a recursive shape's own writer exists.
_WRITER = "_ecsmock_json_writer"


def _writer(shape: Shape) -> Writer:
    found: Writer | None = shape.__dict__.get(_WRITER)
    if found is None:
        found = _compile(shape)
        shape.__dict__[_WRITER] = found
    return found


def _compile(shape: Shape) -> Writer:
    kind = shape.type_name
    if kind == "structure":
        return _structure_writer(shape)
    if kind == "list":
        return _list_writer(shape.member)  # type: ignore[attr-defined]
    if kind == "map":
        return _map_writer(shape.value)  # type: ignore[attr-defined]
    if kind in ("string", "character"):
        return _escape
    if kind == "timestamp":
        fmt = shape.serialization.get("timestampFormat", "unixtimestamp")
        return lambda value: _as_is(timestamp_to_wire(value, fmt))
    if kind == "blob":
        return lambda value: _escape(blob_to_wire(value))
    return _as_is


def _structure_writer(shape: Shape) -> Writer:
    # member name -> (its wire name, escaped, with the colon; its shape): as
    # ``encode_json``, members bound to headers or the URI are left out
    members: dict[str, tuple[str, Shape]] = {}
    for name, member in shape.members.items():  # type: ignore[attr-defined]
        if not member.serialization.get("location"):
            members[name] = (_escape(member.serialization.get("name", name)) + ":", member)
    if len({prefix for prefix, _ in members.values()}) < len(members):
        # two members on one wire name: the document keeps one, the text would not
        def refuse(value: Any) -> str:
            raise _GiveUp

        return refuse
    #: name -> (prefix, writer, list or dict for a list or map member (else None),
    #: the member written when its value is an empty one of those)
    writers: dict[str, tuple[str, Writer, type | None, str]] = {}

    def write_structure(value: Any) -> str:
        if not writers:
            writers.update((name, _member_entry(*entry)) for name, entry in members.items())
        parts = []
        for name, item in value.items():
            entry = writers.get(name)
            if entry is None or item is None:
                continue
            prefix, write, collection, written_empty = entry
            if type(item) is collection and not item:  # [] or {}: many members are
                parts.append(written_empty)
            else:
                parts.append(prefix + write(item))
        return "{" + ",".join(parts) + "}"

    return write_structure


def _member_entry(prefix: str, member: Shape) -> tuple[str, Writer, type | None, str]:
    kind = member.type_name
    collection = list if kind == "list" else dict if kind == "map" else None
    return prefix, _writer(member), collection, prefix + ("{}" if kind == "map" else "[]")


def _list_writer(item_shape: Shape) -> Writer:
    def write_list(value: Any) -> str:
        if type(value) is not list and type(value) is not tuple:
            raise _GiveUp  # an iterator would be used up before the two steps saw it
        if not value:
            return "[]"
        write = _writer(item_shape)
        return "[" + ",".join([write(item) for item in value]) + "]"

    return write_list


def _map_writer(value_shape: Shape) -> Writer:
    def write_map(value: Any) -> str:
        if type(value) is not dict:
            raise _GiveUp
        if not value:
            return "{}"
        write = _writer(value_shape)
        # a key that is not a str makes _escape raise: json writes those its own way
        return "{" + ",".join([_escape(k) + ":" + write(v) for k, v in value.items()]) + "}"

    return write_map
