from __future__ import annotations

import pytest
from ecs_helpers import REGION, cluster_arn, raises_aws
from instance_helpers import (
    AMI,
    EC2_ID,
    TCP_PORTS,
    attributes,
    identity_document,
    instance_arn,
    register,
    resource,
    resources,
)

from pytest_ecsmock.services.ecs.container_instances import TaskOnInstance

NOT_VALID = "The identity document and identity document signature were not valid."


@pytest.fixture
def cluster(ecs):
    return ecs.create_cluster(clusterName="prod")["cluster"]


def test_register_container_instance_reads_the_identity_document(ecs, cluster):
    instance = register(
        ecs, "prod", document={"instanceType": "c6g.xlarge", "architecture": "arm64"}
    )

    assert instance["containerInstanceArn"].startswith(
        f"arn:aws:ecs:{REGION}:123456789012:container-instance/prod/"
    )
    assert len(instance["containerInstanceArn"].rsplit("/", 1)[1]) == 32
    assert instance["ec2InstanceId"] == EC2_ID
    assert instance["status"] == "ACTIVE"
    assert instance["agentConnected"] is True
    assert (instance["runningTasksCount"], instance["pendingTasksCount"]) == (0, 0)
    assert instance["versionInfo"] == {"agentVersion": "1.89.2", "agentHash": "f9c1b2a0"}
    found = attributes(instance)
    assert found["ecs.instance-type"] == "c6g.xlarge"
    assert found["ecs.cpu-architecture"] == "arm64"
    assert found["ecs.ami-id"] == AMI
    assert found["ecs.availability-zone"] == f"{REGION}a"
    assert found["ecs.vpc-id"].startswith("vpc-")
    assert found["ecs.subnet-id"].startswith("subnet-")


def test_register_keeps_the_resources_and_attributes_the_agent_sent(ecs, cluster):
    instance = register(
        ecs,
        "prod",
        totalResources=resources(cpu=4096, memory=15000, ports=["22", "8080"]),
        attributes=[
            {"name": "com.amazonaws.ecs.capability.task-iam-role"},
            {"name": "ecs.os-type", "value": "linux"},
            {"name": "stack", "value": "blue"},
        ],
        tags=[{"key": "team", "value": "web"}],
    )

    assert resource(instance, "CPU") == 4096
    assert resource(instance, "MEMORY") == 15000
    assert resource(instance, "PORTS") == ["22", "8080"]
    assert resource(instance, "MEMORY", registered=False) == 15000
    found = attributes(instance)
    assert found["com.amazonaws.ecs.capability.task-iam-role"] is None
    assert found["stack"] == "blue"
    assert instance["tags"] == [{"key": "team", "value": "web"}]


def test_resources_show_every_value_member_as_ecs_does(ecs, cluster):
    instance = register(ecs, "prod")

    cpu = next(r for r in instance["registeredResources"] if r["name"] == "CPU")
    assert cpu == {
        "name": "CPU",
        "type": "INTEGER",
        "doubleValue": 0.0,
        "longValue": 0,
        "integerValue": 2048,
    }


def test_registering_the_same_ec2_instance_again_makes_another_container_instance(ecs, cluster):
    first = register(ecs, "prod")
    second = register(ecs, "prod")

    assert first["containerInstanceArn"] != second["containerInstanceArn"]
    assert len(ecs.list_container_instances(cluster="prod")["containerInstanceArns"]) == 2


def test_re_registration_with_the_arn_updates_resources_and_keeps_custom_attributes(ecs, cluster):
    first = register(ecs, "prod", attributes=[{"name": "stack", "value": "blue"}])
    arn = first["containerInstanceArn"]
    ecs.put_attributes(cluster="prod", attributes=[{"name": "rack", "value": "7", "targetId": arn}])

    again = register(
        ecs,
        "prod",
        containerInstanceArn=arn,
        totalResources=resources(cpu=2048, memory=7000),
        versionInfo={"agentVersion": "1.90.0"},
    )

    assert again["containerInstanceArn"] == arn
    assert resource(again, "MEMORY") == 7000
    assert again["versionInfo"] == {"agentVersion": "1.90.0"}
    assert attributes(again)["rack"] == "7"
    assert again["version"] > first["version"]
    assert ecs.list_container_instances(cluster="prod")["containerInstanceArns"] == [arn]


def test_re_registration_of_a_deregistered_instance_is_refused(ecs, cluster):
    arn = register(ecs, "prod")["containerInstanceArn"]
    ecs.deregister_container_instance(cluster="prod", containerInstance=arn)
    instance_id = arn.rsplit("/", 1)[1]

    with raises_aws("ClientException", f"Container instance {instance_id} is inactive."):
        register(ecs, "prod", containerInstanceArn=arn)


def test_re_registration_from_another_ec2_instance_is_refused(ecs, cluster):
    arn = register(ecs, "prod")["containerInstanceArn"]

    with pytest.raises(ecs.exceptions.InvalidParameterException, match="belongs to EC2"):
        register(ecs, "prod", containerInstanceArn=arn, document={"instanceId": "i-0aaaaaaa"})


@pytest.mark.parametrize(
    ("document", "detail"),
    [
        ("not json", "The instanceIdentityDocument is not JSON."),
        ("[1, 2]", "The instanceIdentityDocument is not a JSON object."),
        (identity_document(instanceId=None), "The instanceIdentityDocument lacks instanceId."),
        (identity_document(instanceId="web-1"), "'web-1' is not an EC2 instance id."),
        (identity_document(imageId="ubuntu"), "'ubuntu' is not an AMI id."),
        (
            identity_document(accountId="210987654321"),
            "The document is of account 210987654321, not 123456789012.",
        ),
        (
            identity_document(region="eu-west-1"),
            "The document is of region eu-west-1, not us-east-1.",
        ),
        (identity_document(architecture="sparc"), "'sparc' is not an EC2 architecture."),
        (
            identity_document(availabilityZone="eu-west-1a"),
            "'eu-west-1a' is not a zone of us-east-1.",
        ),
    ],
)
def test_a_malformed_identity_document_is_refused(ecs, cluster, document, detail):
    with raises_aws("ClientException", f"{NOT_VALID} {detail}"):
        register(ecs, "prod", instanceIdentityDocument=document)

    assert ecs.list_container_instances(cluster="prod")["containerInstanceArns"] == []


def test_a_document_without_signature_is_refused(ecs, cluster):
    with raises_aws(
        "ClientException", f"{NOT_VALID} The instanceIdentityDocumentSignature is missing."
    ):
        register(ecs, "prod", instanceIdentityDocumentSignature="")


def test_registering_without_identity_document_is_not_supported_yet(ecs, cluster):
    with pytest.raises(ecs.exceptions.InvalidParameterException, match="not supported by"):
        ecs.register_container_instance(cluster="prod", totalResources=resources())


def test_an_unknown_instance_type_is_refused_as_not_supported_yet(ecs, cluster):
    with pytest.raises(
        ecs.exceptions.InvalidParameterException,
        match=r"The EC2 instance type 'x9\.huge' is not supported by pytest-ecsmock yet",
    ):
        register(ecs, "prod", document={"instanceType": "x9.huge"})


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (
            [{"name": "DISK", "type": "INTEGER", "integerValue": 1}],
            "The resource 'DISK' is not supported by pytest-ecsmock yet; it knows CPU, "
            "MEMORY, PORTS, PORTS_UDP, GPU.",
        ),
        (
            [{"name": "CPU", "type": "INTEGER", "integerValue": -1}],
            "The resource 'CPU' must be of type INTEGER with a value of 0 or more.",
        ),
        (
            [{"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["http"]}],
            "The resource 'PORTS' must be of type STRINGSET with port numbers (1-65535).",
        ),
        (
            [{"name": "CPU", "integerValue": 1}, {"name": "CPU", "integerValue": 2}],
            "The resource 'CPU' is given twice.",
        ),
    ],
)
def test_bad_total_resources_are_refused(ecs, cluster, items, message):
    with raises_aws("InvalidParameterException", message):
        register(ecs, "prod", totalResources=items)


def test_register_into_a_missing_cluster_is_refused(ecs):
    with raises_aws("ClusterNotFoundException", "Cluster not found."):
        register(ecs, "nowhere")


# ---------------------------------------------------------------------- describe and list


def test_describe_reports_unknown_instances_as_missing_failures(ecs, cluster):
    arn = register(ecs, "prod")["containerInstanceArn"]
    unknown_arn = instance_arn("prod", "0" * 32)

    answer = ecs.describe_container_instances(
        cluster="prod", containerInstances=[arn.rsplit("/", 1)[1], "f" * 32, unknown_arn]
    )

    assert [i["containerInstanceArn"] for i in answer["containerInstances"]] == [arn]
    assert answer["failures"] == [
        {"arn": instance_arn("prod", "f" * 32), "reason": "MISSING"},
        {"arn": unknown_arn, "reason": "MISSING"},
    ]


def test_describe_finds_an_instance_only_in_its_own_cluster(ecs, cluster):
    ecs.create_cluster(clusterName="other")
    arn = register(ecs, "prod")["containerInstanceArn"]

    answer = ecs.describe_container_instances(cluster="other", containerInstances=[arn])

    assert answer["failures"] == [{"arn": arn, "reason": "MISSING"}]


def test_describe_shows_tags_and_health_only_when_included(ecs, cluster):
    arn = register(ecs, "prod", tags=[{"key": "team", "value": "web"}])["containerInstanceArn"]

    plain = ecs.describe_container_instances(cluster="prod", containerInstances=[arn])
    full = ecs.describe_container_instances(
        cluster="prod", containerInstances=[arn], include=["TAGS", "CONTAINER_INSTANCE_HEALTH"]
    )

    assert "tags" not in plain["containerInstances"][0]
    assert "healthStatus" not in plain["containerInstances"][0]
    described = full["containerInstances"][0]
    assert described["tags"] == [{"key": "team", "value": "web"}]
    assert described["healthStatus"]["overallStatus"] == "OK"
    assert described["healthStatus"]["details"][0]["type"] == "CONTAINER_RUNTIME"


def test_describe_limits(ecs, cluster):
    with raises_aws("InvalidParameterException", "containerInstances can have at most 100 items."):
        ecs.describe_container_instances(cluster="prod", containerInstances=["a"] * 101)
    with raises_aws("InvalidParameterException", "Container instances cannot be empty."):
        ecs.describe_container_instances(cluster="prod", containerInstances=[])
    with raises_aws("ClusterNotFoundException", "Cluster not found."):
        ecs.describe_container_instances(cluster="nowhere", containerInstances=["a"])


def test_list_container_instances_in_registration_order_with_pages(ecs, cluster):
    arns = [register(ecs, "prod")["containerInstanceArn"] for _ in range(5)]

    first = ecs.list_container_instances(cluster="prod", maxResults=2)
    rest = ecs.list_container_instances(cluster="prod", nextToken=first["nextToken"])
    paged = [
        arn
        for page in ecs.get_paginator("list_container_instances").paginate(
            cluster="prod", PaginationConfig={"PageSize": 2}
        )
        for arn in page["containerInstanceArns"]
    ]

    assert first["containerInstanceArns"] == arns[:2]
    assert rest["containerInstanceArns"] == arns[2:]
    assert "nextToken" not in rest
    assert paged == arns


def test_list_container_instances_filters_by_status(ecs, cluster):
    active, draining, gone = (register(ecs, "prod")["containerInstanceArn"] for _ in range(3))
    ecs.update_container_instances_state(
        cluster="prod", containerInstances=[draining], status="DRAINING"
    )
    ecs.deregister_container_instance(cluster="prod", containerInstance=gone)

    def listed(**status):
        return ecs.list_container_instances(cluster="prod", **status)["containerInstanceArns"]

    assert listed() == [active, draining]
    assert listed(status="ACTIVE") == [active]
    assert listed(status="DRAINING") == [draining]
    assert listed(status="REGISTERING") == []


def test_list_container_instances_filters_with_the_cluster_query_language(ecs, cluster):
    small = register(ecs, "prod", document={"instanceType": "t3.micro"})["containerInstanceArn"]
    large = register(ecs, "prod", document={"instanceType": "m5.xlarge"})["containerInstanceArn"]
    ecs.put_attributes(
        cluster="prod", attributes=[{"name": "stack", "value": "blue", "targetId": large}]
    )

    def listed(expression):
        return ecs.list_container_instances(cluster="prod", filter=expression)[
            "containerInstanceArns"
        ]

    assert listed("attribute:ecs.instance-type =~ t3.*") == [small]
    assert listed("attribute:stack exists") == [large]
    assert listed("attribute:stack == blue or attribute:ecs.instance-type == t3.micro") == [
        small,
        large,
    ]
    assert listed("runningTasksCount == 0 and agentConnected == true") == [small, large]


def test_list_container_instances_refuses_a_bad_filter(ecs, cluster):
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.list_container_instances(cluster="prod", filter="attribute:ecs.instance-type ==")


def test_list_container_instances_of_a_missing_cluster(ecs):
    with raises_aws("ClusterNotFoundException", "Cluster not found."):
        ecs.list_container_instances(cluster="nowhere")


# ---------------------------------------------------------------------- cluster counts


def test_cluster_counts_registered_and_draining_instances(ecs, cluster):
    arns = [register(ecs, "prod")["containerInstanceArn"] for _ in range(3)]
    ecs.update_container_instances_state(
        cluster="prod", containerInstances=[arns[1]], status="DRAINING"
    )
    ecs.deregister_container_instance(cluster="prod", containerInstance=arns[2])

    described = ecs.describe_clusters(clusters=["prod"])["clusters"][0]

    assert described["registeredContainerInstancesCount"] == 2


def test_delete_cluster_is_refused_while_instances_are_registered(ecs, cluster):
    arn = register(ecs, "prod")["containerInstanceArn"]

    with raises_aws(
        "ClusterContainsContainerInstancesException",
        "The Cluster cannot be deleted while Container Instances are active or draining.",
    ):
        ecs.delete_cluster(cluster="prod")
    ecs.deregister_container_instance(cluster="prod", containerInstance=arn)

    assert ecs.delete_cluster(cluster="prod")["cluster"]["status"] == "INACTIVE"


# ---------------------------------------------------------------------- state and deregistration


def test_update_container_instances_state_drains_and_reactivates(ecs, ecsmock, cluster):
    arn = register(ecs, "prod")["containerInstanceArn"]
    seen = []
    ecsmock.backend("ecs").container_instances.hooks.status_changed.append(
        lambda instance, previous: seen.append((instance.arn, previous, instance.status))
    )

    drained = ecs.update_container_instances_state(
        cluster="prod", containerInstances=[arn], status="DRAINING"
    )
    active = ecs.update_container_instances_state(
        cluster="prod", containerInstances=[arn], status="ACTIVE"
    )

    assert drained["containerInstances"][0]["status"] == "DRAINING"
    assert drained["failures"] == []
    assert active["containerInstances"][0]["status"] == "ACTIVE"
    assert seen == [(arn, "ACTIVE", "DRAINING"), (arn, "DRAINING", "ACTIVE")]


def test_update_container_instances_state_reports_unknown_and_inactive_ones(ecs, cluster):
    live, gone = (register(ecs, "prod")["containerInstanceArn"] for _ in range(2))
    ecs.deregister_container_instance(cluster="prod", containerInstance=gone)

    answer = ecs.update_container_instances_state(
        cluster="prod", containerInstances=[live, gone, "a" * 32], status="DRAINING"
    )

    assert [i["containerInstanceArn"] for i in answer["containerInstances"]] == [live]
    assert answer["failures"] == [
        {"arn": gone, "reason": "INACTIVE"},
        {"arn": instance_arn("prod", "a" * 32), "reason": "MISSING"},
    ]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (
            "REGISTERING",
            "Container instances can be set to ACTIVE or DRAINING only, not REGISTERING.",
        ),
        (
            "STOPPED",
            "1 validation error detected: Value 'STOPPED' at 'status' failed to satisfy "
            "constraint: Member must satisfy enum value set: [ACTIVE, DRAINING, REGISTERING, "
            "DEREGISTERING, REGISTRATION_FAILED]",
        ),
    ],
)
def test_update_container_instances_state_refuses_other_statuses(ecs, cluster, status, message):
    arn = register(ecs, "prod")["containerInstanceArn"]

    with raises_aws("InvalidParameterException", message):
        ecs.update_container_instances_state(
            cluster="prod", containerInstances=[arn], status=status
        )


def test_update_container_instances_state_takes_at_most_ten(ecs, cluster):
    with raises_aws("InvalidParameterException", "containerInstances can have at most 10 items."):
        ecs.update_container_instances_state(
            cluster="prod", containerInstances=["a"] * 11, status="DRAINING"
        )


def test_deregister_turns_the_instance_inactive_and_keeps_it_describable(ecs, cluster):
    arn = register(ecs, "prod")["containerInstanceArn"]

    answer = ecs.deregister_container_instance(cluster="prod", containerInstance=arn)
    described = ecs.describe_container_instances(cluster="prod", containerInstances=[arn])

    assert answer["containerInstance"]["status"] == "INACTIVE"
    assert answer["containerInstance"]["agentConnected"] is False
    assert described["containerInstances"][0]["status"] == "INACTIVE"
    assert ecs.list_container_instances(cluster="prod")["containerInstanceArns"] == []


def test_deregister_with_live_tasks_needs_force_and_calls_the_hook(ecs, ecsmock, cluster):
    arn = register(ecs, "prod")["containerInstanceArn"]
    store = ecsmock.backend("ecs").container_instances
    instance = store.find_by_arn(arn)
    instance.add_task(TaskOnInstance("arn:task/1", "family:web", cpu=256, memory=512))
    calls = []
    store.hooks.deregistered.append(lambda i, forced: calls.append((i.arn, forced)))

    with raises_aws("InvalidParameterException", "Found running tasks on the instance."):
        ecs.deregister_container_instance(cluster="prod", containerInstance=arn)
    assert ecs.list_container_instances(cluster="prod")["containerInstanceArns"] == [arn]

    answer = ecs.deregister_container_instance(cluster="prod", containerInstance=arn, force=True)

    assert answer["containerInstance"]["status"] == "INACTIVE"
    assert calls == [(arn, True)]


def test_deregister_an_unknown_instance(ecs, cluster):
    with raises_aws("InvalidParameterException", "Container instance not found."):
        ecs.deregister_container_instance(cluster="prod", containerInstance="b" * 32)


def test_tasks_on_an_instance_take_its_resources_and_ports(ecs, ecsmock, cluster):
    arn = register(ecs, "prod")["containerInstanceArn"]
    instance = ecsmock.backend("ecs").container_instances.find_by_arn(arn)
    instance.add_task(
        TaskOnInstance("arn:task/1", "family:web", cpu=100, memory=100, tcp_ports=frozenset({80}))
    )
    instance.update_task("arn:task/1", last_status="RUNNING")

    described = ecs.describe_container_instances(cluster="prod", containerInstances=[arn])
    found = described["containerInstances"][0]

    assert resource(found, "CPU", registered=False) == 1948
    assert resource(found, "MEMORY", registered=False) == 7580
    assert resource(found, "PORTS", registered=False) == [*TCP_PORTS, "80"]
    assert resource(found, "PORTS") == TCP_PORTS
    assert (found["runningTasksCount"], found["pendingTasksCount"]) == (1, 0)

    instance.remove_task("arn:task/1")
    freed = ecs.describe_container_instances(cluster="prod", containerInstances=[arn])
    assert resource(freed["containerInstances"][0], "CPU", registered=False) == 2048


def test_instances_are_found_by_cluster_arn_too(ecs, cluster):
    arn = register(ecs, cluster_arn("prod"))["containerInstanceArn"]

    listed = ecs.list_container_instances(cluster=cluster_arn("prod"))["containerInstanceArns"]

    assert listed == [arn]
