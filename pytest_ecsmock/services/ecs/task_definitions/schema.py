"""The single-field rules of a task definition, kept as a JSON Schema
(``schemas/task_definition.json``), and the AWS error for the first rule broken."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.errors import ServiceError
from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.params import invalid_value

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

SCHEMA_FILE = "task_definition.json"
ERROR_KEYWORD = "x-aws-error"


def load_schema() -> dict[str, Any]:
    text = (
        resources.files("pytest_ecsmock.services.ecs")
        .joinpath("schemas")
        .joinpath(SCHEMA_FILE)
        .read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def validator() -> Draft202012Validator:
    # jsonschema is imported on first use: it costs a noticeable part of a second, and
    # most tests never register a task definition.  The schema itself is checked
    # against the meta-schema by the test suite, not at run time.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema())


def check_document(document: Mapping[str, Any]) -> None:
    """Raise the AWS error for the first rule of the schema that ``document`` breaks."""
    error = next(iter(validator().iter_errors(document)), None)
    if error is not None:
        raise aws_error(error)


def aws_error(error: ValidationError) -> ServiceError:
    keyword = str(error.validator)
    instance: Any = error.instance
    path = wire_path(error.absolute_path)
    if keyword == "required":
        required: list[str] = list(error.validator_value)  # type: ignore[arg-type]
        member = next(name for name in required if name not in instance)
        keyword, instance, path = f"required.{member}", None, join(path, member)
    declared = error.schema.get(ERROR_KEYWORD, {}) if isinstance(error.schema, dict) else {}
    chosen = declared.get(keyword)
    if chosen is not None:
        error_class: type[ServiceError] = getattr(errors, chosen["code"])
        return error_class(chosen["message"])
    return invalid_value(instance, path or "request", constraint(error, keyword))


def constraint(error: ValidationError, keyword: str) -> str:
    """How AWS's request validation words a broken constraint."""
    bound: Any = error.validator_value
    if keyword.startswith("required."):
        return "not be null"
    phrases = {
        "enum": lambda: "satisfy enum value set: [" + ", ".join(map(str, bound)) + "]",
        "minimum": lambda: f"have value greater than or equal to {bound}",
        "maximum": lambda: f"have value less than or equal to {bound}",
        "minLength": lambda: f"have length greater than or equal to {bound}",
        "maxLength": lambda: f"have length less than or equal to {bound}",
        "minItems": lambda: f"have length greater than or equal to {bound}",
        "maxItems": lambda: f"have length less than or equal to {bound}",
        "pattern": lambda: f"satisfy regular expression pattern: {bound}",
        "type": lambda: f"be of type {bound}",
    }
    phrase = phrases.get(keyword)
    return phrase() if phrase else error.message


def wire_path(parts: Iterable[str | int]) -> str:
    """``containerDefinitions.1.member.name``: members by name, list items from 1."""
    path = ""
    for part in parts:
        path = join(path, f"{part + 1}.member" if isinstance(part, int) else part)
    return path


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
