"""``requiresAttributes``: the container instance capabilities a task definition needs,
named as the ECS agent registers them. Placement on EC2 matches them against the
attributes of container instances."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pytest_ecsmock.services.ecs.task_definitions.compatibility import is_private_ecr

Document = dict[str, Any]
LEGACY = "com.amazonaws.ecs.capability."
AGENT = "ecs.capability."
DOCKER_API = LEGACY + "docker-remote-api."


def required_attributes(document: Document) -> list[str]:
    """Attribute names in a stable order, each once."""
    return list(dict.fromkeys(_task_attributes(document)))


def _task_attributes(document: Document) -> Iterator[str]:
    execution_role = "executionRoleArn" in document
    if "taskRoleArn" in document:
        yield LEGACY + "task-iam-role"
    if document.get("networkMode") == "awsvpc":
        yield DOCKER_API + "1.18"
        yield AGENT + "task-eni"
    if "pidMode" in document or "ipcMode" in document:
        yield AGENT + "pid-ipc-namespace-sharing"
    if "proxyConfiguration" in document:
        yield AGENT + "aws-appmesh"
    for container in document["containerDefinitions"]:
        yield from _container_attributes(container, execution_role)
    yield from _volume_attributes(document.get("volumes", []))


def _container_attributes(container: Document, execution_role: bool) -> Iterator[str]:
    if is_private_ecr(container["image"]):
        yield LEGACY + "ecr-auth"
        if execution_role:
            yield AGENT + "execution-role-ecr-pull"
    log = container.get("logConfiguration")
    if log is not None:
        yield from _log_attributes(log, execution_role)
    if container.get("ulimits") or container.get("dockerLabels"):
        yield DOCKER_API + "1.18"
    if container.get("privileged"):
        yield LEGACY + "privileged-container"
    if container.get("linuxParameters", {}).get("initProcessEnabled"):
        yield DOCKER_API + "1.25"
    if "healthCheck" in container:
        yield AGENT + "container-health-check"
    if container.get("dependsOn"):
        yield AGENT + "container-ordering"
    if "repositoryCredentials" in container:
        yield AGENT + "private-registry-authentication.secretsmanager"
    if container.get("environmentFiles"):
        yield AGENT + "env-files.s3"
    for secret in container.get("secrets", []):
        yield AGENT + f"secrets.{_secret_store(secret['valueFrom'])}.environment-variables"
    firelens = container.get("firelensConfiguration")
    if firelens is not None:
        yield AGENT + f"firelens.{firelens['type']}"
        config_type = firelens.get("options", {}).get("config-file-type")
        if config_type in ("file", "s3"):
            yield AGENT + f"firelens.options.config.{config_type}"


def _log_attributes(log: Document, execution_role: bool) -> Iterator[str]:
    driver = log["logDriver"]
    yield LEGACY + f"logging-driver.{driver}"
    yield DOCKER_API + "1.18"
    if driver in ("awslogs", "fluentd"):
        yield DOCKER_API + "1.19"
    if driver == "awslogs":
        if execution_role:
            yield AGENT + "execution-role-awslogs"
        if log.get("options", {}).get("awslogs-create-group") == "true":
            yield DOCKER_API + "1.29"
    for secret in log.get("secretOptions", []):
        yield AGENT + f"secrets.{_secret_store(secret['valueFrom'])}.bootstrap.log-driver"


def _secret_store(value_from: str) -> str:
    return "asm" if ":secretsmanager:" in value_from else "ssm"


def _volume_attributes(volumes: list[Document]) -> Iterator[str]:
    for volume in volumes:
        efs = volume.get("efsVolumeConfiguration")
        if efs is not None:
            yield AGENT + "efs"
            yield DOCKER_API + "1.25"
            if "authorizationConfig" in efs or efs.get("transitEncryption") == "ENABLED":
                yield AGENT + "efsAuth"
        docker = volume.get("dockerVolumeConfiguration")
        if docker is not None:
            yield DOCKER_API + "1.25"
            driver = docker.get("driver")
            if driver and driver != "local":
                yield AGENT + f"docker-plugin.{driver}"
        if "fsxWindowsFileServerVolumeConfiguration" in volume:
            yield AGENT + "fsxWindowsFileServer"
