"""awsvpc tasks on EC2 take an ENI each, up to what the instance type can attach."""

from __future__ import annotations

SUBNET = "subnet-0aa11bb22"
NETWORK = {"awsvpcConfiguration": {"subnets": [SUBNET]}}


def test_a_t3_medium_takes_two_awsvpc_tasks_then_reports_resource_eni(ecs, ecsmock):
    instance = ecsmock.backend("ecs").join_instance("", "t3.medium", subnet_id=SUBNET)
    ecs.register_task_definition(
        family="w",
        networkMode="awsvpc",
        containerDefinitions=[{"name": "a", "image": "x", "memory": 64, "cpu": 16}],
    )
    placed = []
    for _ in range(2):
        answer = ecs.run_task(taskDefinition="w", networkConfiguration=NETWORK)
        assert answer["failures"] == []
        placed.append(answer["tasks"][0])
    # three network interfaces: the instance's own and one per task
    refused = ecs.run_task(taskDefinition="w", networkConfiguration=NETWORK)
    assert refused["tasks"] == []
    assert refused["failures"] == [{"arn": instance.arn, "reason": "RESOURCE:ENI"}]
    eni_ids = {
        detail["value"]
        for task in placed
        for detail in task["attachments"][0]["details"]
        if detail["name"] == "networkInterfaceId"
    }
    assert len(eni_ids) == 2
    # stopping one frees its interface for the next task
    ecs.stop_task(task=placed[0]["taskArn"])
    ecsmock.clock.advance(120)
    again = ecs.run_task(taskDefinition="w", networkConfiguration=NETWORK)
    assert again["failures"] == []
    assert again["tasks"][0]["containerInstanceArn"] == instance.arn
