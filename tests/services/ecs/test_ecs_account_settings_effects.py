"""What the account settings steer: containerInsights the settings of new clusters,
awsvpcTrunking the trunk interface of container instances registered afterwards."""

from __future__ import annotations

from ecs_helpers import ACCOUNT

ROLE = f"arn:aws:iam::{ACCOUNT}:role/team/ecsInstanceRole"
SUBNET = "subnet-0aa11bb22"
NETWORK = {"awsvpcConfiguration": {"subnets": [SUBNET]}}


def test_container_insights_is_the_default_of_clusters_created_afterwards(ecs):
    ecs.create_cluster(clusterName="before")
    ecs.put_account_setting_default(name="containerInsights", value="enhanced")

    created = ecs.create_cluster(clusterName="after")["cluster"]
    chosen = ecs.create_cluster(
        clusterName="own", settings=[{"name": "containerInsights", "value": "disabled"}]
    )["cluster"]
    described = ecs.describe_clusters(clusters=["before", "after"], include=["SETTINGS"])
    ecs.delete_account_setting(name="containerInsights")
    reverted = ecs.create_cluster(clusterName="reverted")["cluster"]

    assert created["settings"] == [{"name": "containerInsights", "value": "enhanced"}]
    assert chosen["settings"] == [{"name": "containerInsights", "value": "disabled"}]
    assert [c["settings"][0]["value"] for c in described["clusters"]] == ["disabled", "enhanced"]
    assert reverted["settings"] == [{"name": "containerInsights", "value": "disabled"}]


def test_a_role_value_of_container_insights_leaves_the_mock_s_root_calls_alone(ecs):
    ecs.put_account_setting(name="containerInsights", value="enabled", principalArn=ROLE)

    created = ecs.create_cluster(clusterName="c")["cluster"]

    assert created["settings"] == [{"name": "containerInsights", "value": "disabled"}]


def awsvpc_tasks_placed(ecs, instance_arn):
    ecs.register_task_definition(
        family="w",
        networkMode="awsvpc",
        containerDefinitions=[{"name": "a", "image": "x", "memory": 16, "cpu": 8}],
    )
    placed = 0
    for _ in range(12):
        answer = ecs.run_task(taskDefinition="w", networkConfiguration=NETWORK)
        if answer["failures"]:
            assert answer["failures"] == [{"arn": instance_arn, "reason": "RESOURCE:ENI"}]
            return placed
        placed += 1
    return placed


def test_awsvpc_trunking_gives_instances_registered_afterwards_a_trunk(ecs, ecsmock):
    backend = ecsmock.backend("ecs")
    before = backend.join_instance("", "c5.large", subnet_id=SUBNET)

    ecs.put_account_setting_default(name="awsvpcTrunking", value="enabled")
    after = backend.join_instance("", "c5.large", subnet_id=SUBNET)
    ecs.deregister_container_instance(containerInstance=before.arn)

    described = ecs.describe_container_instances(containerInstances=[before.arn, after.arn])
    names = [{a["name"] for a in i["attributes"]} for i in described["containerInstances"]]
    assert ["ecs.awsvpc-trunk-id" in found for found in names] == [False, True]
    assert awsvpc_tasks_placed(ecs, after.arn) == 10  # a c5.large trunk carries 10


def test_without_awsvpc_trunking_an_instance_takes_one_task_per_spare_interface(ecs, ecsmock):
    ecs.put_account_setting_default(name="awsvpcTrunking", value="enabled")
    ecs.delete_account_setting(name="awsvpcTrunking")

    instance = ecsmock.backend("ecs").join_instance("", "c5.large", subnet_id=SUBNET)

    assert awsvpc_tasks_placed(ecs, instance.arn) == 2
