"""CreateTaskSet, UpdateTaskSet, UpdateServicePrimaryTaskSet, DeleteTaskSet and
DescribeTaskSets, and the task set ARNs TagResource finds.

Only services with the EXTERNAL controller take task set changes; DescribeTaskSets
also shows a CODE_DEPLOY service's task sets. Every check runs before anything changes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.arns import parse_ecs_arn
from pytest_ecsmock.services.ecs.ecs_services import config
from pytest_ecsmock.services.ecs.ecs_services.model import ACTIVE, DRAINING, INACTIVE, PRIMARY
from pytest_ecsmock.services.ecs.ecs_services.task_sets import STABILIZING, TaskSet
from pytest_ecsmock.services.ecs.params import check_enum, check_enums
from pytest_ecsmock.services.ecs.tags import Taggable, parse_tags
from pytest_ecsmock.services.ecs.tasks import fargate

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend
    from pytest_ecsmock.services.ecs.clusters import Cluster
    from pytest_ecsmock.services.ecs.ecs_services.config import Revision
    from pytest_ecsmock.services.ecs.ecs_services.model import Service
    from pytest_ecsmock.services.ecs.ecs_services.store import ServiceStore

NOT_MANAGED = (
    "Amazon ECS only supports task set management on services configured to use external "
    "deployment controllers."
)
NOT_FOUND = "The specified task set does not exist."
INVALID_IDENTIFIER = "Task Set Identifier is invalid"
EMPTY = "TaskSets cannot be empty."
PRIMARY_NOT_DELETABLE = "Primary TaskSet cannot be deleted"
#: task sets a service can have, DRAINING ones included
MAX_TASK_SETS = 5
#: the scale of a task set created without one
DEFAULT_SCALE = 100.0
TASK_SET_FIELDS = ("TAGS",)
TASK_SET_ID = re.compile(r"^ecs-svc/\d{1,19}\Z")
CLIENT_TOKEN = re.compile(r"^[\x21-\x7e]{1,36}\Z")


# ---------------------------------------------------------------------- operations


def create_task_set(ecs: EcsBackend, params: dict[str, Any]) -> dict[str, Any]:
    """The new task set (tags included), or the one made with the same clientToken."""
    service = _service(ecs, params)
    token = params.get("clientToken")
    if token is not None:
        if not CLIENT_TOKEN.match(token):
            raise errors.InvalidParameterException(
                "clientToken must be 1 to 36 ASCII characters from ! to ~."
            )
        earlier = next((s for s in service.task_sets if s.client_token == token), None)
        if earlier is not None:
            return earlier.describe_set(service, True)
    if params.get("serviceRegistries"):
        raise errors.InvalidParameterException(
            "serviceRegistries is not supported by pytest-ecsmock yet."
        )
    if len(service.task_sets) >= MAX_TASK_SETS:
        raise errors.InvalidParameterException(
            f"{len(service.task_sets)} deployments exist on the service. Unable to create new "
            "TaskSet since this exceeds the maximum limit."
        )
    placed = bool(service.placement_constraints or service.placement_strategy)
    revision = task_set_revision(ecs.services, service.cluster, params, placed)
    scale = parse_scale(params.get("scale"), DEFAULT_SCALE)
    tags = parse_tags(params.get("tags"))
    task_set = new_task_set(
        ecs.services,
        service,
        revision,
        status=ACTIVE,
        scale=scale,
        external_id=params.get("externalId"),
        tags=tags,
        client_token=token,
    )
    return task_set.describe_set(service, True)


def update_task_set(ecs: EcsBackend, params: dict[str, Any]) -> dict[str, Any]:
    service = _service(ecs, params)
    task_set = _changeable(service, params["taskSet"])
    scale = parse_scale(params["scale"], 0.0)
    task_set.scale = scale
    task_set.updated_at = ecs.context.clock.now()
    ecs.services.scheduler.wake(service)
    return task_set.describe_set(service, False)


def update_primary(ecs: EcsBackend, params: dict[str, Any]) -> dict[str, Any]:
    service = _service(ecs, params)
    task_set = _changeable(service, params["primaryTaskSet"])
    if task_set.status == PRIMARY:
        return task_set.describe_set(service, False)
    now = ecs.context.clock.now()
    for other in service.task_sets:
        if other.status == PRIMARY:
            other.status, other.updated_at = ACTIVE, now
    task_set.status, task_set.updated_at = PRIMARY, now
    ecs.services.scheduler.wake(service)
    return task_set.describe_set(service, False)


def delete_task_set(ecs: EcsBackend, params: dict[str, Any]) -> dict[str, Any]:
    service = _service(ecs, params)
    task_set = _find(service, params["taskSet"])
    if task_set.status == DRAINING:
        return task_set.describe_set(service, False)
    if task_set.status == PRIMARY and not params.get("force"):
        raise errors.InvalidParameterException(PRIMARY_NOT_DELETABLE)
    task_set.status = DRAINING
    task_set.updated_at = ecs.context.clock.now()
    ecs.services.scheduler.wake(service)
    return task_set.describe_set(service, False)


def describe_task_sets(
    ecs: EcsBackend, params: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    cluster = ecs.cluster(params["cluster"])
    service = ecs.services.get(cluster, params["service"])
    if service.status == INACTIVE:
        raise errors.ServiceNotActiveException("Service was not ACTIVE.")
    if service.controller == "ECS":
        raise errors.InvalidParameterException(NOT_MANAGED)
    references = params.get("taskSets") or []
    if not references:
        raise errors.InvalidParameterException(EMPTY)
    check_enums(params.get("include") or [], TASK_SET_FIELDS, "include")
    with_tags = "TAGS" in (params.get("include") or [])
    for reference in references:
        _check_identifier(reference)
    found, failures = [], []
    for reference in references:
        task_set = _lookup(service, reference)
        if task_set is None:
            arn = reference
            if not reference.startswith("arn:"):
                arn = task_set_arn(ecs, service, reference)
            failures.append({"arn": arn, "reason": "MISSING"})
        else:
            found.append(task_set.describe_set(service, with_tags))
    return found, failures


def tagged_task_set(ecs: EcsBackend, resource_arn: str) -> Taggable:
    """The task set of a task set ARN (TagResource and friends)."""
    parsed = parse_ecs_arn(resource_arn)
    parts = parsed.resource.split("/", 2) if parsed is not None else []
    if len(parts) == 3:
        cluster = ecs.clusters.lookup(parts[0])
        service = None if cluster is None else ecs.services.services.get((cluster.arn, parts[1]))
        if service is not None:
            for task_set in service.task_sets:
                if task_set.arn == resource_arn:
                    return task_set
    raise errors.TaskSetNotFoundException(NOT_FOUND)


# ---------------------------------------------------------------------- making task sets


def task_set_revision(
    store: ServiceStore, cluster: Cluster, params: dict[str, Any], placed: bool
) -> Revision:
    """What a new task set runs, checked as CreateService checks a service's settings;
    a task set has at most one target group, and a Fargate one no placement (``placed``:
    its service has placement constraints or strategies)."""
    revision = config.parse_revision(store.ecs, cluster, params, None)
    if len(revision.load_balancers) > 1:
        raise errors.InvalidParameterException(
            "A task set can have only one load balancer target group."
        )
    if revision.launch_type == "FARGATE" and placed:
        raise errors.InvalidParameterException(
            "Task placement constraints and strategies are not supported for launch type FARGATE."
        )
    config.check_roles(store.context, revision)
    if revision.launch_type == "FARGATE":  # the task set shows the version it runs
        given = {"platformVersion": revision.platform_version}
        revision = replace(revision, platform_version=fargate.platform_version(given, "FARGATE"))
    return revision


def new_task_set(
    store: ServiceStore,
    service: Service,
    revision: Revision,
    *,
    status: str,
    scale: float,
    external_id: str | None = None,
    tags: dict[str, str] | None = None,
    client_token: str | None = None,
) -> TaskSet:
    context = store.context
    now = context.clock.now()
    task_set_id = f"ecs-svc/{context.ids.digits(19)}"
    task_set = TaskSet(
        id=task_set_id,
        revision=revision,
        created_at=now,
        status=status,
        arn=context.arn(f"task-set/{service.cluster.name}/{service.name}/{task_set_id}"),
        external_id=external_id,
        scale=scale,
        stability_status=STABILIZING,
        stability_status_at=now,
        tags=tags or {},
        client_token=client_token,
    )
    service.task_sets.append(task_set)
    service.steady = False
    store.scheduler.wake(service)
    return task_set


def parse_scale(given: dict[str, Any] | None, default: float) -> float:
    if given is None:
        return default
    check_enum(given.get("unit", "PERCENT"), ("PERCENT",), "scale.unit")
    value = given.get("value", 0.0)
    if not 0 <= value <= 100:
        raise errors.InvalidParameterException(
            f"The scale value {value:g} is not valid: it must be between 0 and 100 (percent "
            "of the service's desiredCount)."
        )
    return float(value)


def task_set_arn(ecs: EcsBackend, service: Service, task_set_id: str) -> str:
    return ecs.context.arn(f"task-set/{service.cluster.name}/{service.name}/{task_set_id}")


# ---------------------------------------------------------------------- finding


def _service(ecs: EcsBackend, params: dict[str, Any]) -> Service:
    """The ACTIVE EXTERNAL service a task set change names."""
    cluster = ecs.cluster(params["cluster"])
    service = ecs.services.get_active(cluster, params["service"])
    if service.controller != "EXTERNAL":
        raise errors.InvalidParameterException(NOT_MANAGED)
    return service


def _check_identifier(reference: str) -> None:
    if reference.startswith("arn:"):
        parsed = parse_ecs_arn(reference)
        if parsed is not None and parsed.resource_type == "task-set":
            return
    elif TASK_SET_ID.match(reference):
        return
    raise errors.InvalidParameterException(INVALID_IDENTIFIER)


def _lookup(service: Service, reference: str) -> TaskSet | None:
    key = "arn" if reference.startswith("arn:") else "id"
    return next((s for s in service.task_sets if getattr(s, key) == reference), None)


def _find(service: Service, reference: str) -> TaskSet:
    _check_identifier(reference)
    task_set = _lookup(service, reference)
    if task_set is None:
        raise errors.TaskSetNotFoundException(NOT_FOUND)
    return task_set


def _changeable(service: Service, reference: str) -> TaskSet:
    task_set = _find(service, reference)
    if task_set.status == DRAINING:
        raise errors.InvalidParameterException(
            f"The task set {task_set.id} is DRAINING (deleted) and cannot be changed."
        )
    return task_set
