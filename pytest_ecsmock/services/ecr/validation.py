"""ECR's parameter checks, with the ``Invalid parameter at ...`` texts ECR answers."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pytest_ecsmock.errors import DOCS
from pytest_ecsmock.services.ecr import errors

#: the pattern the model declares and ECR enforces
REPOSITORY_NAME = re.compile(
    r"[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*"
)
#: the pattern ECR quotes in its error message (an older, equivalent spelling)
REPOSITORY_NAME_IN_MESSAGE = "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*"
NAME_MIN, NAME_MAX = 2, 256
REGISTRY_ID = re.compile(r"[0-9]{12}")


def invalid(parameter: str, constraint: str) -> errors.InvalidParameterException:
    return errors.InvalidParameterException(
        f"Invalid parameter at '{parameter}' failed to satisfy constraint: '{constraint}'"
    )


def not_supported(what: str) -> errors.InvalidParameterException:
    return errors.InvalidParameterException(
        f"{what} is not supported by pytest-ecsmock yet. See {DOCS}/services/ecr.md for "
        "what is covered; please open an issue if you need it."
    )


def check_repository_name(name: str, parameter: str = "repositoryName") -> None:
    if len(name) < NAME_MIN:
        raise invalid(parameter, f"must have length greater than or equal to {NAME_MIN}")
    if len(name) > NAME_MAX:
        raise invalid(parameter, f"must have length less than or equal to {NAME_MAX}")
    if not REPOSITORY_NAME.fullmatch(name):
        raise invalid(parameter, f"must satisfy regular expression '{REPOSITORY_NAME_IN_MESSAGE}'")


def check_registry_id(registry_id: str, parameter: str = "registryId") -> None:
    if not REGISTRY_ID.fullmatch(registry_id):
        raise invalid(parameter, f"must satisfy regular expression '{REGISTRY_ID.pattern}'")


def check_own_registry(registry_id: str | None, account_id: str) -> None:
    """A registry id, when given, must be the caller's own registry."""
    if registry_id is None:
        return
    check_registry_id(registry_id)
    if registry_id != account_id:
        raise not_supported(
            f"Access to the registry '{registry_id}' from account '{account_id}' "
            "(cross-account registry access)"
        )


def check_enum(value: str, allowed: Iterable[str], parameter: str) -> None:
    choices = list(allowed)
    if value not in choices:
        raise invalid(parameter, f"Member must satisfy enum value set: [{', '.join(choices)}]")


def check_max_results(value: int | None, high: int) -> None:
    if value is None:
        return
    if value < 1:
        raise invalid("maxResults", "Member must have value greater than or equal to 1")
    if value > high:
        raise invalid("maxResults", f"Member must have value less than or equal to {high}")
