from __future__ import annotations

import pytest
from ecs_helpers import raises_aws, register, task_definition_arn

from pytest_ecsmock.services.ecs.task_definitions.store import PURGE_DELAY_SECONDS

STILL_ACTIVE = (
    "The specified task definition is still in ACTIVE status. Please deregister the target "
    "and try again."
)
DOES_NOT_EXIST = (
    "The specified task definition does not exist. Specify a valid account, family, revision "
    "and try again."
)
INVALID_IDENTIFIER = (
    "The specified task definition identifier is invalid. Specify a valid name or ARN and try "
    "again."
)


def arns(*pairs):
    return [task_definition_arn(family, revision) for family, revision in pairs]


@pytest.fixture
def three_families(ecs):
    for family in ["web", "api", "web", "worker", "api", "web"]:
        register(ecs, family)
    ecs.deregister_task_definition(taskDefinition="web:2")


def test_list_task_definitions_lists_active_revisions_by_family_and_revision(ecs, three_families):
    listed = ecs.list_task_definitions()["taskDefinitionArns"]

    assert listed == arns(("api", 1), ("api", 2), ("web", 1), ("web", 3), ("worker", 1))


def test_list_task_definitions_sorted_descending(ecs, three_families):
    listed = ecs.list_task_definitions(sort="DESC")["taskDefinitionArns"]

    assert listed == arns(("worker", 1), ("web", 3), ("web", 1), ("api", 2), ("api", 1))


def test_list_task_definitions_family_prefix_is_the_whole_family_name(ecs, three_families):
    register(ecs, "web-admin")

    listed = ecs.list_task_definitions(familyPrefix="web")["taskDefinitionArns"]

    assert listed == arns(("web", 1), ("web", 3))


def test_list_task_definitions_by_status(ecs, three_families):
    ecs.deregister_task_definition(taskDefinition="api:1")
    ecs.delete_task_definitions(taskDefinitions=["api:1"])

    inactive = ecs.list_task_definitions(status="INACTIVE")["taskDefinitionArns"]
    deleting = ecs.list_task_definitions(status="DELETE_IN_PROGRESS")["taskDefinitionArns"]

    assert inactive == arns(("web", 2))
    assert deleting == arns(("api", 1))


def test_list_task_definitions_refuses_unknown_status_and_sort(ecs):
    message = (
        "1 validation error detected: Value 'GONE' at 'status' failed to satisfy constraint: "
        "Member must satisfy enum value set: [ACTIVE, INACTIVE, DELETE_IN_PROGRESS]"
    )
    with raises_aws("InvalidParameterException", message):
        ecs.list_task_definitions(status="GONE")
    message = (
        "1 validation error detected: Value 'UP' at 'sort' failed to satisfy constraint: "
        "Member must satisfy enum value set: [ASC, DESC]"
    )
    with raises_aws("InvalidParameterException", message):
        ecs.list_task_definitions(sort="UP")


@pytest.mark.parametrize("order", ["ASC", "DESC"])
def test_list_task_definitions_pages_in_either_order(ecs, three_families, order):
    everything = ecs.list_task_definitions(sort=order)["taskDefinitionArns"]

    pages = list(
        ecs.get_paginator("list_task_definitions").paginate(
            sort=order, PaginationConfig={"PageSize": 2}
        )
    )

    assert [len(p["taskDefinitionArns"]) for p in pages] == [2, 2, 1]
    assert [arn for p in pages for arn in p["taskDefinitionArns"]] == everything


def test_a_page_token_survives_the_deletion_of_the_last_item_it_showed(ecs, three_families):
    first = ecs.list_task_definitions(sort="DESC", maxResults=2)
    ecs.deregister_task_definition(taskDefinition="web:3")

    rest = ecs.list_task_definitions(sort="DESC", nextToken=first["nextToken"])

    assert first["taskDefinitionArns"] == arns(("worker", 1), ("web", 3))
    assert rest["taskDefinitionArns"] == arns(("web", 1), ("api", 2), ("api", 1))


def test_list_task_definition_families_lists_all_by_default(ecs, three_families):
    for revision in (1, 3):
        ecs.deregister_task_definition(taskDefinition=f"web:{revision}")

    assert ecs.list_task_definition_families()["families"] == ["api", "web", "worker"]
    assert ecs.list_task_definition_families(status="ALL")["families"] == [
        "api",
        "web",
        "worker",
    ]
    assert ecs.list_task_definition_families(status="ACTIVE")["families"] == ["api", "worker"]
    assert ecs.list_task_definition_families(status="INACTIVE")["families"] == ["web"]


def test_list_task_definition_families_by_prefix(ecs, three_families):
    register(ecs, "web-admin")

    assert ecs.list_task_definition_families(familyPrefix="w")["families"] == [
        "web",
        "web-admin",
        "worker",
    ]
    assert ecs.list_task_definition_families(familyPrefix="web-")["families"] == ["web-admin"]


def test_list_task_definition_families_pages(ecs):
    for index in range(5):
        register(ecs, f"family-{index}")

    pages = list(
        ecs.get_paginator("list_task_definition_families").paginate(
            PaginationConfig={"PageSize": 2}
        )
    )

    assert [p["families"] for p in pages] == [
        ["family-0", "family-1"],
        ["family-2", "family-3"],
        ["family-4"],
    ]


def test_list_task_definition_families_refuses_an_unknown_status(ecs):
    message = (
        "1 validation error detected: Value 'DELETE_IN_PROGRESS' at 'status' failed to "
        "satisfy constraint: Member must satisfy enum value set: [ACTIVE, INACTIVE, ALL]"
    )
    with raises_aws("InvalidParameterException", message):
        ecs.list_task_definition_families(status="DELETE_IN_PROGRESS")


def test_deregister_makes_a_revision_inactive(ecsmock, ecs):
    register(ecs, "web")
    ecsmock.clock.advance(60)

    definition = ecs.deregister_task_definition(taskDefinition=task_definition_arn("web", 1))[
        "taskDefinition"
    ]

    assert definition["status"] == "INACTIVE"
    assert definition["deregisteredAt"] == ecsmock.clock.now()
    assert ecs.list_task_definitions()["taskDefinitionArns"] == []


def test_deregistering_an_inactive_revision_again_changes_nothing(ecsmock, ecs):
    register(ecs, "web")
    first = ecs.deregister_task_definition(taskDefinition="web:1")["taskDefinition"]
    ecsmock.clock.advance(60)

    again = ecs.deregister_task_definition(taskDefinition="web:1")["taskDefinition"]

    assert again["deregisteredAt"] == first["deregisteredAt"]


def test_deregister_needs_a_revision(ecs):
    register(ecs, "web")

    with raises_aws("ClientException", "Revision is missing."):
        ecs.deregister_task_definition(taskDefinition="web")
    assert ecs.describe_task_definition(taskDefinition="web:1")["taskDefinition"]["status"] == (
        "ACTIVE"
    )


@pytest.mark.parametrize("reference", ["web:2", "ghost:1", "bad name:1"])
def test_deregister_of_an_unknown_revision(ecs, reference):
    register(ecs, "web")

    with raises_aws("ClientException", "The specified task definition does not exist."):
        ecs.deregister_task_definition(taskDefinition=reference)


def test_delete_task_definitions_starts_deleting_inactive_revisions(ecsmock, ecs):
    register(ecs, "web")
    register(ecs, "web")
    ecs.deregister_task_definition(taskDefinition="web:1")

    answer = ecs.delete_task_definitions(
        taskDefinitions=["web:1", "web:2", "web:7", "web", "bad name:1"]
    )

    deleted = answer["taskDefinitions"]
    assert [d["taskDefinitionArn"] for d in deleted] == arns(("web", 1))
    assert deleted[0]["status"] == "DELETE_IN_PROGRESS"
    assert deleted[0]["deleteRequestedAt"] == ecsmock.clock.now()
    assert answer["failures"] == [
        {"arn": task_definition_arn("web", 2), "reason": STILL_ACTIVE},
        {"arn": "web:7", "reason": DOES_NOT_EXIST},
        {"arn": "web", "reason": INVALID_IDENTIFIER},
        {"arn": "bad name:1", "reason": INVALID_IDENTIFIER},
    ]


def test_a_revision_being_deleted_is_still_described_and_cannot_be_deregistered(ecs):
    register(ecs, "web")
    ecs.deregister_task_definition(taskDefinition="web:1")
    ecs.delete_task_definitions(taskDefinitions=["web:1"])

    described = ecs.describe_task_definition(taskDefinition="web:1")["taskDefinition"]

    assert described["status"] == "DELETE_IN_PROGRESS"
    assert ecs.list_task_definition_families(status="INACTIVE")["families"] == ["web"]
    message = (
        "The task definition could not be deregistered because it is in the process of being "
        "deleted."
    )
    with raises_aws("ClientException", message):
        ecs.deregister_task_definition(taskDefinition="web:1")


def test_delete_task_definitions_takes_one_to_ten(ecs):
    with raises_aws("InvalidParameterException", "taskDefinitions can have at most 10 items."):
        ecs.delete_task_definitions(taskDefinitions=[f"web:{i}" for i in range(1, 12)])
    with raises_aws("InvalidParameterException", "taskDefinitions can not be empty."):
        ecs.delete_task_definitions(taskDefinitions=[])


def test_a_deleted_revision_goes_away_when_nothing_uses_it(ecsmock, ecs):
    register(ecs, "web")
    ecs.deregister_task_definition(taskDefinition="web:1")
    ecs.delete_task_definitions(taskDefinitions=["web:1"])

    ecsmock.clock.advance(PURGE_DELAY_SECONDS)

    with raises_aws("ClientException", "Unable to describe task definition."):
        ecs.describe_task_definition(taskDefinition="web:1")
    assert ecs.list_task_definition_families()["families"] == []


def test_a_deleted_revision_stays_while_a_task_or_service_uses_it(ecsmock, ecs):
    register(ecs, "web")
    ecs.deregister_task_definition(taskDefinition="web:1")
    ecs.delete_task_definitions(taskDefinitions=["web:1"])
    users = {task_definition_arn("web", 1)}
    ecsmock.backend("ecs").usage.add_task_definition_source(lambda arn: arn in users)

    ecsmock.clock.advance(PURGE_DELAY_SECONDS * 3)
    still_there = ecs.describe_task_definition(taskDefinition="web:1")["taskDefinition"]
    users.clear()
    ecsmock.clock.advance(PURGE_DELAY_SECONDS)

    assert still_there["status"] == "DELETE_IN_PROGRESS"
    with raises_aws("ClientException", "Unable to describe task definition."):
        ecs.describe_task_definition(taskDefinition="web:1")


def test_revisions_keep_counting_after_deregister_and_delete(ecsmock, ecs):
    register(ecs, "web")
    register(ecs, "web")
    for revision in (1, 2):
        ecs.deregister_task_definition(taskDefinition=f"web:{revision}")
    ecs.delete_task_definitions(taskDefinitions=["web:1", "web:2"])
    ecsmock.clock.advance(PURGE_DELAY_SECONDS)

    definition = register(ecs, "web")

    assert definition["revision"] == 3
    assert ecs.list_task_definitions(familyPrefix="web")["taskDefinitionArns"] == arns(("web", 3))
