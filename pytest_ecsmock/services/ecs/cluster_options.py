"""The optional parts of a cluster: settings, configuration and capacity providers."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.params import check_enum, invalid_value

SETTING_NAMES = ("containerInsights",)
CONTAINER_INSIGHTS = ("enabled", "disabled", "enhanced")
DEFAULT_SETTINGS = {"containerInsights": "disabled"}
EXEC_LOGGING = ("NONE", "DEFAULT", "OVERRIDE")
#: the capacity providers every account has (Auto Scaling group providers are made
#: with CreateCapacityProvider)
FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
MAX_WEIGHT = 1000
MAX_BASE = 100000
MAX_STRATEGY = 20
MIXED = (
    "A capacity provider strategy cannot contain a mix of capacity providers using Auto "
    "Scaling groups and Fargate providers. Specify one or the other and try again."
)


def parse_settings(settings: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    parsed: dict[str, str] = {}
    for index, setting in enumerate(settings, start=1):
        name = setting.get("name")
        check_enum(name, SETTING_NAMES, f"settings.{index}.member.name")
        value = setting.get("value")
        if value not in CONTAINER_INSIGHTS:
            raise errors.InvalidParameterException("Invalid setting 'value'")
        parsed[str(name)] = value
    return parsed


def settings_list(settings: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in settings.items()]


def parse_configuration(configuration: Mapping[str, Any]) -> dict[str, Any]:
    execute = configuration.get("executeCommandConfiguration")
    if execute is not None:
        logging = execute.get("logging")
        if logging is not None:
            check_enum(logging, EXEC_LOGGING, "configuration.executeCommandConfiguration.logging")
        if logging == "OVERRIDE" and execute.get("logConfiguration") is None:
            raise errors.InvalidParameterException(
                "executeCommandConfiguration.logConfiguration must be given when logging "
                "is OVERRIDE."
            )
    return copy.deepcopy(dict(configuration))


def reject_service_connect(params: Mapping[str, Any]) -> None:
    if params.get("serviceConnectDefaults") is not None:
        raise errors.InvalidParameterException(
            "serviceConnectDefaults is not supported by pytest-ecsmock yet (it needs AWS "
            "Cloud Map namespaces); leave it out."
        )


def parse_capacity_providers(providers: Iterable[str]) -> list[str]:
    parsed: list[str] = []
    for name in providers:
        if name in parsed:
            raise errors.InvalidParameterException(
                f"The capacity provider '{name}' is listed more than once."
            )
        parsed.append(name)
    return parsed


def parse_strategy(
    strategy: Iterable[Mapping[str, Any]], providers: list[str], member: str
) -> list[dict[str, Any]]:
    """A capacity provider strategy whose providers must belong to ``providers``."""
    parsed: list[dict[str, Any]] = []
    strategy = list(strategy)
    if len(strategy) > MAX_STRATEGY:
        raise invalid_value(
            f"[{len(strategy)} items]", member, f"have length less than or equal to {MAX_STRATEGY}"
        )
    for index, item in enumerate(strategy, start=1):
        path = f"{member}.{index}.member"
        name = item["capacityProvider"]
        weight = item.get("weight", 0)
        base = item.get("base", 0)
        if not 0 <= weight <= MAX_WEIGHT:
            raise invalid_value(weight, f"{path}.weight", f"have value between 0 and {MAX_WEIGHT}")
        if not 0 <= base <= MAX_BASE:
            raise invalid_value(base, f"{path}.base", f"have value between 0 and {MAX_BASE}")
        if name not in providers:
            raise errors.InvalidParameterException(
                "The specified capacity provider strategy cannot contain a capacity provider "
                "that is not associated with the cluster. Associate the capacity provider "
                "with the cluster or specify a valid capacity provider and try again."
            )
        if any(known["capacityProvider"] == name for known in parsed):
            raise errors.InvalidParameterException(
                f"The capacity provider strategy lists '{name}' more than once."
            )
        parsed.append({"capacityProvider": name, "weight": weight, "base": base})
    fargate = {item["capacityProvider"] in FARGATE_PROVIDERS for item in parsed}
    if len(fargate) > 1:
        raise errors.InvalidParameterException(MIXED)
    if sum(1 for item in parsed if item["base"] > 0) > 1:
        raise errors.InvalidParameterException(
            "Only one capacity provider in a capacity provider strategy can have a base."
        )
    if len(parsed) > 1 and all(item["weight"] == 0 for item in parsed):
        raise errors.InvalidParameterException(
            "At least one capacity provider in a capacity provider strategy must have a "
            "weight greater than zero."
        )
    return parsed
