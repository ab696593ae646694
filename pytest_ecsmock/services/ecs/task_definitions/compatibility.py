"""Where a task definition can run: the ``compatibilities`` ECS computes, and the
rules it enforces for each entry of ``requiresCompatibilities``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.task_definitions.sizes import (
    fargate_size_exists,
    no_fargate_size,
)

Document = dict[str, Any]
PRIVATE_ECR_IMAGE = re.compile(
    r"^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/", re.IGNORECASE
)
FARGATE_LOG_DRIVERS = ("awslogs", "splunk", "awsfirelens")
FARGATE_MAX_STOP_TIMEOUT = 120
FARGATE = "Tasks using the Fargate launch type"


def is_private_ecr(image: str) -> bool:
    return bool(PRIVATE_ECR_IMAGE.match(image))


def is_windows(document: Document) -> bool:
    family = document.get("runtimePlatform", {}).get("operatingSystemFamily", "LINUX")
    return str(family).startswith("WINDOWS")


def log_drivers(document: Document) -> set[str]:
    return {
        c["logConfiguration"]["logDriver"]
        for c in document["containerDefinitions"]
        if "logConfiguration" in c
    }


def fargate_problems(
    document: Document, cpu: int | None, memory: int | None
) -> Iterator[errors.ClientException]:
    """Why Fargate cannot run this task definition, most basic reason first."""
    if document.get("networkMode") != "awsvpc":
        yield errors.ClientException("Fargate only supports network mode \u2018awsvpc\u2019.")
    if cpu is None:
        yield errors.ClientException("Fargate requires that 'cpu' be defined at the task level.")
    if memory is None:
        yield errors.ClientException("Fargate requires that 'memory' be defined at the task level.")
    windows = is_windows(document)
    if (
        cpu is not None
        and memory is not None
        and not fargate_size_exists(cpu, memory, windows=windows)
    ):
        yield no_fargate_size(cpu, memory)
    if "ipcMode" in document:
        yield errors.ClientException(f"{FARGATE} do not support ipcMode.")
    if document.get("pidMode") == "host":
        yield errors.ClientException(
            f"{FARGATE} do not support pidMode 'host'. The supported value for pidMode is 'task'."
        )
    yield from _fargate_execution_role(document)
    yield from _fargate_containers(document)
    yield from _fargate_task_level(document)


def _fargate_execution_role(document: Document) -> Iterator[errors.ClientException]:
    if "executionRoleArn" in document:
        return
    if "awslogs" in log_drivers(document):
        yield errors.ClientException(
            "Fargate requires task definition to have execution role ARN to support log "
            "driver awslogs."
        )
    if any(is_private_ecr(c["image"]) for c in document["containerDefinitions"]):
        yield errors.ClientException(
            "Fargate requires task definition to have execution role ARN to support ECR images."
        )


def _fargate_containers(document: Document) -> Iterator[errors.ClientException]:
    for container in document["containerDefinitions"]:
        driver = container.get("logConfiguration", {}).get("logDriver")
        if driver is not None and driver not in FARGATE_LOG_DRIVERS:
            yield errors.ClientException(
                f"{FARGATE} support the log drivers awslogs, splunk and awsfirelens, not "
                f"'{driver}'."
            )
        if container.get("privileged"):
            yield errors.ClientException(f"{FARGATE} do not support privileged containers.")
        if container.get("linuxParameters", {}).get("devices"):
            yield errors.ClientException(f"{FARGATE} do not support linuxParameters.devices.")
        if container.get("stopTimeout", 0) > FARGATE_MAX_STOP_TIMEOUT:
            yield errors.ClientException(
                f"{FARGATE} must have a container stop timeout of at most "
                f"{FARGATE_MAX_STOP_TIMEOUT} seconds."
            )


def _fargate_task_level(document: Document) -> Iterator[errors.ClientException]:
    if document.get("placementConstraints"):
        yield errors.ClientException(f"{FARGATE} do not support placement constraints.")
    if document.get("inferenceAccelerators"):
        yield errors.ClientException(f"{FARGATE} do not support inference accelerators.")
    for volume in document.get("volumes", []):
        if "dockerVolumeConfiguration" in volume:
            yield errors.ClientException(f"{FARGATE} do not support Docker volumes.")
        if volume.get("host", {}).get("sourcePath"):
            yield errors.ClientException(
                f"{FARGATE} do not support host volumes with a sourcePath."
            )


def external_problems(document: Document) -> Iterator[errors.ClientException]:
    """Why an external instance (ECS Anywhere) cannot run this task definition."""
    external = "Tasks using the EXTERNAL launch type"
    if document.get("networkMode") == "awsvpc":
        yield errors.ClientException(f"{external} do not support network mode 'awsvpc'.")
    for volume in document.get("volumes", []):
        if "efsVolumeConfiguration" in volume or "fsxWindowsFileServerVolumeConfiguration" in (
            volume
        ):
            yield errors.ClientException(f"{external} do not support EFS or FSx volumes.")
    if "proxyConfiguration" in document:
        yield errors.ClientException(f"{external} do not support proxyConfiguration.")
    if document.get("inferenceAccelerators"):
        yield errors.ClientException(f"{external} do not support inference accelerators.")


def enforce_required(document: Document, cpu: int | None, memory: int | None) -> None:
    """Refuse the registration if a required compatibility cannot be met."""
    required = document.get("requiresCompatibilities", [])
    if "MANAGED_INSTANCES" in required:
        raise errors.InvalidParameterException(
            "requiresCompatibilities MANAGED_INSTANCES is not supported by pytest-ecsmock yet "
            "(ECS Managed Instances capacity providers are not simulated)."
        )
    if "FARGATE" in required:
        problem = next(fargate_problems(document, cpu, memory), None)
        if problem is not None:
            raise problem
    if "EXTERNAL" in required:
        problem = next(external_problems(document), None)
        if problem is not None:
            raise problem


def compatibilities(document: Document, cpu: int | None, memory: int | None) -> list[str]:
    found = ["EC2"]
    if next(external_problems(document), None) is None:
        found.insert(0, "EXTERNAL")
    if next(fargate_problems(document, cpu, memory), None) is None:
        found.append("FARGATE")
    if document.get("networkMode") == "awsvpc" and not is_windows(document):
        found.append("MANAGED_INSTANCES")
    return found
