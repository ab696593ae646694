"""Large clusters: the engine stays balanced, and reads each instance a fixed number of
times per call however many tasks it places."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from placement_doubles import Instance, names

from pytest_ecsmock.services.ecs.placement import (
    TaskRequirement,
    parse_constraints,
    parse_strategies,
    place,
)

TASK = TaskRequirement(cpu=16, memory=32, dynamic_port_count=1)


def test_five_thousand_tasks_spread_over_five_hundred_instances_in_one_call():
    instances = [
        Instance(f"n{number}", zone=f"us-east-1{'abc'[number % 3]}", remaining_cpu=4096)
        for number in range(510)
    ]

    result = place(
        TASK,
        instances,
        5100,
        strategies=parse_strategies(
            [
                {"type": "spread", "field": "attribute:ecs.availability-zone"},
                {"type": "spread", "field": "instanceId"},
            ]
        ),
        rng=random.Random(9),
        group="service:api",
    )

    assert result.unplaced == 0
    assert set(Counter(names(result.placements)).values()) == {10}
    ports = Counter(p.dynamic_host_ports for p in result.placements)
    assert set(ports) == {(port,) for port in range(32768, 32778)}


CANDIDATE_PROPERTIES = frozenset(
    {
        "arn",
        "ec2_instance_id",
        "status",
        "agent_connected",
        "agent_version",
        "registered_at",
        "attributes",
        "running_tasks_count",
        "remaining_cpu",
        "remaining_memory",
        "used_tcp_ports",
        "used_udp_ports",
        "dynamic_port_range",
        "dynamic_ports_in_use",
        "free_eni_slots",
        "task_groups",
    }
)


@dataclass
class CountingInstance(Instance):
    """An instance that counts how often the engine reads each Candidate property (a
    real instance may work them out from its tasks each time)."""

    reads: Counter[str] | None = None

    def __getattribute__(self, name: str):
        if name in CANDIDATE_PROPERTIES and object.__getattribute__(self, "reads") is not None:
            object.__getattribute__(self, "reads")[name] += 1
        return object.__getattribute__(self, name)

    @property
    def running_tasks_count(self) -> int:
        return sum(self.__dict__["task_groups"].values())


def test_each_property_of_an_instance_is_read_at_most_once_per_call():
    instances = [
        CountingInstance(
            f"n{number}",
            zone=f"us-east-1{'ab'[number % 2]}",
            remaining_cpu=100_000,
            remaining_memory=100_000,
            task_groups={f"family:t{task}": 1 for task in range(50)},
            dynamic_ports_in_use=set(range(32768, 33768)),
        )
        for number in range(40)
    ]
    for instance in instances:
        instance.reads = Counter()

    result = place(
        TaskRequirement(cpu=16, memory=32, tcp_ports=frozenset({80}), dynamic_port_count=2),
        instances,
        40,
        constraints=parse_constraints(
            [
                {"type": "memberOf", "expression": "attribute:a !exists"},
                {"type": "memberOf", "expression": "runningTasksCount < 100"},
                {"type": "distinctInstance"},
            ]
        ),
        strategies=parse_strategies(
            [
                {"type": "spread", "field": "attribute:ecs.availability-zone"},
                {"type": "binpack", "field": "memory"},
            ]
        ),
        rng=random.Random(1),
        group="service:api",
    )

    assert result.unplaced == 0
    reads = [dict(instance.reads or {}) for instance in instances]
    assert all(max(counts.values()) == 1 for counts in reads), reads
    assert all(counts["task_groups"] == 1 for counts in reads)
