from __future__ import annotations

import pytest
from ecs_helpers import cluster_arn, container, raises_aws, register, task_definition_arn

TASK_DEFINITION_MISSING = "The specified task definition does not exist."


def tags(*pairs):
    return [{"key": key, "value": value} for key, value in pairs]


def test_cluster_tags_given_on_create_are_listed(ecs):
    ecs.create_cluster(clusterName="prod", tags=tags(("team", "a"), ("env", "prod")))

    listed = ecs.list_tags_for_resource(resourceArn=cluster_arn("prod"))["tags"]

    assert listed == tags(("team", "a"), ("env", "prod"))


def test_tag_resource_adds_and_overwrites_cluster_tags(ecs):
    ecs.create_cluster(clusterName="prod", tags=tags(("team", "a")))

    ecs.tag_resource(resourceArn=cluster_arn("prod"), tags=tags(("team", "b"), ("cost", "42")))

    described = ecs.describe_clusters(clusters=["prod"], include=["TAGS"])["clusters"][0]
    assert described["tags"] == tags(("team", "b"), ("cost", "42"))


def test_untag_resource_removes_keys_and_ignores_absent_ones(ecs):
    ecs.create_cluster(clusterName="prod", tags=tags(("team", "a"), ("env", "prod")))

    ecs.untag_resource(resourceArn=cluster_arn("prod"), tagKeys=["env", "never-set"])

    assert ecs.list_tags_for_resource(resourceArn=cluster_arn("prod"))["tags"] == tags(
        ("team", "a")
    )


def test_task_definition_tags_are_kept_per_revision(ecs):
    answer = ecs.register_task_definition(
        family="web", containerDefinitions=[container()], tags=tags(("app", "web"))
    )
    register(ecs, "web")
    first, second = task_definition_arn("web", 1), task_definition_arn("web", 2)

    ecs.tag_resource(resourceArn=second, tags=tags(("release", "2")))

    assert answer["tags"] == tags(("app", "web"))
    assert ecs.list_tags_for_resource(resourceArn=first)["tags"] == tags(("app", "web"))
    assert ecs.list_tags_for_resource(resourceArn=second)["tags"] == tags(("release", "2"))


def test_describe_task_definition_shows_tags_only_when_asked(ecs):
    ecs.register_task_definition(
        family="web", containerDefinitions=[container()], tags=tags(("app", "web"))
    )

    asked = ecs.describe_task_definition(taskDefinition="web", include=["TAGS"])
    plain = ecs.describe_task_definition(taskDefinition="web")

    assert asked["tags"] == tags(("app", "web"))
    assert plain["tags"] == []


def test_an_inactive_task_definition_can_still_be_tagged(ecs):
    register(ecs, "web")
    ecs.deregister_task_definition(taskDefinition="web:1")

    ecs.tag_resource(resourceArn=task_definition_arn("web", 1), tags=tags(("old", "yes")))

    listed = ecs.list_tags_for_resource(resourceArn=task_definition_arn("web", 1))["tags"]
    assert listed == tags(("old", "yes"))


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        (
            {"key": "aws:owner", "value": "x"},
            "Tag key 'aws:owner' uses the reserved prefix 'aws:', which is for AWS use only.",
        ),
        (
            {"key": "AWS:owner", "value": "x"},
            "Tag key 'AWS:owner' uses the reserved prefix 'aws:', which is for AWS use only.",
        ),
        (
            {"key": "k" * 129, "value": "x"},
            f"Tag key '{'k' * 129}' must be 1 to 128 characters long.",
        ),
        (
            {"key": "team", "value": "v" * 257},
            "The value of tag 'team' must be at most 256 characters long.",
        ),
        (
            {"key": "team#1", "value": "x"},
            "Tag key 'team#1' contains characters that are not allowed; use letters, numbers, "
            "spaces and _ . : / = + - @",
        ),
        (
            {"key": "team", "value": "a;b"},
            "The value of tag 'team' contains characters that are not allowed; use letters, "
            "numbers, spaces and _ . : / = + - @",
        ),
    ],
)
def test_tags_outside_the_aws_rules_are_refused(ecs, tag, message):
    ecs.create_cluster(clusterName="prod")

    with raises_aws("InvalidParameterException", message):
        ecs.tag_resource(resourceArn=cluster_arn("prod"), tags=[tag])
    with raises_aws("InvalidParameterException", message):
        ecs.create_cluster(clusterName="other", tags=[tag])
    assert ecs.list_tags_for_resource(resourceArn=cluster_arn("prod"))["tags"] == []


def test_unicode_letters_and_the_allowed_symbols_are_accepted(ecs):
    ecs.create_cluster(
        clusterName="prod", tags=tags(("équipe été", "a_b.c:d/e=f+g-h@i"), ("x", ""))
    )

    listed = ecs.list_tags_for_resource(resourceArn=cluster_arn("prod"))["tags"]

    assert listed == tags(("équipe été", "a_b.c:d/e=f+g-h@i"), ("x", ""))


def test_a_resource_can_have_at_most_50_tags(ecs):
    ecs.create_cluster(clusterName="prod", tags=tags(*[(f"k{i}", "v") for i in range(50)]))

    message = "A resource can have at most 50 tags; this request would give it 51."
    with raises_aws("InvalidParameterException", message):
        ecs.tag_resource(resourceArn=cluster_arn("prod"), tags=tags(("one-more", "v")))
    ecs.tag_resource(resourceArn=cluster_arn("prod"), tags=tags(("k0", "changed")))
    assert len(ecs.list_tags_for_resource(resourceArn=cluster_arn("prod"))["tags"]) == 50


def test_register_task_definition_refuses_more_than_50_tags(ecs):
    message = "A resource can have at most 50 tags; this request would give it 51."
    with raises_aws("InvalidParameterException", message):
        ecs.register_task_definition(
            family="web",
            containerDefinitions=[container()],
            tags=tags(*[(f"k{i}", "v") for i in range(51)]),
        )
    assert ecs.list_task_definition_families()["families"] == []


def test_aws_prefixed_tags_cannot_be_removed(ecs):
    ecs.create_cluster(clusterName="prod")

    message = (
        "Tag key 'aws:cloudformation:stack-name' uses the reserved prefix 'aws:' and cannot "
        "be removed."
    )
    with raises_aws("InvalidParameterException", message):
        ecs.untag_resource(
            resourceArn=cluster_arn("prod"), tagKeys=["aws:cloudformation:stack-name"]
        )


@pytest.mark.parametrize(
    ("arn", "code", "message"),
    [
        (cluster_arn("ghost"), "ClusterNotFoundException", "Cluster not found."),
        (task_definition_arn("ghost", 1), "ClientException", TASK_DEFINITION_MISSING),
        (task_definition_arn("web", 9), "ClientException", TASK_DEFINITION_MISSING),
        (
            "arn:aws:ecs:us-east-1:123456789012:task-definition/web",
            "ClientException",
            TASK_DEFINITION_MISSING,
        ),
        ("not-an-arn", "ClientException", "Invalid arn syntax."),
        (
            "arn:aws:ecs:us-east-1:123456789012:service/prod/api",
            "ServiceNotFoundException",
            "Service not found.",
        ),
        (
            "arn:aws:ecs:us-east-1:123456789012:service-revision/prod/api/1",
            "InvalidParameterException",
            "Tagging ECS 'service-revision' resources is not supported by pytest-ecsmock yet.",
        ),
    ],
)
def test_tag_operations_name_what_they_cannot_find(ecs, arn, code, message):
    register(ecs, "web")

    with raises_aws(code, message):
        ecs.list_tags_for_resource(resourceArn=arn)
    with raises_aws(code, message):
        ecs.tag_resource(resourceArn=arn, tags=tags(("a", "b")))
    with raises_aws(code, message):
        ecs.untag_resource(resourceArn=arn, tagKeys=["a"])


def test_a_deleted_cluster_cannot_be_tagged(ecs):
    ecs.create_cluster(clusterName="prod")
    ecs.delete_cluster(cluster="prod")

    with raises_aws("ClusterNotFoundException", "Cluster not found."):
        ecs.tag_resource(resourceArn=cluster_arn("prod"), tags=tags(("a", "b")))
