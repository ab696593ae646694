from __future__ import annotations

import random
from collections import Counter

import pytest
from placement_doubles import Instance, apply_all, names

from pytest_ecsmock.services.ecs.placement import (
    Binpack,
    RandomPlacement,
    Spread,
    TaskRequirement,
    parse_strategies,
    place,
)

TASK = TaskRequirement(cpu=128, memory=256)


def run(instances, count, strategy, *, group="family:web", seed=11):
    return place(
        TASK,
        instances,
        count,
        strategies=parse_strategies(strategy),
        rng=random.Random(seed),
        group=group,
    )


def zones(instances, placements):
    zone_of = {instance.arn: instance.zone for instance in instances}
    return Counter(zone_of[placement.container_instance_arn] for placement in placements)


def test_binpack_memory_fills_the_instance_with_least_memory_left_first():
    instances = [
        Instance("roomy", remaining_memory=4096),
        Instance("tight", remaining_memory=1024),
        Instance("middle", remaining_memory=2048),
    ]

    result = run(instances, 9, [{"type": "binpack", "field": "memory"}])

    assert names(result.placements) == ["tight"] * 4 + ["middle"] * 5


def test_binpack_cpu_looks_at_cpu_only():
    instances = [
        Instance("a", remaining_cpu=2048, remaining_memory=512),
        Instance("b", remaining_cpu=256, remaining_memory=8192),
    ]

    result = run(instances, 3, [{"type": "binpack", "field": "CPU"}])

    assert names(result.placements) == ["b", "b", "a"]


def test_binpack_skips_instances_the_task_does_not_fit():
    instances = [Instance("full", remaining_memory=100), Instance("free", remaining_memory=300)]

    result = run(instances, 1, [{"type": "binpack", "field": "memory"}])

    assert names(result.placements) == ["free"]


def test_spread_over_instances_evens_out_the_tasks_of_the_group():
    instances = [
        Instance("a", task_groups={"family:web": 2, "family:other": 5}),
        Instance("b"),
        Instance("c", task_groups={"family:web": 1}),
    ]

    result = run(instances, 6, [{"type": "spread", "field": "instanceId"}])

    assert Counter(names(result.placements)) == {"a": 1, "b": 3, "c": 2}
    assert names(result.placements)[0] == "b"


def test_spread_host_is_spread_instance_id():
    assert parse_strategies([{"type": "spread", "field": "host"}]) == (Spread("instanceId"),)


def test_spread_over_zones_counts_the_group_over_all_instances_of_a_zone():
    instances = [
        Instance("a1", zone="us-east-1a", task_groups={"service:api": 3}),
        Instance("a2", zone="us-east-1a"),
        Instance("b1", zone="us-east-1b", task_groups={"service:other": 9}),
        Instance("c1", zone="us-east-1c", task_groups={"service:api": 1}),
    ]

    result = run(
        instances,
        5,
        [{"type": "spread", "field": "attribute:ecs.availability-zone"}],
        group="service:api",
    )

    # 3, 0, 1 before: 2 to us-east-1b, 1 to us-east-1c catch up, then one to each of b and c
    assert zones(instances, result.placements) == {"us-east-1b": 3, "us-east-1c": 2}


def test_instances_without_the_spread_attribute_share_one_value():
    instances = [
        Instance("x", attributes={"rack": "r1"}),
        Instance("y1"),
        Instance("y2"),
    ]

    result = run(instances, 4, [{"type": "spread", "field": "attribute:rack"}])

    racks = ["r1" if name == "x" else "none" for name in names(result.placements)]
    assert sorted(racks[:2]) == ["none", "r1"]
    assert Counter(racks) == {"r1": 2, "none": 2}


def test_spread_over_zones_then_binpack_memory_within_the_zone():
    instances = [
        Instance("a-roomy", zone="us-east-1a", remaining_memory=8192),
        Instance("a-tight", zone="us-east-1a", remaining_memory=1024),
        Instance("b-roomy", zone="us-east-1b", remaining_memory=8192),
        Instance("b-tight", zone="us-east-1b", remaining_memory=2048),
    ]

    result = run(
        instances,
        6,
        [
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "binpack", "field": "memory"},
        ],
    )

    assert zones(instances, result.placements) == {"us-east-1a": 3, "us-east-1b": 3}
    assert set(names(result.placements)) == {"a-tight", "b-tight"}


def test_spread_over_zones_then_instances():
    instances = [
        Instance(f"{zone}{number}", zone=f"us-east-1{zone}") for zone in "ab" for number in range(3)
    ]

    result = run(
        instances,
        6,
        [
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "spread", "field": "instanceId"},
        ],
    )

    assert sorted(names(result.placements)) == ["a0", "a1", "a2", "b0", "b1", "b2"]


def test_random_uses_the_generator_it_is_given():
    instances = [Instance(name) for name in "abcdef"]

    first = run(instances, 30, [{"type": "random"}], seed=5)
    again = run(instances, 30, [{"type": "random"}], seed=5)
    other = run(instances, 30, [{"type": "random"}], seed=6)

    assert names(first.placements) == names(again.placements)
    assert names(first.placements) != names(other.placements)
    assert set(names(first.placements)) == set("abcdef")


def test_random_ignores_its_field_and_ends_the_narrowing():
    strategies = parse_strategies(
        [{"type": "random", "field": ""}, {"type": "binpack", "field": "memory"}]
    )

    assert strategies == (RandomPlacement(), Binpack("memory"))


def test_without_strategies_ties_are_drawn_with_the_generator():
    instances = [Instance(name) for name in "abcd"]

    result = run(instances, 40, [])

    assert set(names(result.placements)) == set("abcd")


def test_each_call_of_a_scheduler_loop_balances_like_one_call():
    instances = [
        Instance(f"{zone}{number}", zone=f"us-east-1{zone}")
        for zone in "abc"
        for number in range(2)
    ]
    rng = random.Random(2)
    strategy = parse_strategies([{"type": "spread", "field": "attribute:ecs.availability-zone"}])
    for _ in range(12):
        result = place(TASK, instances, 1, strategies=strategy, rng=rng, group="service:api")
        apply_all(instances, result.placements)

    per_zone = Counter()
    for instance in instances:
        per_zone[instance.zone] += instance.task_groups.get("service:api", 0)
    assert per_zone == {"us-east-1a": 4, "us-east-1b": 4, "us-east-1c": 4}


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ([], ()),
        ([{"type": "binpack", "field": "memory"}], (Binpack("memory"),)),
        ([{"type": "binpack", "field": "MEMORY"}], (Binpack("memory"),)),
        ([{"type": "binpack", "field": "cpu"}], (Binpack("cpu"),)),
        ([{"type": "spread", "field": "instanceId"}], (Spread("instanceId"),)),
        ([{"type": "spread", "field": "attribute:rack"}], (Spread("attribute:rack"),)),
        ([{"type": "random"}], (RandomPlacement(),)),
        ([{"type": "random"}] * 5, (RandomPlacement(),) * 5),
    ],
)
def test_valid_strategies_are_read(raw, parsed):
    assert parse_strategies(raw) == parsed


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([{"type": "random"}] * 6, "Maximum number of strategies is 5"),
        (
            [{"type": "random"}, {"type": "pack"}],
            "1 validation error detected: Value 'pack' at 'placementStrategy.2.member.type' "
            "failed to satisfy constraint: Member must satisfy enum value set: "
            "[random, spread, binpack]",
        ),
        (
            [{"field": "cpu"}],
            "1 validation error detected: Value 'null' at 'placementStrategy.1.member.type' "
            "failed to satisfy constraint: Member must satisfy enum value set: "
            "[random, spread, binpack]",
        ),
        ([{"type": "binpack"}], "binpack field must be specified."),
        ([{"type": "spread", "field": " "}], "spread field must be specified."),
        ([{"type": "binpack", "field": "disk"}], "binpack field 'disk' is invalid"),
        ([{"type": "spread", "field": "zone"}], "spread field 'zone' is invalid"),
        ([{"type": "spread", "field": "attribute:"}], "spread field 'attribute:' is invalid"),
    ],
)
def test_invalid_strategies_give_the_message_of_aws(raw, message):
    with pytest.raises(ValueError) as raised:
        parse_strategies(raw)

    assert str(raised.value) == message


def test_the_member_name_appears_in_the_enum_message():
    with pytest.raises(ValueError) as raised:
        parse_strategies([{"type": "x"}], member="placementStrategy")

    assert "'placementStrategy.1.member.type'" in str(raised.value)
