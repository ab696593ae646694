"""Task definition families and revisions: register, find, list, deregister, delete."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.ecs.arns import own_resource, resolve_role
from pytest_ecsmock.services.ecs.params import check_enum, page
from pytest_ecsmock.services.ecs.tags import parse_tags
from pytest_ecsmock.services.ecs.task_definitions import compatibility, rules
from pytest_ecsmock.services.ecs.task_definitions.attributes import required_attributes
from pytest_ecsmock.services.ecs.task_definitions.model import (
    TaskDefinition,
    normalized_document,
)
from pytest_ecsmock.services.ecs.task_definitions.schema import check_document
from pytest_ecsmock.services.ecs.task_definitions.sizes import (
    parse_task_cpu,
    parse_task_memory,
)
from pytest_ecsmock.services.ecs.usage import UsageSources

FAMILY = re.compile(r"^[A-Za-z0-9_-]{1,255}\Z")
STATUSES = ("ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS")
FAMILY_STATUSES = ("ACTIVE", "INACTIVE", "ALL")
SORT_ORDERS = ("ASC", "DESC")
MAX_DELETE = 10
#: how long a deleted revision stays DELETE_IN_PROGRESS when nothing uses it; AWS
#: gives no figure, and it is checked again as long as a task or service needs it
PURGE_DELAY_SECONDS = 3600
NOT_DESCRIBABLE = "Unable to describe task definition."
DOES_NOT_EXIST = "The specified task definition does not exist."


@dataclass
class Family:
    name: str
    #: the last revision number handed out; it never goes back, even after deletion
    last_revision: int = 0
    revisions: dict[int, TaskDefinition] = field(default_factory=dict)

    def latest_active(self) -> TaskDefinition | None:
        active = [td for td in self.revisions.values() if td.status == "ACTIVE"]
        return max(active, key=lambda td: td.revision, default=None)


def _revision_key(td: TaskDefinition) -> str:
    return f"{td.family}\x00{td.revision:010d}"


def _descending_key(td: TaskDefinition) -> str:
    """A key that sorts ascending in DESC order, so that tokens survive changes."""
    inverted = "".join(chr(0x7F - ord(char)) for char in td.family)
    return f"{inverted}\x7f{10**10 - td.revision:010d}"


class TaskDefinitionStore:
    def __init__(self, context: BackendContext, usage: UsageSources) -> None:
        self.context = context
        self.usage = usage
        self.families: dict[str, Family] = {}

    def arn(self, family: str, revision: int) -> str:
        return self.context.arn(f"task-definition/{family}:{revision}")

    # ------------------------------------------------------------------ finding

    def parse_reference(self, reference: str) -> tuple[str, int | None] | None:
        """``(family, revision)`` of ``family``, ``family:revision`` or an ARN of ours."""
        text = own_resource(reference, "task-definition", self.context)
        if text is None:
            return None
        family, colon, revision = text.partition(":")
        if not FAMILY.match(family):
            return None
        if not colon:
            return family, None
        if not (revision.isascii() and revision.isdigit()) or int(revision) < 1:
            return None
        return family, int(revision)

    def resolve(self, reference: str) -> TaskDefinition | None:
        """The revision named, or the latest ACTIVE one for a bare family."""
        parsed = self.parse_reference(reference)
        family = self.families.get(parsed[0]) if parsed else None
        if parsed is None or family is None:
            return None
        if parsed[1] is None:
            return family.latest_active()
        return family.revisions.get(parsed[1])

    def get(self, reference: str) -> TaskDefinition:
        found = self.resolve(reference)
        if found is None:
            raise errors.ClientException(NOT_DESCRIBABLE)
        return found

    def all(self) -> list[TaskDefinition]:
        return [td for family in self.families.values() for td in family.revisions.values()]

    # ------------------------------------------------------------------ registering

    def register(self, params: dict[str, Any]) -> TaskDefinition:
        check_document(params)
        tags = parse_tags(params.get("tags"))
        cpu = parse_task_cpu(params["cpu"]) if "cpu" in params else None
        memory = parse_task_memory(params["memory"]) if "memory" in params else None
        partition, account = self.context.partition, self.context.account_id
        roles = {
            member: resolve_role(params[member], partition=partition, account=account)
            for member in ("taskRoleArn", "executionRoleArn")
            if member in params
        }
        rules.check(params, cpu=cpu, memory=memory)
        compatibility.enforce_required(params, cpu, memory)
        document = normalized_document(
            params,
            cpu=cpu,
            memory=memory,
            task_role=roles.get("taskRoleArn"),
            execution_role=roles.get("executionRoleArn"),
        )
        family = self.families.setdefault(params["family"], Family(params["family"]))
        revision = family.last_revision + 1
        definition = TaskDefinition(
            family=family.name,
            revision=revision,
            arn=self.arn(family.name, revision),
            document=document,
            requires_attributes=required_attributes(document),
            compatibilities=compatibility.compatibilities(document, cpu, memory),
            registered_at=self.context.clock.now(),
            registered_by=f"arn:{partition}:iam::{account}:root",
            tags=tags,
        )
        family.last_revision = revision
        family.revisions[revision] = definition
        return definition

    # ------------------------------------------------------------------ listing

    def list_arns(self, params: dict[str, Any]) -> tuple[list[str], str | None]:
        status = params.get("status", "ACTIVE")
        check_enum(status, STATUSES, "status")
        order = params.get("sort", "ASC")
        check_enum(order, SORT_ORDERS, "sort")
        family = params.get("familyPrefix")
        chosen = [
            td
            for td in self.all()
            if td.status == status and (family is None or td.family == family)
        ]
        descending = order == "DESC"
        chosen.sort(key=lambda td: (td.family, td.revision), reverse=descending)
        found, token = page(chosen, params, key=_descending_key if descending else _revision_key)
        return [td.arn for td in found], token

    def list_families(self, params: dict[str, Any]) -> tuple[list[str], str | None]:
        status = params.get("status", "ALL")
        check_enum(status, FAMILY_STATUSES, "status")
        prefix = params.get("familyPrefix", "")
        names = []
        for name, family in sorted(self.families.items()):
            if not family.revisions or not name.startswith(prefix):
                continue
            active = family.latest_active() is not None
            if status == "ALL" or (status == "ACTIVE") == active:
                names.append(name)
        return page(names, params, key=lambda name: name)

    # ------------------------------------------------------------------ retiring

    def deregister(self, reference: str) -> TaskDefinition:
        parsed = self.parse_reference(reference)
        if parsed is not None and parsed[1] is None:
            raise errors.ClientException("Revision is missing.")
        found = self.resolve(reference)
        if found is None:
            raise errors.ClientException(DOES_NOT_EXIST)
        if found.status == "DELETE_IN_PROGRESS":
            raise errors.ClientException(
                "The task definition could not be deregistered because it is in the process "
                "of being deleted."
            )
        if found.status == "ACTIVE":
            found.status = "INACTIVE"
            found.deregistered_at = self.context.clock.now()
        return found

    def delete(self, references: list[str]) -> tuple[list[TaskDefinition], list[dict[str, str]]]:
        if not references:
            raise errors.InvalidParameterException("taskDefinitions can not be empty.")
        if len(references) > MAX_DELETE:
            raise errors.InvalidParameterException(
                f"taskDefinitions can have at most {MAX_DELETE} items."
            )
        deleted: list[TaskDefinition] = []
        failures: list[dict[str, str]] = []
        for reference in references:
            parsed = self.parse_reference(reference)
            found = self.resolve(reference) if parsed and parsed[1] is not None else None
            if parsed is None or parsed[1] is None:
                reason = (
                    "The specified task definition identifier is invalid. Specify a valid "
                    "name or ARN and try again."
                )
            elif found is None:
                reason = (
                    f"{DOES_NOT_EXIST} Specify a valid account, family, revision and try again."
                )
            elif found.status == "ACTIVE":
                reason = (
                    "The specified task definition is still in ACTIVE status. Please "
                    "deregister the target and try again."
                )
            else:
                self._request_deletion(found)
                deleted.append(found)
                continue
            failures.append({"arn": found.arn if found else reference, "reason": reason})
        return deleted, failures

    def _request_deletion(self, definition: TaskDefinition) -> None:
        if definition.status == "DELETE_IN_PROGRESS":
            return
        definition.status = "DELETE_IN_PROGRESS"
        definition.delete_requested_at = self.context.clock.now()
        self.context.clock.call_later(PURGE_DELAY_SECONDS, lambda: self._purge(definition))

    def _purge(self, definition: TaskDefinition) -> None:
        """Remove a deleted revision for good once no task or service needs it."""
        if self.usage.task_definition_in_use(definition.arn):
            self.context.clock.call_later(PURGE_DELAY_SECONDS, lambda: self._purge(definition))
            return
        family = self.families.get(definition.family)
        if family is not None and family.revisions.get(definition.revision) is definition:
            del family.revisions[definition.revision]
