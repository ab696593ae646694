"""Hypothesis strategies read off botocore shapes, for the codec round trips.

``values(shape, wire)`` draws a valid value of ``shape`` as a boto3 user would pass it
(or a handler would return it).  ``wire`` says what the value has to travel through,
because each wire carries a little less than Python can hold:

* ``"json-in"``: JSON request bodies (and rest-json query strings). botocore sends
  epoch timestamps in whole seconds (its default precision), so we draw whole seconds.
* ``"query-in"``: form fields; any text, timestamps to the millisecond.
* ``"json-out"``: our JSON responses; timestamps to the millisecond.
* ``"query-out"``: XML responses. XML 1.0 cannot carry most control characters at all
  (not even as character references), so strings leave them out.
* ``"label"``, ``"header"``: URI labels and header values: non-empty, printable ASCII.

``garbage(shape)`` draws values that are wrong for the shape in the ways botocore's
own serializer still puts on the wire with its validation off: wrong scalar types,
missing required members, junk inside lists and maps, right values here and there.
(Unknown members and a non-dict in a structure's place make botocore's serializer
itself fail before anything is sent; the raw-HTTP tests cover those.)
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from botocore.model import Shape
from hypothesis import strategies as st

UTC = timezone.utc
#: how deep optional members are followed: the ECS task definition alone is 6 deep
MAX_DEPTH = 4
MAX_ITEMS = 2

_ASCII = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
# Everything XML 1.0 allows in text, minus surrogates (no wire carries a lone one).
_XML_TEXT = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters="".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
    + "\ufffe\uffff",
)
_ANY_TEXT = st.characters(blacklist_categories=("Cs",))

_cache: dict[tuple[int, str, int], tuple[Shape, st.SearchStrategy[Any]]] = {}


def values(shape: Shape, wire: str, depth: int = 0) -> st.SearchStrategy[Any]:
    key = (id(shape), wire, depth)
    cached = _cache.get(key)
    if cached is not None and cached[0] is shape:
        return cached[1]
    strategy = _build(shape, wire, depth)
    _cache[key] = (shape, strategy)
    return strategy


def _build(shape: Shape, wire: str, depth: int) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    if kind == "structure" and shape.metadata.get("union"):
        # a tagged union carries exactly one of its members
        return st.one_of(
            [
                st.fixed_dictionaries({name: values(member, _member_wire(member, wire), depth + 1)})
                for name, member in shape.members.items()  # type: ignore[attr-defined]
            ]
        )
    if kind == "structure":
        required: dict[str, st.SearchStrategy[Any]] = {}
        optional: dict[str, st.SearchStrategy[Any]] = {}
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            member_wire = _member_wire(member, wire)
            if name in shape.required_members:
                required[name] = values(member, member_wire, depth + 1)
            elif depth < MAX_DEPTH and not member.serialization.get("eventstream"):
                optional[name] = values(member, member_wire, depth + 1)
        return st.fixed_dictionaries(required, optional=optional)
    if kind == "list":
        low, high = _size(shape)
        return st.lists(values(shape.member, wire, depth + 1), min_size=low, max_size=high)  # type: ignore[attr-defined]
    if kind == "map":
        low, high = _size(shape)
        return st.dictionaries(
            values(shape.key, wire, depth + 1),  # type: ignore[attr-defined]
            values(shape.value, wire, depth + 1),  # type: ignore[attr-defined]
            min_size=low,
            max_size=high,
        )
    if kind in ("string", "character"):
        return _strings(shape, wire)
    if kind in ("integer", "long"):
        bits = 31 if kind == "integer" else 63
        low = int(shape.metadata.get("min", -(2**bits)))
        high = int(shape.metadata.get("max", 2**bits - 1))
        return st.integers(min_value=max(low, -(2**bits)), max_value=min(high, 2**bits - 1))
    if kind == "boolean":
        return st.booleans()
    if kind in ("float", "double"):
        return st.floats(
            min_value=shape.metadata.get("min"),
            max_value=shape.metadata.get("max"),
            allow_nan=False,
            allow_infinity=False,
        )
    if kind == "timestamp":
        return _timestamps(wire)
    if kind == "blob":
        return st.binary(max_size=12)
    raise NotImplementedError(f"no strategy for {kind} shapes")


def _member_wire(member: Shape, wire: str) -> str:
    location = member.serialization.get("location")
    if location == "uri":
        return "label"
    if location in ("header", "headers"):
        return "header"
    return wire


def _size(shape: Shape) -> tuple[int, int]:
    low = min(int(shape.metadata.get("min", 0)), MAX_ITEMS)
    return low, max(low, MAX_ITEMS)


def _strings(shape: Shape, wire: str) -> st.SearchStrategy[str]:
    enum = shape.metadata.get("enum")
    if enum:
        return st.sampled_from(enum)
    low = int(shape.metadata.get("min", 0))
    if wire in ("label", "header"):
        low = max(low, 1)
    high = max(low, min(int(shape.metadata.get("max", 12)), 12))
    if low > 12:
        # a long minimum (a policy document): a repeated character meets it cheaply
        return st.text(_ASCII, min_size=1, max_size=3).map(lambda s: (s * low)[: max(low, 1)])
    alphabet = {"label": _ASCII, "header": _ASCII, "query-out": _XML_TEXT}.get(wire, _ANY_TEXT)
    return st.text(alphabet, min_size=low, max_size=high)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _timestamps(wire: str) -> st.SearchStrategy[datetime]:
    # 1970 .. 2100, in whole seconds (JSON requests) or milliseconds (everything else)
    if wire == "json-in":
        return st.integers(0, 4_102_444_800).map(lambda s: _EPOCH + timedelta(seconds=s))
    return st.integers(0, 4_102_444_800_000).map(lambda ms: _EPOCH + timedelta(milliseconds=ms))


# ---------------------------------------------------------------- garbage

_JUNK_SCALARS: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(_ANY_TEXT, max_size=8),
)
_JUNK: st.SearchStrategy[Any] = st.recursive(
    _JUNK_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)

_garbage_cache: dict[tuple[int, int], tuple[Shape, st.SearchStrategy[Any]]] = {}


def garbage(shape: Shape, depth: int = 0) -> st.SearchStrategy[Any]:
    """A value in the place of ``shape`` that may be wrong in any way botocore's
    serializer still accepts: a structure stays a dict of its own members (botocore
    looks each one up), but those may be anything; scalars may be any JSON value."""
    key = (id(shape), depth)
    cached = _garbage_cache.get(key)
    if cached is not None and cached[0] is shape:
        return cached[1]
    strategy = _build_garbage(shape, depth)
    _garbage_cache[key] = (shape, strategy)
    return strategy


def _build_garbage(shape: Shape, depth: int) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    right = values(shape, "json-in", depth) if depth < MAX_DEPTH else st.nothing()
    if kind == "structure":
        members: dict[str, st.SearchStrategy[Any]] = {}
        if depth < MAX_DEPTH:
            members = {
                name: garbage(member, depth + 1)
                for name, member in shape.members.items()  # type: ignore[attr-defined]
            }
        return st.one_of(st.fixed_dictionaries({}, optional=members), right)
    if kind == "list":
        element = garbage(shape.member, depth + 1) if depth < MAX_DEPTH else _JUNK  # type: ignore[attr-defined]
        return st.one_of(st.lists(element, max_size=3), right)
    if kind == "map":
        value = garbage(shape.value, depth + 1) if depth < MAX_DEPTH else _JUNK  # type: ignore[attr-defined]
        return st.one_of(st.dictionaries(st.text(max_size=6), value, max_size=3), right)
    if kind == "timestamp":
        # botocore's serializer converts timestamps itself: only what it can convert
        # travels (epoch seconds that make a year Python can hold, a few texts)
        return st.one_of(
            right,
            st.integers(min_value=-(2**33), max_value=2**33),
            st.sampled_from(["0", "1700000000", "2024-02-29T12:00:00Z"]),
        )
    if kind == "blob":
        return st.one_of(right, st.text(max_size=8))
    return st.one_of(_JUNK_SCALARS, right)
