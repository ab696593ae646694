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


@dataclass
class CountingInstance(Instance):
    """An instance that counts how often the engine reads its task counters."""

    task_group_reads: int = 0
    port_reads: int = 0

    def __getattribute__(self, name: str):
        if name == "task_groups":
            object.__setattr__(self, "task_group_reads", self.task_group_reads + 1)
        if name == "dynamic_ports_in_use":
            object.__setattr__(self, "port_reads", self.port_reads + 1)
        return object.__getattribute__(self, name)


def test_each_instance_is_read_a_fixed_number_of_times_per_call():
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

    result = place(
        TASK,
        instances,
        2000,
        constraints=parse_constraints([{"type": "memberOf", "expression": "attribute:a !exists"}]),
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
    assert max(instance.task_group_reads for instance in instances) == 1
    # a few reads per task placed on the instance, none per task placed elsewhere
    for instance in instances:
        placed_here = names(result.placements).count(instance.name)
        assert instance.port_reads <= 4 + 4 * placed_here
