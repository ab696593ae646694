"""Tokens of the cluster query language.

``attribute:ecs.instance-type =~ t2.* and not(task:group == database)`` becomes words,
operators, combinators and brackets. A word runs until white space, a bracket, a comma,
a quote or an operator character (``= ! < > & |``), so ``attribute:flavor==cpu`` reads
as three tokens; a value holding such characters (``t2.(micro|small)``) is written in
single or double quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    WORD = "word"
    QUOTED = "quoted"
    OPERATOR = "operator"
    AND = "&&"
    OR = "||"
    NOT = "!"
    OPEN = "("
    CLOSE = ")"
    OPEN_LIST = "["
    CLOSE_LIST = "]"
    COMMA = ","
    END = "end of expression"


class Operator(Enum):
    EQUALS = "=="
    NOT_EQUALS = "!="
    GREATER_THAN = ">"
    GREATER_THAN_EQUAL = ">="
    LESS_THAN = "<"
    LESS_THAN_EQUAL = "<="
    EXISTS = "exists"
    NOT_EXISTS = "!exists"
    IN = "in"
    NOT_IN = "!in"
    MATCHES = "=~"
    NOT_MATCHES = "!~"


#: the word forms of the operators (matched without regard to case)
OPERATOR_WORDS = {
    "equals": Operator.EQUALS,
    "not_equals": Operator.NOT_EQUALS,
    "greater_than": Operator.GREATER_THAN,
    "greater_than_equal": Operator.GREATER_THAN_EQUAL,
    "less_than": Operator.LESS_THAN,
    "less_than_equal": Operator.LESS_THAN_EQUAL,
    "exists": Operator.EXISTS,
    "not_exists": Operator.NOT_EXISTS,
    "in": Operator.IN,
    "not_in": Operator.NOT_IN,
    "matches": Operator.MATCHES,
    "not_matches": Operator.NOT_MATCHES,
}
COMBINATOR_WORDS = {"and": Kind.AND, "or": Kind.OR, "not": Kind.NOT}

_SYMBOLS = {
    "==": Operator.EQUALS,
    "=~": Operator.MATCHES,
    "!=": Operator.NOT_EQUALS,
    "!~": Operator.NOT_MATCHES,
    ">=": Operator.GREATER_THAN_EQUAL,
    "<=": Operator.LESS_THAN_EQUAL,
    ">": Operator.GREATER_THAN,
    "<": Operator.LESS_THAN,
}
_PUNCTUATION = {
    "(": Kind.OPEN,
    ")": Kind.CLOSE,
    "[": Kind.OPEN_LIST,
    "]": Kind.CLOSE_LIST,
    ",": Kind.COMMA,
}
_BANG_WORDS = re.compile(r"!(exists|in)(?![A-Za-z0-9_])", re.IGNORECASE)
_WORD = re.compile(r"""[^\s()\[\],'"=!<>&|]+""")


class QuerySyntaxError(ValueError):
    """An expression that is not valid; the message is the one the caller shows."""


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str
    position: int
    operator: Operator | None = None

    def describe(self) -> str:
        if self.kind is Kind.END:
            return "the end of the expression"
        return f"'{self.text}' at position {self.position}"


def invalid(expression: str, reason: str) -> QuerySyntaxError:
    return QuerySyntaxError(f"Invalid expression '{expression}': {reason}.")


def tokenize(expression: str) -> list[Token]:
    """The tokens of ``expression``, ending with an END token."""
    tokens: list[Token] = []
    position, length = 0, len(expression)
    while position < length:
        char = expression[position]
        if char.isspace():
            position += 1
            continue
        token = _token_at(expression, position)
        tokens.append(token)
        position += len(token.text) if token.kind is not Kind.QUOTED else len(token.text) + 2
    tokens.append(Token(Kind.END, "", length))
    return tokens


def _token_at(expression: str, position: int) -> Token:
    char = expression[position]
    if char in _PUNCTUATION:
        return Token(_PUNCTUATION[char], char, position)
    if char in "'\"":
        end = expression.find(char, position + 1)
        if end < 0:
            raise invalid(expression, f"the quote at position {position} is never closed")
        return Token(Kind.QUOTED, expression[position + 1 : end], position)
    pair = expression[position : position + 2]
    if pair == "&&":
        return Token(Kind.AND, pair, position)
    if pair == "||":
        return Token(Kind.OR, pair, position)
    if pair in _SYMBOLS:
        return Token(Kind.OPERATOR, pair, position, _SYMBOLS[pair])
    if char == "!":
        bang_word = _BANG_WORDS.match(expression, position)
        if bang_word:
            operator = Operator.NOT_EXISTS if len(bang_word.group(1)) == 6 else Operator.NOT_IN
            return Token(Kind.OPERATOR, bang_word.group(0), position, operator)
        return Token(Kind.NOT, char, position)
    if char in "<>":
        return Token(Kind.OPERATOR, char, position, _SYMBOLS[char])
    word = _WORD.match(expression, position)
    if word is None:
        raise invalid(expression, f"unexpected character '{char}' at position {position}")
    return Token(Kind.WORD, word.group(0), position)
