"""Attributes and tags of container instances."""

from __future__ import annotations

import pytest
from ecs_helpers import raises_aws
from instance_helpers import attributes, instance_arn, register

TARGET_NOT_FOUND = (
    "The specified target wasn't found. You can view your available container instances "
    "with ListContainerInstances. Amazon ECS container instances are cluster-specific and "
    "Region-specific."
)
LIMIT = (
    "You can apply up to 10 custom attributes for each resource. You can view the "
    "attributes of a resource with ListAttributes. You can remove existing attributes on a "
    "resource with DeleteAttributes."
)


@pytest.fixture
def arn(ecs):
    ecs.create_cluster(clusterName="prod")
    return register(ecs, "prod")["containerInstanceArn"]


def put(ecs, arn, *pairs):
    return ecs.put_attributes(
        cluster="prod",
        attributes=[{"name": n, "value": v, "targetId": arn} for n, v in pairs],
    )["attributes"]


def described(ecs, arn):
    answer = ecs.describe_container_instances(cluster="prod", containerInstances=[arn])
    return answer["containerInstances"][0]


def test_put_attributes_round_trip(ecs, arn):
    answer = put(ecs, arn, ("stack", "blue"), ("rack", "r-7"))

    assert answer == [
        {"name": "stack", "value": "blue", "targetId": arn, "targetType": "container-instance"},
        {"name": "rack", "value": "r-7", "targetId": arn, "targetType": "container-instance"},
    ]
    found = attributes(described(ecs, arn))
    assert (found["stack"], found["rack"]) == ("blue", "r-7")


def test_put_attributes_by_instance_id_and_name_only(ecs, arn):
    ecs.put_attributes(
        cluster="prod", attributes=[{"name": "gpu-ready", "targetId": arn.rsplit("/", 1)[1]}]
    )

    found = attributes(described(ecs, arn))
    assert "gpu-ready" in found
    assert found["gpu-ready"] is None


def test_put_attributes_overwrites_a_value_and_raises_the_version(ecs, arn):
    before = described(ecs, arn)["version"]
    put(ecs, arn, ("stack", "blue"))
    put(ecs, arn, ("stack", "green"))

    after = described(ecs, arn)
    assert attributes(after)["stack"] == "green"
    assert after["version"] == before + 2


def test_delete_attributes(ecs, arn):
    put(ecs, arn, ("stack", "blue"), ("rack", "r-7"))

    answer = ecs.delete_attributes(cluster="prod", attributes=[{"name": "stack", "targetId": arn}])[
        "attributes"
    ]

    assert answer == [{"name": "stack", "targetId": arn, "targetType": "container-instance"}]
    found = attributes(described(ecs, arn))
    assert "stack" not in found
    assert found["rack"] == "r-7"


def test_at_most_ten_custom_attributes_per_instance(ecs, arn):
    put(ecs, arn, *((f"a{n}", "x") for n in range(10)))

    with raises_aws("AttributeLimitExceededException", LIMIT):
        put(ecs, arn, ("one-too-many", "x"))
    put(ecs, arn, ("a0", "replaced"))

    assert attributes(described(ecs, arn))["a0"] == "replaced"
    assert "one-too-many" not in attributes(described(ecs, arn))


def test_put_attributes_takes_at_most_ten_per_call(ecs, arn):
    with raises_aws("InvalidParameterException", "attributes can have at most 10 items."):
        put(ecs, arn, *((f"a{n}", "x") for n in range(11)))


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "has space",
            "x",
            "Attribute name 'has space' is not valid: use 1 to 128 letters, numbers, hyphens, "
            "underscores, periods, forward slashes or back slashes.",
        ),
        ("n" * 129, "x", f"Attribute name '{'n' * 129}' is not valid"),
        ("stack", " blue", "The value ' blue' of attribute 'stack' is not valid"),
        ("stack", "blue!", "The value 'blue!' of attribute 'stack' is not valid"),
        ("stack", "v" * 129, "of attribute 'stack' is not valid"),
        ("ecs.instance-type", "x", "Attribute name 'ecs.instance-type' starts with 'ecs.'"),
        ("com.amazonaws.ecs.capability.x", None, "starts with 'ecs.' or 'com.amazonaws.ecs.'"),
    ],
)
def test_bad_attributes_are_refused_and_nothing_changes(ecs, arn, name, value, message):
    attribute = {"name": name, "targetId": arn}
    if value is not None:
        attribute["value"] = value

    with pytest.raises(ecs.exceptions.InvalidParameterException, match=message[:20]) as caught:
        ecs.put_attributes(
            cluster="prod",
            attributes=[{"name": "fine", "value": "1", "targetId": arn}, attribute],
        )

    assert message in caught.value.response["Error"]["Message"]
    assert "fine" not in attributes(described(ecs, arn))


def test_attribute_values_may_hold_at_signs_colons_slashes_and_inner_spaces(ecs, arn):
    put(ecs, arn, ("owner", "team@example.com:web/a b\\c"))

    assert attributes(described(ecs, arn))["owner"] == "team@example.com:web/a b\\c"


def test_attributes_of_unknown_or_deregistered_instances(ecs, arn):
    ecs.deregister_container_instance(cluster="prod", containerInstance=arn)

    for target in (arn, "c" * 32, instance_arn("prod", "c" * 32)):
        with raises_aws("TargetNotFoundException", TARGET_NOT_FOUND):
            put(ecs, target, ("stack", "blue"))
        with raises_aws("TargetNotFoundException", TARGET_NOT_FOUND):
            ecs.delete_attributes(cluster="prod", attributes=[{"name": "s", "targetId": target}])


def test_attributes_need_a_target(ecs, arn):
    with raises_aws(
        "InvalidParameterException",
        "Attribute 'stack' needs a targetId: the ID or ARN of a container instance.",
    ):
        ecs.put_attributes(cluster="prod", attributes=[{"name": "stack", "value": "blue"}])


def test_list_attributes_filters_by_name_and_value(ecs, arn):
    other = register(ecs, "prod")["containerInstanceArn"]
    put(ecs, arn, ("stack", "blue"))
    put(ecs, other, ("stack", "green"))

    def listed(**filters):
        answer = ecs.list_attributes(cluster="prod", targetType="container-instance", **filters)
        return [(a["targetId"], a["name"], a.get("value")) for a in answer["attributes"]]

    assert listed(attributeName="stack") == [(arn, "stack", "blue"), (other, "stack", "green")]
    assert listed(attributeName="stack", attributeValue="green") == [(other, "stack", "green")]
    assert listed(attributeName="ecs.instance-type") == [
        (arn, "ecs.instance-type", "m5.large"),
        (other, "ecs.instance-type", "m5.large"),
    ]
    assert listed(attributeName="absent") == []


def test_list_attributes_pages_through_every_attribute(ecs, arn):
    put(ecs, arn, ("stack", "blue"))
    everything = ecs.list_attributes(cluster="prod", targetType="container-instance")

    pages = ecs.get_paginator("list_attributes").paginate(
        cluster="prod", targetType="container-instance", PaginationConfig={"PageSize": 3}
    )
    paged = [a for page in pages for a in page["attributes"]]

    assert paged == everything["attributes"]
    assert {
        "name": "stack",
        "value": "blue",
        "targetType": "container-instance",
        "targetId": arn,
    } in paged
    assert len(paged) == len(described(ecs, arn)["attributes"])


def test_list_attributes_needs_a_name_for_a_value(ecs, arn):
    with raises_aws(
        "InvalidParameterException",
        "attributeValue filters only together with attributeName; give both.",
    ):
        ecs.list_attributes(cluster="prod", targetType="container-instance", attributeValue="b")


def test_list_attributes_of_a_missing_cluster(ecs):
    with raises_aws("ClusterNotFoundException", "Cluster not found."):
        ecs.list_attributes(cluster="nowhere", targetType="container-instance")


# ---------------------------------------------------------------------- tags


def test_tag_untag_and_list_tags_of_a_container_instance(ecs, arn):
    ecs.tag_resource(resourceArn=arn, tags=[{"key": "team", "value": "web"}])
    ecs.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "prod"}])
    ecs.untag_resource(resourceArn=arn, tagKeys=["env"])

    assert ecs.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "team", "value": "web"}]
    answer = ecs.describe_container_instances(
        cluster="prod", containerInstances=[arn], include=["TAGS"]
    )
    assert answer["containerInstances"][0]["tags"] == [{"key": "team", "value": "web"}]


def test_tags_given_at_registration_are_listed(ecs):
    ecs.create_cluster(clusterName="prod")
    arn = register(ecs, "prod", tags=[{"key": "team", "value": "web"}])["containerInstanceArn"]

    assert ecs.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "team", "value": "web"}]


def test_tagging_an_unknown_container_instance(ecs, arn):
    with raises_aws("InvalidParameterException", "Container instance not found."):
        ecs.tag_resource(
            resourceArn=instance_arn("prod", "d" * 32), tags=[{"key": "a", "value": "b"}]
        )
