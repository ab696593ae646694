"""Capacity providers: the built-in FARGATE and FARGATE_SPOT, and the Auto Scaling
group providers of CreateCapacityProvider.

A provider keeps its group's ARN; a container instance belongs to the group named by
``join_instance(..., auto_scaling_group=...)`` (kept here, by container instance ARN).
The groups a test declares, and how managed scaling grows and shrinks them, are in
:mod:`pytest_ecsmock.services.ecs.managed_scaling`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.arns import own_resource
from pytest_ecsmock.services.ecs.params import check_enum, invalid_value
from pytest_ecsmock.services.ecs.tags import parse_tags, tag_list
from pytest_ecsmock.services.paging import BadToken, paginate

FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}\Z")
RESERVED_PREFIXES = ("aws", "ecs", "fargate")
ASG_ARN = re.compile(
    r"^arn:aws[a-z-]*:autoscaling:[a-z0-9-]+:\d{12}:autoScalingGroup:"
    r"[0-9a-f-]{36}:autoScalingGroupName/(?P<name>[\w.@+=,-]{1,255})\Z"
)
ON_OFF = ("ENABLED", "DISABLED")
MAX_DESCRIBE_PAGE = 10
#: seconds AWS takes to delete a provider (DELETE_IN_PROGRESS, then INACTIVE)
DELETE_SECONDS = 30.0
SCALING_LIMITS = {
    "targetCapacity": (1, 100),
    "minimumScalingStepSize": (1, 10000),
    "maximumScalingStepSize": (1, 10000),
    "instanceWarmupPeriod": (0, 10000),
}
SCALING_DEFAULTS: dict[str, Any] = {
    "status": "DISABLED",
    "targetCapacity": 100,
    "minimumScalingStepSize": 1,
    "maximumScalingStepSize": 10000,
    "instanceWarmupPeriod": 300,
}
DOES_NOT_EXIST = "The specified capacity provider does not exist. Specify a valid name or ARN."
ALREADY_EXISTS = (
    "The specified capacity provider already exists. To change the configuration of an "
    "existing capacity provider, update the capacity provider."
)
ASG_IN_USE = (
    "The specified Auto Scaling group ARN is already being used by another capacity "
    "provider. Specify a unique Auto Scaling group ARN and try again."
)
IN_USE = "The specified capacity provider is in use and cannot be removed."


@dataclass
class CapacityProvider:
    name: str
    arn: str
    group_arn: str
    scaling: dict[str, Any]
    termination_protection: str
    draining: str
    tags: dict[str, str] = field(default_factory=dict)
    status: str = "ACTIVE"
    update_status: str | None = None

    @property
    def group_name(self) -> str:
        return self.group_arn.rsplit("/", 1)[1]

    @property
    def active(self) -> bool:
        return self.status == "ACTIVE" and self.update_status != "DELETE_IN_PROGRESS"

    def describe(self, with_tags: bool = True) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "capacityProviderArn": self.arn,
            "name": self.name,
            "status": self.status,
            "type": "EC2_AUTOSCALING",
            "autoScalingGroupProvider": {
                "autoScalingGroupArn": self.group_arn,
                "managedScaling": dict(self.scaling),
                "managedTerminationProtection": self.termination_protection,
                "managedDraining": self.draining,
            },
        }
        if self.update_status is not None:
            answer["updateStatus"] = self.update_status
        if with_tags:
            answer["tags"] = tag_list(self.tags)
        return answer


def _scaling(given: Mapping[str, Any] | None, base: Mapping[str, Any]) -> dict[str, Any]:
    path = "autoScalingGroupProvider.managedScaling"
    scaling = dict(base)
    for key, value in (given or {}).items():
        if value is None:
            continue
        if key == "status":
            check_enum(value, ON_OFF, f"{path}.status")
        else:
            low, high = SCALING_LIMITS[key]
            if not low <= value <= high:
                raise invalid_value(value, f"{path}.{key}", f"have value between {low} and {high}")
        scaling[key] = value
    if scaling["minimumScalingStepSize"] > scaling["maximumScalingStepSize"]:
        raise errors.InvalidParameterException(
            "The managed scaling minimumScalingStepSize cannot be greater than "
            "maximumScalingStepSize."
        )
    return scaling


def _on_off(value: Any, default: str, member: str) -> str:
    if value is None:
        return default
    check_enum(value, ON_OFF, f"autoScalingGroupProvider.{member}")
    return str(value)


def _check_protection(protection: str, scaling: Mapping[str, Any]) -> None:
    if protection == "ENABLED" and scaling["status"] != "ENABLED":
        raise errors.InvalidParameterException(
            "The managed termination protection setting for the capacity provider is "
            "invalid. To enable managed termination protection for a capacity provider, "
            "managed scaling must be enabled."
        )


class CapacityProviderStore:
    def __init__(self, context: BackendContext, clusters_using: Callable[[str], list[str]]):
        self.context = context
        #: names of the ACTIVE clusters a provider is associated with
        self.clusters_using = clusters_using
        self.providers: dict[str, CapacityProvider] = {}
        #: container instance ARN -> the Auto Scaling group name it was launched by
        self.instance_groups: dict[str, str] = {}
        #: called with a provider after UpdateCapacityProvider changed it
        self.updated: list[Callable[[CapacityProvider], None]] = []

    def arn(self, name: str) -> str:
        return self.context.arn(f"capacity-provider/{name}")

    def lookup(self, reference: str) -> CapacityProvider | None:
        name = own_resource(reference, "capacity-provider", self.context)
        return None if name is None else self.providers.get(name)

    def get_active(self, reference: str) -> CapacityProvider:
        found = self.lookup(reference)
        if found is None or found.status != "ACTIVE":
            raise errors.ClientException(DOES_NOT_EXIST)
        return found

    def builtin(self, name: str) -> dict[str, Any]:
        return {
            "capacityProviderArn": self.arn(name),
            "name": name,
            "status": "ACTIVE",
            "type": name,
            "tags": [],
        }

    # ------------------------------------------------------------------ operations

    def create(self, params: dict[str, Any]) -> CapacityProvider:
        name = params["name"]
        _reject_unsupported(params)
        if not NAME.match(name):
            raise errors.ClientException(
                "The specified capacity provider name is invalid. Up to 255 characters are "
                "allowed, including letters (upper and lowercase), numbers, underscores, and "
                "hyphens."
            )
        if name.lower().startswith(RESERVED_PREFIXES):
            raise errors.ClientException(
                "The specified capacity provider name is invalid. Capacity provider names "
                'cannot be prefixed with "aws", "ecs", or "fargate".'
            )
        group = params.get("autoScalingGroupProvider")
        if group is None:
            raise errors.InvalidParameterException(
                "autoScalingGroupProvider must be given (managedInstancesProvider is not "
                "supported by pytest-ecsmock yet)."
            )
        group_arn = group["autoScalingGroupArn"]
        if not ASG_ARN.match(group_arn):
            raise errors.ClientException(
                f"The specified Auto Scaling group ARN '{group_arn}' is invalid; expected "
                "arn:aws:autoscaling:<region>:<account>:autoScalingGroup:<uuid>:"
                "autoScalingGroupName/<name>."
            )
        scaling = _scaling(group.get("managedScaling"), SCALING_DEFAULTS)
        protection = _on_off(
            group.get("managedTerminationProtection"), "DISABLED", "managedTerminationProtection"
        )
        draining = _on_off(group.get("managedDraining"), "ENABLED", "managedDraining")
        _check_protection(protection, scaling)
        tags = parse_tags(params.get("tags"))
        existing = self.providers.get(name)
        if existing is not None and existing.status != "INACTIVE":
            raise errors.ClientException(ALREADY_EXISTS)
        if any(
            p.group_arn == group_arn and p.status != "INACTIVE" for p in self.providers.values()
        ):
            raise errors.ClientException(ASG_IN_USE)
        provider = CapacityProvider(
            name, self.arn(name), group_arn, scaling, protection, draining, tags
        )
        self.providers[name] = provider
        return provider

    def describe(
        self, params: dict[str, Any]
    ) -> tuple[list[dict[str, Any]], list[dict[str, str]], str | None]:
        include = params.get("include") or []
        for index, value in enumerate(include, start=1):
            check_enum(value, ("TAGS",), f"include.{index}.member")
        with_tags = "TAGS" in include
        names = params.get("capacityProviders")
        if names:
            found, failures = [], []
            for reference in names:
                short = own_resource(reference, "capacity-provider", self.context) or reference
                provider = self.providers.get(short)
                if short in FARGATE_PROVIDERS:
                    found.append(self._builtin_view(short, with_tags))
                elif provider is None:
                    arn = reference if reference.startswith("arn:") else self.arn(reference)
                    failures.append({"arn": arn, "reason": "MISSING"})
                else:
                    found.append(provider.describe(with_tags))
            return found, failures, None
        listed: list[str] = list(FARGATE_PROVIDERS) + sorted(
            name for name, p in self.providers.items() if p.status != "INACTIVE"
        )
        max_results = params.get("maxResults")
        if max_results is not None and not 1 <= max_results <= MAX_DESCRIBE_PAGE:
            raise errors.InvalidParameterException(
                f"maxResults must be between 1 and {MAX_DESCRIBE_PAGE}, not {max_results}."
            )
        try:
            names_page, token = paginate(
                listed,
                max_results=max_results,
                token=params.get("nextToken"),
                default=MAX_DESCRIBE_PAGE,
                key=lambda name: name,
            )
        except BadToken as exc:
            raise errors.InvalidParameterException(
                "The nextToken is not valid; pass the nextToken of an earlier answer unchanged."
            ) from exc
        views = [
            self._builtin_view(n, with_tags)
            if n in FARGATE_PROVIDERS
            else self.providers[n].describe(with_tags)
            for n in names_page
        ]
        return views, [], token

    def _builtin_view(self, name: str, with_tags: bool) -> dict[str, Any]:
        view = self.builtin(name)
        if not with_tags:
            del view["tags"]
        return view

    def update(self, params: dict[str, Any]) -> CapacityProvider:
        _reject_unsupported(params)
        provider = self._own(params["name"])
        group = params.get("autoScalingGroupProvider")
        if group is None:
            raise errors.InvalidParameterException(
                "autoScalingGroupProvider must be given (managedInstancesProvider is not "
                "supported by pytest-ecsmock yet)."
            )
        scaling = _scaling(group.get("managedScaling"), provider.scaling)
        protection = _on_off(
            group.get("managedTerminationProtection"),
            provider.termination_protection,
            "managedTerminationProtection",
        )
        draining = _on_off(group.get("managedDraining"), provider.draining, "managedDraining")
        _check_protection(protection, scaling)
        provider.scaling = scaling
        provider.termination_protection = protection
        provider.draining = draining
        provider.update_status = "UPDATE_IN_PROGRESS"

        def complete() -> None:
            if provider.update_status == "UPDATE_IN_PROGRESS":
                provider.update_status = "UPDATE_COMPLETE"

        self.context.clock.after(5, complete)
        for listener in self.updated:
            listener(provider)
        return provider

    def delete(self, params: dict[str, Any]) -> CapacityProvider:
        _reject_unsupported(params)
        provider = self._own(params["capacityProvider"])
        if self.clusters_using(provider.name):
            raise errors.ClientException(IN_USE)
        provider.update_status = "DELETE_IN_PROGRESS"
        answer = copy.deepcopy(provider)

        def complete() -> None:
            provider.status = "INACTIVE"
            provider.update_status = "DELETE_COMPLETE"

        self.context.clock.after(DELETE_SECONDS, complete)
        return answer

    def _own(self, reference: str) -> CapacityProvider:
        short = own_resource(reference, "capacity-provider", self.context) or reference
        if short in FARGATE_PROVIDERS:
            raise errors.ClientException(
                f"The {short} capacity provider is reserved and cannot be changed or deleted."
            )
        found = self.providers.get(short)
        if found is None or not found.active:
            raise errors.ClientException(DOES_NOT_EXIST)
        return found

    # ------------------------------------------------------------------ for other parts

    def check_associable(self, names: Iterable[str], cluster_name: str) -> None:
        """Each non-Fargate name must be an ACTIVE provider of no other cluster."""
        for name in names:
            if name in FARGATE_PROVIDERS:
                continue
            found = self.providers.get(name)
            if found is None or not found.active:
                raise errors.InvalidParameterException(
                    f"The specified capacity provider '{name}' does not exist or is not ACTIVE."
                    " Specify a valid capacity provider and try again."
                )
            others = [c for c in self.clusters_using(name) if c != cluster_name]
            if others:
                raise errors.InvalidParameterException(
                    f"The capacity provider '{name}' is already associated with the cluster "
                    f"'{others[0]}'; an Auto Scaling group capacity provider can be "
                    "associated with one cluster only."
                )


def _reject_unsupported(params: Mapping[str, Any]) -> None:
    for member in ("managedInstancesProvider", "cluster"):
        if params.get(member) is not None:
            raise errors.InvalidParameterException(
                f"{member} (Amazon ECS Managed Instances) is not supported by pytest-ecsmock yet."
            )
