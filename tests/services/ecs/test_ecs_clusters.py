from __future__ import annotations

from collections import Counter

import pytest
from ecs_helpers import cluster_arn, raises_aws

from pytest_ecsmock.services.ecs.usage import ClusterUsage

ALREADY_DIFFERENT = (
    "Arguments on this idempotent request are inconsistent with arguments used in "
    "previous request(s)."
)


def test_create_cluster_answers_an_active_cluster_with_its_arn(ecs):
    cluster = ecs.create_cluster(clusterName="prod")["cluster"]

    assert cluster["clusterArn"] == cluster_arn("prod")
    assert cluster["clusterName"] == "prod"
    assert cluster["status"] == "ACTIVE"
    assert cluster["registeredContainerInstancesCount"] == 0
    assert cluster["runningTasksCount"] == 0
    assert cluster["pendingTasksCount"] == 0
    assert cluster["activeServicesCount"] == 0
    assert cluster["settings"] == [{"name": "containerInsights", "value": "disabled"}]
    assert cluster["capacityProviders"] == []
    assert cluster["defaultCapacityProviderStrategy"] == []


def test_create_cluster_without_a_name_creates_the_default_cluster(ecs):
    cluster = ecs.create_cluster()["cluster"]

    assert cluster["clusterName"] == "default"
    assert ecs.describe_clusters()["clusters"][0]["clusterArn"] == cluster_arn("default")


@pytest.mark.parametrize("name", ["has space", "dot.ted", "x" * 256, ""])
def test_create_cluster_refuses_a_name_outside_the_rules(ecs, name):
    message = (
        "Cluster name can have up to 255 letters (uppercase and lowercase), numbers, "
        f"underscores and hyphens; '{name}' does not fit."
    )
    with raises_aws("InvalidParameterException", message):
        ecs.create_cluster(clusterName=name)


def test_create_cluster_accepts_a_name_of_255_allowed_characters(ecs):
    name = "A-b_9" * 51

    assert ecs.create_cluster(clusterName=name)["cluster"]["clusterName"] == name


def test_creating_an_active_cluster_again_with_the_same_arguments_returns_it(ecs):
    first = ecs.create_cluster(clusterName="prod", tags=[{"key": "team", "value": "a"}])
    again = ecs.create_cluster(clusterName="prod", tags=[{"key": "team", "value": "a"}])

    assert again["cluster"] == first["cluster"]
    assert ecs.list_clusters()["clusterArns"] == [cluster_arn("prod")]


def test_creating_an_active_cluster_again_with_other_arguments_is_refused(ecs):
    ecs.create_cluster(clusterName="prod")

    with raises_aws("InvalidParameterException", ALREADY_DIFFERENT):
        ecs.create_cluster(
            clusterName="prod", settings=[{"name": "containerInsights", "value": "enabled"}]
        )


def test_create_cluster_with_container_insights_enabled(ecs):
    cluster = ecs.create_cluster(
        clusterName="prod", settings=[{"name": "containerInsights", "value": "enhanced"}]
    )["cluster"]

    assert cluster["settings"] == [{"name": "containerInsights", "value": "enhanced"}]


def test_an_unknown_container_insights_value_is_refused(ecs):
    with raises_aws("InvalidParameterException", "Invalid setting 'value'"):
        ecs.create_cluster(
            clusterName="prod", settings=[{"name": "containerInsights", "value": "on"}]
        )


def test_an_unknown_setting_name_is_refused(ecs):
    message = (
        "1 validation error detected: Value 'insights' at 'settings.1.member.name' failed "
        "to satisfy constraint: Member must satisfy enum value set: [containerInsights]"
    )
    with raises_aws("InvalidParameterException", message):
        ecs.create_cluster(clusterName="prod", settings=[{"name": "insights", "value": "on"}])


def test_configuration_is_kept_and_shown_with_configurations(ecs):
    configuration = {
        "executeCommandConfiguration": {
            "kmsKeyId": "alias/exec",
            "logging": "OVERRIDE",
            "logConfiguration": {"cloudWatchLogGroupName": "/exec", "s3BucketName": "logs"},
        }
    }
    ecs.create_cluster(clusterName="prod", configuration=configuration)

    described = ecs.describe_clusters(clusters=["prod"], include=["CONFIGURATIONS"])
    plain = ecs.describe_clusters(clusters=["prod"])

    assert described["clusters"][0]["configuration"] == configuration
    assert "configuration" not in plain["clusters"][0]


def test_override_logging_needs_a_log_configuration(ecs):
    message = "executeCommandConfiguration.logConfiguration must be given when logging is OVERRIDE."
    with raises_aws("InvalidParameterException", message):
        ecs.create_cluster(
            clusterName="prod",
            configuration={"executeCommandConfiguration": {"logging": "OVERRIDE"}},
        )


def test_service_connect_defaults_are_not_supported_yet(ecs):
    message = (
        "serviceConnectDefaults is not supported by pytest-ecsmock yet (it needs AWS Cloud "
        "Map namespaces); leave it out."
    )
    with raises_aws("InvalidParameterException", message):
        ecs.create_cluster(clusterName="prod", serviceConnectDefaults={"namespace": "ns"})
    assert ecs.list_clusters()["clusterArns"] == []


def test_describe_clusters_reports_unknown_names_and_arns_as_missing(ecs):
    ecs.create_cluster(clusterName="prod")
    other_region = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod"

    answer = ecs.describe_clusters(clusters=["prod", "ghost", other_region])

    assert [c["clusterName"] for c in answer["clusters"]] == ["prod"]
    assert answer["failures"] == [
        {"arn": cluster_arn("ghost"), "reason": "MISSING"},
        {"arn": other_region, "reason": "MISSING"},
    ]


def test_describe_clusters_finds_a_cluster_by_arn(ecs):
    ecs.create_cluster(clusterName="prod")

    answer = ecs.describe_clusters(clusters=[cluster_arn("prod")])

    assert answer["clusters"][0]["clusterName"] == "prod"
    assert answer["failures"] == []


def test_describe_clusters_without_names_describes_the_default_cluster(ecs):
    answer = ecs.describe_clusters()

    assert answer["clusters"] == []
    assert answer["failures"] == [{"arn": cluster_arn("default"), "reason": "MISSING"}]


def test_describe_clusters_takes_at_most_100_clusters(ecs):
    with raises_aws("InvalidParameterException", "clusters can have at most 100 items."):
        ecs.describe_clusters(clusters=[f"c{i}" for i in range(101)])


def test_describe_clusters_without_include_leaves_the_extras_out(ecs):
    ecs.create_cluster(clusterName="prod", tags=[{"key": "team", "value": "a"}])

    cluster = ecs.describe_clusters(clusters=["prod"])["clusters"][0]

    assert cluster["tags"] == []
    assert cluster["statistics"] == []
    assert "settings" not in cluster
    assert "attachments" not in cluster


def test_describe_clusters_include_adds_each_extra(ecs):
    ecs.create_cluster(clusterName="prod", tags=[{"key": "team", "value": "a"}])

    cluster = ecs.describe_clusters(
        clusters=["prod"], include=["TAGS", "SETTINGS", "STATISTICS", "ATTACHMENTS"]
    )["clusters"][0]

    assert cluster["tags"] == [{"key": "team", "value": "a"}]
    assert cluster["settings"] == [{"name": "containerInsights", "value": "disabled"}]
    assert {s["name"]: s["value"] for s in cluster["statistics"]} == {
        "runningEC2TasksCount": "0",
        "runningFargateTasksCount": "0",
        "pendingEC2TasksCount": "0",
        "pendingFargateTasksCount": "0",
        "activeEC2ServiceCount": "0",
        "activeFargateServiceCount": "0",
        "drainingEC2ServiceCount": "0",
        "drainingFargateServiceCount": "0",
    }
    assert cluster["attachments"] == []


def test_describe_clusters_refuses_an_unknown_include(ecs):
    message = (
        "1 validation error detected: Value 'TASKS' at 'include.1.member' failed to satisfy "
        "constraint: Member must satisfy enum value set: "
        "[ATTACHMENTS, CONFIGURATIONS, SETTINGS, STATISTICS, TAGS]"
    )
    with raises_aws("InvalidParameterException", message):
        ecs.describe_clusters(include=["TASKS"])


def test_counts_come_from_what_lives_in_the_cluster(ecsmock, ecs):
    ecs.create_cluster(clusterName="prod")
    ecs.create_cluster(clusterName="test")

    def usage(cluster):
        if cluster.name != "prod":
            return ClusterUsage()
        return ClusterUsage(
            container_instances=2,
            running_tasks=Counter({"EC2": 3, "FARGATE": 1}),
            pending_tasks=Counter({"FARGATE": 2}),
            active_services=Counter({"EC2": 1}),
            draining_services=Counter({"FARGATE": 1}),
        )

    ecsmock.backend("ecs").usage.add_cluster_source(usage)
    prod, test = ecs.describe_clusters(clusters=["prod", "test"], include=["STATISTICS"])[
        "clusters"
    ]

    assert prod["registeredContainerInstancesCount"] == 2
    assert prod["runningTasksCount"] == 4
    assert prod["pendingTasksCount"] == 2
    assert prod["activeServicesCount"] == 1
    statistics = {s["name"]: s["value"] for s in prod["statistics"]}
    assert statistics["runningEC2TasksCount"] == "3"
    assert statistics["runningFargateTasksCount"] == "1"
    assert statistics["pendingFargateTasksCount"] == "2"
    assert statistics["drainingFargateServiceCount"] == "1"
    assert test["runningTasksCount"] == 0


def test_list_clusters_lists_active_clusters_by_arn(ecs):
    for name in ["b", "a", "c"]:
        ecs.create_cluster(clusterName=name)
    ecs.delete_cluster(cluster="c")

    assert ecs.list_clusters()["clusterArns"] == [cluster_arn("a"), cluster_arn("b")]


def test_list_clusters_pages_with_next_token(ecs):
    for index in range(5):
        ecs.create_cluster(clusterName=f"c{index}")

    first = ecs.list_clusters(maxResults=2)
    second = ecs.list_clusters(maxResults=2, nextToken=first["nextToken"])
    last = ecs.list_clusters(maxResults=2, nextToken=second["nextToken"])

    assert first["clusterArns"] == [cluster_arn("c0"), cluster_arn("c1")]
    assert second["clusterArns"] == [cluster_arn("c2"), cluster_arn("c3")]
    assert last["clusterArns"] == [cluster_arn("c4")]
    assert "nextToken" not in last


def test_list_clusters_works_with_the_botocore_paginator(ecs):
    for index in range(7):
        ecs.create_cluster(clusterName=f"c{index}")

    pages = list(ecs.get_paginator("list_clusters").paginate(PaginationConfig={"PageSize": 3}))

    assert [len(p["clusterArns"]) for p in pages] == [3, 3, 1]
    assert [arn for p in pages for arn in p["clusterArns"]] == [
        cluster_arn(f"c{i}") for i in range(7)
    ]


def test_list_clusters_returns_at_most_100_by_default(ecs):
    for index in range(101):
        ecs.create_cluster(clusterName=f"c{index:03d}")

    answer = ecs.list_clusters()

    assert len(answer["clusterArns"]) == 100
    assert ecs.list_clusters(nextToken=answer["nextToken"])["clusterArns"] == [cluster_arn("c100")]


@pytest.mark.parametrize("size", [0, 101])
def test_list_clusters_refuses_a_page_size_outside_1_to_100(ecs, size):
    message = f"maxResults must be between 1 and 100, not {size}."
    with raises_aws("InvalidParameterException", message):
        ecs.list_clusters(maxResults=size)


def test_list_clusters_refuses_a_token_it_did_not_make(ecs):
    message = "The nextToken is not valid; pass the nextToken of an earlier answer unchanged."
    with raises_aws("InvalidParameterException", message):
        ecs.list_clusters(nextToken="not-a-token")


def test_update_cluster_settings_changes_container_insights(ecs):
    ecs.create_cluster(clusterName="prod")

    cluster = ecs.update_cluster_settings(
        cluster="prod", settings=[{"name": "containerInsights", "value": "enabled"}]
    )["cluster"]

    assert cluster["settings"] == [{"name": "containerInsights", "value": "enabled"}]
    described = ecs.describe_clusters(clusters=["prod"], include=["SETTINGS"])["clusters"][0]
    assert described["settings"] == [{"name": "containerInsights", "value": "enabled"}]


def test_update_cluster_changes_settings_and_configuration(ecs):
    ecs.create_cluster(clusterName="prod")
    configuration = {"executeCommandConfiguration": {"logging": "DEFAULT"}}

    cluster = ecs.update_cluster(
        cluster=cluster_arn("prod"),
        settings=[{"name": "containerInsights", "value": "enhanced"}],
        configuration=configuration,
    )["cluster"]

    assert cluster["settings"] == [{"name": "containerInsights", "value": "enhanced"}]
    assert cluster["configuration"] == configuration


def test_a_refused_update_changes_nothing(ecs):
    ecs.create_cluster(clusterName="prod")

    with raises_aws("InvalidParameterException", "Invalid setting 'value'"):
        ecs.update_cluster(
            cluster="prod",
            settings=[{"name": "containerInsights", "value": "maybe"}],
            configuration={"executeCommandConfiguration": {"logging": "NONE"}},
        )
    cluster = ecs.describe_clusters(clusters=["prod"], include=["CONFIGURATIONS", "SETTINGS"])[
        "clusters"
    ][0]
    assert "configuration" not in cluster
    assert cluster["settings"] == [{"name": "containerInsights", "value": "disabled"}]


@pytest.mark.parametrize(
    "call",
    [
        lambda ecs: ecs.update_cluster(cluster="ghost"),
        lambda ecs: ecs.update_cluster_settings(
            cluster="ghost", settings=[{"name": "containerInsights", "value": "enabled"}]
        ),
        lambda ecs: ecs.put_cluster_capacity_providers(
            cluster="ghost", capacityProviders=[], defaultCapacityProviderStrategy=[]
        ),
        lambda ecs: ecs.delete_cluster(cluster="ghost"),
    ],
)
def test_operations_on_an_unknown_cluster_give_cluster_not_found(ecs, call):
    with raises_aws("ClusterNotFoundException", "Cluster not found."):
        call(ecs)


def test_delete_cluster_makes_it_inactive_and_still_describable(ecs):
    ecs.create_cluster(clusterName="prod")

    deleted = ecs.delete_cluster(cluster="prod")["cluster"]

    assert deleted["status"] == "INACTIVE"
    described = ecs.describe_clusters(clusters=["prod"])
    assert described["clusters"][0]["status"] == "INACTIVE"
    assert described["failures"] == []
    assert ecs.list_clusters()["clusterArns"] == []
    with raises_aws("ClusterNotFoundException", "Cluster not found."):
        ecs.delete_cluster(cluster="prod")


def test_a_deleted_cluster_name_can_be_used_again(ecs):
    ecs.create_cluster(clusterName="prod", tags=[{"key": "old", "value": "1"}])
    ecs.delete_cluster(cluster="prod")

    cluster = ecs.create_cluster(clusterName="prod")["cluster"]

    assert cluster["status"] == "ACTIVE"
    assert cluster["tags"] == []
    assert ecs.list_clusters()["clusterArns"] == [cluster_arn("prod")]


@pytest.mark.parametrize(
    ("usage", "code", "message"),
    [
        (
            ClusterUsage(active_services=Counter({"FARGATE": 1})),
            "ClusterContainsServicesException",
            "The Cluster cannot be deleted while Services are active.",
        ),
        (
            ClusterUsage(draining_services=Counter({"EC2": 1})),
            "ClusterContainsServicesException",
            "The Cluster cannot be deleted while Services are active.",
        ),
        (
            ClusterUsage(pending_tasks=Counter({"FARGATE": 1})),
            "ClusterContainsTasksException",
            "The Cluster cannot be deleted while Tasks are active.",
        ),
        (
            ClusterUsage(other_live_tasks=1),
            "ClusterContainsTasksException",
            "The Cluster cannot be deleted while Tasks are active.",
        ),
        (
            ClusterUsage(container_instances=1),
            "ClusterContainsContainerInstancesException",
            "The Cluster cannot be deleted while Container Instances are active or draining.",
        ),
    ],
)
def test_delete_cluster_is_refused_while_something_lives_in_it(ecsmock, ecs, usage, code, message):
    ecs.create_cluster(clusterName="prod")
    ecsmock.backend("ecs").usage.add_cluster_source(lambda cluster: usage)

    with raises_aws(code, message):
        ecs.delete_cluster(cluster="prod")
    assert ecs.describe_clusters(clusters=["prod"])["clusters"][0]["status"] == "ACTIVE"
