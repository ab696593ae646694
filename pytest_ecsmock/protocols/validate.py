"""Check a handler's result against the operation's output shape.

Used when ``check_results`` is on (it is in this project's own tests): a member the
shape does not declare, a value of the wrong type, a value outside an enum or a
missing required member is a bug in pytest-ecsmock, reported as such.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from botocore.model import Shape

_SCALARS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "character": (str,),
    "integer": (int,),
    "long": (int,),
    "boolean": (bool,),
    "float": (int, float),
    "double": (int, float),
    "timestamp": (datetime,),
    "blob": (bytes, bytearray, str),
}


def result_problems(shape: Shape | None, value: Any, path: str = "") -> list[str]:
    if shape is None:
        return [] if not value else [f"{path or 'result'}: the operation has no output"]
    problems: list[str] = []
    _check(shape, value, path or "result", problems)
    return problems


def _check(shape: Shape, value: Any, path: str, problems: list[str]) -> None:
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a dict, got {type(value).__name__}")
            return
        members = shape.members  # type: ignore[attr-defined]
        for name, item in value.items():
            member = members.get(name)
            if member is None:
                problems.append(f"{path}.{name}: not a member of {shape.name}")
            elif item is not None:
                _check(member, item, f"{path}.{name}", problems)
        for name in shape.required_members:
            if value.get(name) is None:
                problems.append(f"{path}.{name}: required by {shape.name} but missing")
    elif kind == "list":
        if not isinstance(value, list):
            problems.append(f"{path}: expected a list, got {type(value).__name__}")
            return
        for index, item in enumerate(value):
            _check(shape.member, item, f"{path}[{index}]", problems)  # type: ignore[attr-defined]
    elif kind == "map":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a dict, got {type(value).__name__}")
            return
        key_shape: Shape = shape.key  # type: ignore[attr-defined]
        for key, item in value.items():
            _check(key_shape, key, f"{path} key", problems)
            _check(shape.value, item, f"{path}[{key!r}]", problems)  # type: ignore[attr-defined]
    else:
        expected = _SCALARS.get(kind)
        if expected is None:
            return
        if isinstance(value, bool) and kind != "boolean":
            problems.append(f"{path}: a boolean where {kind} is expected")
        elif not isinstance(value, expected):
            problems.append(f"{path}: expected {kind}, got {type(value).__name__} {value!r:.60}")
        elif isinstance(value, datetime) and value.tzinfo is None:
            problems.append(f"{path}: a naive datetime; the mock speaks UTC")
        elif shape.metadata.get("enum") and value not in shape.metadata["enum"]:
            problems.append(f"{path}: {value!r} is not one of {shape.metadata['enum']}")
