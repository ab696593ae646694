"""What each subject of the cluster query language reads, and how it compares.

- ``attribute:<name>``: the attribute's value (a name-only attribute reads as ``""``).
  An instance without the attribute matches only ``!exists``: ``attribute:stack != prod``
  lists the instances that have ``stack`` with another value, as ECS does. ``==``, ``in``
  compare strings; ``>``, ``>=``, ``<``, ``<=`` compare numbers when both sides are
  numbers (``10 > 9``) and strings otherwise.
- ``agentConnected``: ``true`` or ``false``.
- ``agentVersion``: dotted versions, compared number by number (``1.9.0 < 1.14.5``).
- ``ec2InstanceId``: a string.
- ``registeredAt``: an instant; ``2018-06-18`` is midnight UTC, a time without offset
  is UTC.
- ``runningTasksCount``: an integer.
- ``task:group``: the groups of the tasks on the instance. ``==``, ``in`` and ``=~``
  match when one of its groups does; ``!=``, ``!in`` and ``!~`` when the instance runs
  tasks and none of their groups does (``not(task:group == x)`` also takes empty
  instances); ``exists`` when it runs any task.

``=~`` and ``!~`` take Java-style regular expressions that must match the whole value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from operator import eq
from typing import Any

from pytest_ecsmock.services.ecs.placement.candidate import Candidate
from pytest_ecsmock.services.ecs.placement.query_syntax import Operator

# Values are strings, ints, version tuples or datetimes depending on the subject; each
# subject compares only values of its own kind, so ``Any`` stands for "the subject's".
Value = Any

EQUALITY = frozenset(
    {
        Operator.EQUALS,
        Operator.NOT_EQUALS,
        Operator.IN,
        Operator.NOT_IN,
        Operator.MATCHES,
        Operator.NOT_MATCHES,
    }
)
ORDERING = frozenset(
    {
        Operator.EQUALS,
        Operator.NOT_EQUALS,
        Operator.GREATER_THAN,
        Operator.GREATER_THAN_EQUAL,
        Operator.LESS_THAN,
        Operator.LESS_THAN_EQUAL,
    }
)
NEGATIVE = {
    Operator.NOT_EQUALS: Operator.EQUALS,
    Operator.NOT_IN: Operator.IN,
    Operator.NOT_MATCHES: Operator.MATCHES,
}
ATTRIBUTE_NAME = re.compile(r"^[A-Za-z0-9_./\\-]{1,128}\Z")
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?\Z")
VERSION = re.compile(r"^\d+(\.\d+)*\Z")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?\Z")


def compare_numbers_or_strings(left: str, right: str) -> int:
    if NUMBER.match(left) and NUMBER.match(right):
        difference = float(left) - float(right)
    else:
        difference = (left > right) - (left < right)
    return (difference > 0) - (difference < 0)


def compare_ordered(left: Value, right: Value) -> int:
    return int(left > right) - int(left < right)


def version(text: str) -> tuple[int, ...]:
    if not VERSION.match(text):
        raise ValueError(f"'{text}' is not an agent version such as 1.14.5")
    return tuple(int(part) for part in text.split("."))


def instant(text: str) -> datetime:
    if not DATE.match(text):
        raise ValueError(f"'{text}' is not a date such as 2018-06-18 or 2018-06-18T22:28:28Z")
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def count(text: str) -> int:
    if not text.isdigit():
        raise ValueError(f"'{text}' is not a number of tasks")
    return int(text)


def connected(text: str) -> str:
    if text.lower() not in ("true", "false"):
        raise ValueError(f"agentConnected is true or false, not '{text}'")
    return text.lower()


def as_text(value: Value) -> str:
    return value if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class SubjectKind:
    """How to read a subject from an instance and how its values compare."""

    read: Callable[[Candidate], tuple[Value, ...]]
    convert: Callable[[str], Value]
    compare: Callable[[Value, Value], int]
    operators: frozenset[Operator]
    equal: Callable[[Value, Value], bool] = eq


def _read_attribute(name: str) -> Callable[[Candidate], tuple[Value, ...]]:
    def read(candidate: Candidate) -> tuple[Value, ...]:
        attributes = candidate.attributes
        if name not in attributes:
            return ()
        return (attributes[name] or "",)

    return read


def _read_version(candidate: Candidate) -> tuple[Value, ...]:
    text = candidate.agent_version
    return (version(text),) if VERSION.match(text) else ()


def _read_registered_at(candidate: Candidate) -> tuple[Value, ...]:
    moment = candidate.registered_at
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc),)


def _read_groups(candidate: Candidate) -> tuple[Value, ...]:
    return tuple(group for group, tasks in candidate.task_groups.items() if tasks > 0)


def _identity(text: str) -> str:
    return text


FIXED_SUBJECTS = {
    "agentConnected": SubjectKind(
        lambda c: ("true" if c.agent_connected else "false",),
        connected,
        compare_ordered,
        EQUALITY,
    ),
    "agentVersion": SubjectKind(_read_version, version, compare_ordered, ORDERING),
    "ec2InstanceId": SubjectKind(
        lambda c: (c.ec2_instance_id,), _identity, compare_ordered, EQUALITY
    ),
    "registeredAt": SubjectKind(_read_registered_at, instant, compare_ordered, ORDERING),
    "runningTasksCount": SubjectKind(
        lambda c: (c.running_tasks_count,), count, compare_ordered, ORDERING
    ),
    "task:group": SubjectKind(
        _read_groups,
        _identity,
        compare_ordered,
        EQUALITY | {Operator.EXISTS, Operator.NOT_EXISTS},
    ),
}
ALL_OPERATORS = frozenset(Operator)


def subject_kind(subject: str) -> SubjectKind:
    if subject in FIXED_SUBJECTS:
        return FIXED_SUBJECTS[subject]
    if subject.startswith("attribute:"):
        name = subject.removeprefix("attribute:")
        if not ATTRIBUTE_NAME.match(name):
            raise ValueError(f"'{name}' is not a valid attribute name")
        return SubjectKind(
            _read_attribute(name), _identity, compare_numbers_or_strings, ALL_OPERATORS
        )
    raise ValueError(
        f"unknown subject '{subject}' (use attribute:<name>, agentConnected, agentVersion, "
        "ec2InstanceId, registeredAt, runningTasksCount or task:group)"
    )


@dataclass(frozen=True)
class Comparison:
    """``subject operator arguments``, compiled into a test of one instance."""

    subject: str
    operator: Operator
    arguments: tuple[str, ...]
    test: Callable[[Candidate], bool] = field(compare=False, repr=False)

    def matches(self, candidate: Candidate) -> bool:
        return self.test(candidate)


def compile_comparison(subject: str, operator: Operator, arguments: tuple[str, ...]) -> Comparison:
    """The comparison, or ``ValueError`` saying what is wrong with it."""
    kind = subject_kind(subject)
    if operator not in kind.operators:
        raise ValueError(f"the operator '{operator.value}' cannot be used with {subject}")
    read = kind.read
    if operator is Operator.EXISTS:
        return Comparison(subject, operator, arguments, lambda c: bool(read(c)))
    if operator is Operator.NOT_EXISTS:
        return Comparison(subject, operator, arguments, lambda c: not read(c))
    accepts = _value_test(kind, NEGATIVE.get(operator, operator), arguments)
    if operator in NEGATIVE:

        def test(candidate: Candidate) -> bool:
            values = read(candidate)
            return bool(values) and not any(accepts(value) for value in values)

    else:

        def test(candidate: Candidate) -> bool:
            return any(accepts(value) for value in read(candidate))

    return Comparison(subject, operator, arguments, test)


def _value_test(
    kind: SubjectKind, operator: Operator, arguments: tuple[str, ...]
) -> Callable[[Value], bool]:
    """Whether one value of the subject satisfies a positive operator."""
    if operator is Operator.MATCHES:
        try:
            pattern = re.compile(arguments[0])
        except re.error as problem:
            raise ValueError(
                f"'{arguments[0]}' is not a valid regular expression: {problem}"
            ) from None
        return lambda value: pattern.fullmatch(as_text(value)) is not None
    wanted = [kind.convert(argument) for argument in arguments]
    equal, compare = kind.equal, kind.compare
    if operator is Operator.IN:
        return lambda value: any(equal(value, each) for each in wanted)
    target = wanted[0]
    if operator is Operator.EQUALS:
        return lambda value: equal(value, target)
    signs = {
        Operator.GREATER_THAN: (1,),
        Operator.GREATER_THAN_EQUAL: (0, 1),
        Operator.LESS_THAN: (-1,),
        Operator.LESS_THAN_EQUAL: (-1, 0),
    }[operator]
    return lambda value: compare(value, target) in signs
