from __future__ import annotations

import random

from placement_doubles import REGISTERED, Instance, apply, arn, free

from pytest_ecsmock.services.ecs.placement import (
    RequiredAttribute,
    TaskRequirement,
    place,
    requirement_for,
)
from pytest_ecsmock.services.ecs.task_definitions.model import TaskDefinition


def ports_of(instance, requirement, count=1):
    result = place(requirement, [instance], count, rng=random.Random(0), group="family:web")
    return [placement.dynamic_host_ports for placement in result.placements]


def test_a_fresh_instance_hands_out_the_start_of_the_range_in_turn():
    instance = Instance()

    assert ports_of(instance, TaskRequirement(dynamic_port_count=1), 2) == [(32768,), (32769,)]


def test_dynamic_ports_follow_the_highest_dynamic_port_in_use_skipping_taken_ones():
    instance = Instance(
        dynamic_port_range=(40000, 40010),
        used_tcp_ports={40006},
        used_udp_ports={40007},
        dynamic_ports_in_use={40001, 40004},
    )

    assert ports_of(instance, TaskRequirement(dynamic_port_count=3)) == [(40005, 40008, 40009)]


def test_dynamic_ports_wrap_round_to_the_start_of_the_range():
    instance = Instance(
        dynamic_port_range=(40000, 40004),
        used_tcp_ports={40000},
        dynamic_ports_in_use={40002, 40004},
    )

    assert ports_of(instance, TaskRequirement(dynamic_port_count=2)) == [(40001, 40003)]


def test_dynamic_ports_avoid_the_fixed_ports_of_the_same_task():
    instance = Instance(dynamic_port_range=(40000, 40010))
    requirement = TaskRequirement(
        tcp_ports=frozenset({40000}), udp_ports=frozenset({40001}), dynamic_port_count=1
    )

    assert ports_of(instance, requirement) == [(40002,)]


def test_each_task_of_a_call_gets_its_own_dynamic_ports():
    instance = Instance(dynamic_port_range=(40000, 40006), dynamic_ports_in_use={40001})

    assert ports_of(instance, TaskRequirement(dynamic_port_count=2), 3) == [
        (40002, 40003),
        (40004, 40005),
        (40006, 40000),
    ]


def test_a_call_stops_when_the_dynamic_range_runs_out():
    instance = Instance(dynamic_port_range=(40000, 40004))

    result = place(
        TaskRequirement(dynamic_port_count=2),
        [instance],
        3,
        rng=random.Random(0),
        group="family:web",
    )

    assert [p.dynamic_host_ports for p in result.placements] == [(40000, 40001), (40002, 40003)]
    assert [(f.arn, f.reason) for f in result.failures] == [(arn("i1"), "RESOURCE:PORTS")]


def test_a_freed_dynamic_port_is_handed_out_again_once_the_range_wraps_round():
    instance = Instance(dynamic_port_range=(40000, 40002))
    requirement = TaskRequirement(dynamic_port_count=1)
    first = place(requirement, [instance], 2, rng=random.Random(0), group="g").placements
    for placement in first:
        apply(instance, placement)
    assert [p.dynamic_host_ports for p in first] == [(40000,), (40001,)]

    free(instance, first[0])

    assert ports_of(instance, requirement, 2) == [(40002,), (40000,)]


def test_a_fixed_port_free_again_after_its_task_stops():
    instance = Instance()
    requirement = TaskRequirement(tcp_ports=frozenset({80}))
    (placement,) = place(requirement, [instance], 1, rng=random.Random(0), group="g").placements
    apply(instance, placement)
    assert place(requirement, [instance], 1, rng=random.Random(0), group="g").placements == ()

    free(instance, placement)

    assert len(place(requirement, [instance], 1, rng=random.Random(0), group="g").placements) == 1


def task_definition(network_mode, containers, **task_level):
    document = {"family": "web", "networkMode": network_mode, "containerDefinitions": containers}
    document.update(task_level)
    return TaskDefinition(
        family="web",
        revision=1,
        arn="arn:aws:ecs:us-east-1:123456789012:task-definition/web:1",
        document=document,
        requires_attributes=["com.amazonaws.ecs.capability.docker-remote-api.1.18"],
        compatibilities=["EC2"],
        registered_at=REGISTERED,
        registered_by="arn:aws:iam::123456789012:root",
    )


def container(name, **definition):
    return {"name": name, "image": "nginx", "cpu": 0, "essential": True, **definition}


def test_requirement_of_a_bridge_task_definition():
    definition = task_definition(
        "bridge",
        [
            container(
                "web",
                cpu=256,
                memory=512,
                memoryReservation=128,
                portMappings=[
                    {"containerPort": 80, "hostPort": 8080, "protocol": "tcp"},
                    {"containerPort": 443, "hostPort": 0, "protocol": "tcp"},
                    {"containerPort": 53, "hostPort": 5353, "protocol": "udp"},
                ],
            ),
            container(
                "sidecar",
                cpu=128,
                memory=256,
                portMappings=[{"containerPort": 9000, "protocol": "udp"}],
            ),
        ],
    )

    assert requirement_for(definition) == TaskRequirement(
        cpu=384,
        memory=384,
        tcp_ports=frozenset({8080}),
        udp_ports=frozenset({5353}),
        dynamic_port_count=2,
        required_attributes=(
            RequiredAttribute("com.amazonaws.ecs.capability.docker-remote-api.1.18"),
        ),
    )


def test_requirement_of_a_host_task_definition_uses_the_container_ports():
    definition = task_definition(
        "host",
        [container("web", memory=256, portMappings=[{"containerPort": 80, "protocol": "tcp"}])],
        cpu="1024",
        memory="2048",
    )

    requirement = requirement_for(definition)

    assert (requirement.cpu, requirement.memory) == (1024, 2048)
    assert requirement.tcp_ports == frozenset({80})
    assert requirement.dynamic_port_count == 0


def test_requirement_of_an_awsvpc_task_definition_needs_an_eni_and_no_host_port():
    definition = task_definition(
        "awsvpc",
        [container("web", memory=256, portMappings=[{"containerPort": 80, "hostPort": 80}])],
    )

    requirement = requirement_for(definition, availability_zones=frozenset({"us-east-1a"}))

    assert requirement.needs_eni is True
    assert requirement.tcp_ports == frozenset()
    assert requirement.dynamic_port_count == 0
    assert requirement.availability_zones == frozenset({"us-east-1a"})
