"""The cluster query language of ECS: ``memberOf`` constraints and instance filters.

    expression  := either (("||" | "or") either)*
    either      := single (("&&" | "and") single)*
    single      := ("!" | "not") single | "(" expression ")" | subject operator [argument]
    argument    := value | "[" value ("," value)* "]"

``and`` binds tighter than ``or``. Subjects: ``attribute:<name>``, ``agentConnected``,
``agentVersion``, ``ec2InstanceId``, ``registeredAt``, ``runningTasksCount``,
``task:group``. Operators: ``==``/``equals``, ``!=``/``not_equals``, ``>``, ``>=``,
``<``, ``<=`` (``greater_than``, ``greater_than_equal``, ``less_than``,
``less_than_equal``), ``exists``, ``!exists``/``not_exists``, ``in``, ``!in``/``not_in``,
``=~``/``matches``, ``!~``/``not_matches``; word forms and combinators are read without
regard to case. How each subject compares is told in ``query_subjects``.

Use::

    expression = parse("attribute:ecs.instance-type =~ t2.* and runningTasksCount < 3")
    expression.matches(container_instance)   # any object that is a Candidate
    matches(expression, container_instance)  # the same, as a function

``parse`` raises ``ValueError`` (a ``QuerySyntaxError``) whose message the caller sends
as an ``InvalidParameterException``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pytest_ecsmock.services.ecs.placement.candidate import Candidate
from pytest_ecsmock.services.ecs.placement.query_subjects import (
    Comparison,
    compile_comparison,
)
from pytest_ecsmock.services.ecs.placement.query_syntax import (
    COMBINATOR_WORDS,
    OPERATOR_WORDS,
    Kind,
    Operator,
    QuerySyntaxError,
    Token,
    invalid,
    tokenize,
)

__all__ = ["MAX_EXPRESSION_LENGTH", "Expression", "QuerySyntaxError", "matches", "parse"]

MAX_EXPRESSION_LENGTH = 2000


@dataclass(frozen=True)
class Not:
    operand: Node

    def matches(self, candidate: Candidate) -> bool:
        return not self.operand.matches(candidate)


@dataclass(frozen=True)
class AllOf:
    operands: tuple[Node, ...]

    def matches(self, candidate: Candidate) -> bool:
        return all(operand.matches(candidate) for operand in self.operands)


@dataclass(frozen=True)
class AnyOf:
    operands: tuple[Node, ...]

    def matches(self, candidate: Candidate) -> bool:
        return any(operand.matches(candidate) for operand in self.operands)


Node = Comparison | Not | AllOf | AnyOf


@dataclass(frozen=True)
class Expression:
    """A parsed expression: ``matches(candidate)`` says whether an instance belongs."""

    text: str
    root: Node

    def matches(self, candidate: Candidate) -> bool:
        return self.root.matches(candidate)

    @property
    def subjects(self) -> frozenset[str]:
        """The subjects the expression reads (``attribute:<name>`` counts as itself).

        An expression without ``runningTasksCount`` and ``task:group`` gives the same
        answer for an instance however many tasks it is given."""
        found: set[str] = set()
        pending: list[Node] = [self.root]
        while pending:
            node = pending.pop()
            if isinstance(node, Comparison):
                found.add(node.subject)
            elif isinstance(node, Not):
                pending.append(node.operand)
            else:
                pending.extend(node.operands)
        return frozenset(found)

    @property
    def depends_on_tasks(self) -> bool:
        return bool(self.subjects & {"runningTasksCount", "task:group"})


def parse(expression: str) -> Expression:
    """Parse a cluster query; ``ValueError`` (``QuerySyntaxError``) if it is invalid."""
    if len(expression) > MAX_EXPRESSION_LENGTH:
        raise QuerySyntaxError(
            f"The expression is {len(expression)} characters long; "
            f"it can have at most {MAX_EXPRESSION_LENGTH} characters."
        )
    if not expression.strip():
        raise invalid(expression, "the expression is empty")
    return Expression(expression, _Parser(expression).parse())


def matches(expression: Expression, candidate: Candidate) -> bool:
    """``expression.matches(candidate)``, as a function."""
    return expression.matches(candidate)


class _Parser:
    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.tokens = tokenize(expression)
        self.index = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def at(self, kind: Kind) -> bool:
        return self.tokens[self.index].kind is kind

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def fail(self, reason: str) -> QuerySyntaxError:
        return invalid(self.expression, reason)

    def unexpected(self, wanted: str) -> QuerySyntaxError:
        return self.fail(f"expected {wanted} but found {self.current.describe()}")

    def combinator(self) -> Kind | None:
        token = self.current
        if token.kind in (Kind.AND, Kind.OR, Kind.NOT):
            return token.kind
        if token.kind is Kind.WORD:
            return COMBINATOR_WORDS.get(token.text.lower())
        return None

    def parse(self) -> Node:
        node = self.parse_any_of()
        if not self.at(Kind.END):
            raise self.unexpected("'and', 'or' or the end of the expression")
        return node

    def parse_any_of(self) -> Node:
        operands = [self.parse_all_of()]
        while self.combinator() is Kind.OR:
            self.advance()
            operands.append(self.parse_all_of())
        return operands[0] if len(operands) == 1 else AnyOf(tuple(operands))

    def parse_all_of(self) -> Node:
        operands = [self.parse_single()]
        while self.combinator() is Kind.AND:
            self.advance()
            operands.append(self.parse_single())
        return operands[0] if len(operands) == 1 else AllOf(tuple(operands))

    def parse_single(self) -> Node:
        if self.combinator() is Kind.NOT:
            self.advance()
            return Not(self.parse_single())
        if self.at(Kind.OPEN):
            self.advance()
            node = self.parse_any_of()
            if not self.at(Kind.CLOSE):
                raise self.unexpected("')'")
            self.advance()
            return node
        return self.parse_comparison()

    def parse_comparison(self) -> Comparison:
        if not self.at(Kind.WORD) or self.combinator() is not None:
            raise self.unexpected("a subject")
        subject = self.advance()
        operator = self.parse_operator()
        if operator in (Operator.EXISTS, Operator.NOT_EXISTS):
            arguments: tuple[str, ...] = ()
        elif operator in (Operator.IN, Operator.NOT_IN):
            arguments = self.parse_list()
        else:
            arguments = (self.parse_value(),)
        try:
            return compile_comparison(subject.text, operator, arguments)
        except ValueError as problem:
            raise self.fail(str(problem)) from None

    def parse_operator(self) -> Operator:
        token = self.current
        if token.kind is Kind.OPERATOR and token.operator is not None:
            self.advance()
            return token.operator
        if token.kind is Kind.WORD and token.text.lower() in OPERATOR_WORDS:
            self.advance()
            return OPERATOR_WORDS[token.text.lower()]
        raise self.unexpected("an operator")

    def parse_value(self) -> str:
        if self.current.kind in (Kind.WORD, Kind.QUOTED):
            return self.advance().text
        raise self.unexpected("a value")

    def parse_list(self) -> tuple[str, ...]:
        if not self.at(Kind.OPEN_LIST):
            raise self.unexpected("a list such as [a, b]")
        self.advance()
        values = [self.parse_value()]
        while self.at(Kind.COMMA):
            self.advance()
            values.append(self.parse_value())
        if not self.at(Kind.CLOSE_LIST):
            raise self.unexpected("',' or ']'")
        self.advance()
        return tuple(values)
