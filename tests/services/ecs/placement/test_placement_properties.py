"""Properties of the engine over random clusters and streams of RunTask calls."""

from __future__ import annotations

import copy
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from placement_doubles import Instance, apply, free

from pytest_ecsmock.services.ecs.placement import (
    TaskRequirement,
    parse_constraints,
    parse_strategies,
    place,
)

# A few ports and a short dynamic range, so that ports clash often.
PORTS = [80, 443, 8080, 40000, 40001, 40002]
RANGE_START = 40000
ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"]
GROUPS = ["family:web", "family:db", "service:api"]


@st.composite
def instances(draw: st.DrawFn) -> list[Instance]:
    count = draw(st.integers(1, 6))
    made = []
    for number in range(count):
        range_end = RANGE_START + draw(st.integers(0, 6))
        dynamic_range = list(range(RANGE_START, range_end + 1))
        made.append(
            Instance(
                name=f"i{number}",
                status=draw(st.sampled_from(["ACTIVE"] * 4 + ["DRAINING", "INACTIVE"])),
                agent_connected=draw(st.booleans() | st.just(True)),
                zone=draw(st.sampled_from(ZONES)),
                remaining_cpu=draw(st.integers(0, 4096)),
                remaining_memory=draw(st.integers(0, 8192)),
                used_tcp_ports=set(draw(st.lists(st.sampled_from(PORTS), max_size=3))),
                used_udp_ports=set(draw(st.lists(st.sampled_from(PORTS), max_size=2))),
                dynamic_port_range=(RANGE_START, range_end),
                dynamic_ports_in_use=set(
                    draw(st.lists(st.sampled_from(dynamic_range), max_size=2))
                ),
                free_eni_slots=draw(st.integers(0, 3)),
                task_groups=draw(st.dictionaries(st.sampled_from(GROUPS), st.integers(1, 3))),
            )
        )
    return made


requirements = st.builds(
    TaskRequirement,
    cpu=st.integers(0, 1024),
    memory=st.integers(0, 2048),
    tcp_ports=st.frozensets(st.sampled_from(PORTS), max_size=2),
    udp_ports=st.frozensets(st.sampled_from(PORTS), max_size=1),
    dynamic_port_count=st.integers(0, 3),
    needs_eni=st.booleans(),
)
strategy_lists = st.lists(
    st.sampled_from(
        [
            {"type": "binpack", "field": "cpu"},
            {"type": "binpack", "field": "memory"},
            {"type": "spread", "field": "instanceId"},
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "random"},
        ]
    ),
    max_size=3,
)
constraint_lists = st.lists(
    st.sampled_from(
        [
            {"type": "distinctInstance"},
            {"type": "memberOf", "expression": "attribute:ecs.availability-zone != us-east-1c"},
            {"type": "memberOf", "expression": "runningTasksCount < 4"},
        ]
    ),
    max_size=2,
)
calls = st.lists(
    st.tuples(
        requirements,
        st.integers(1, 10),
        strategy_lists,
        constraint_lists,
        st.sampled_from(GROUPS),
    ),
    min_size=1,
    max_size=6,
)


def check_and_apply(instance: Instance, placement, requirement: TaskRequirement) -> None:
    assert instance.status == "ACTIVE"
    assert instance.agent_connected
    taken_tcp = instance.used_tcp_ports | instance.dynamic_ports_in_use
    taken_udp = instance.used_udp_ports | instance.dynamic_ports_in_use
    assert placement.tcp_ports.isdisjoint(taken_tcp)
    assert placement.udp_ports.isdisjoint(taken_udp)
    dynamic = set(placement.dynamic_host_ports)
    assert len(dynamic) == requirement.dynamic_port_count
    first, last = instance.dynamic_port_range
    assert all(first <= port <= last for port in dynamic)
    assert dynamic.isdisjoint(taken_tcp | taken_udp | requirement.tcp_ports | requirement.udp_ports)
    apply(instance, placement)
    assert instance.remaining_cpu >= 0
    assert instance.remaining_memory >= 0
    assert instance.free_eni_slots >= 0


@settings(max_examples=150, deadline=None)
@given(cluster=instances(), stream=calls, seed=st.integers(0, 2**32 - 1), data=st.data())
def test_placements_never_overcommit_and_freeing_them_restores_the_instances(
    cluster, stream, seed, data
):
    original = copy.deepcopy(cluster)
    by_arn = {instance.arn: instance for instance in cluster}
    rng = random.Random(seed)
    applied = []
    for requirement, count, strategies, constraints, group in stream:
        result = place(
            requirement,
            cluster,
            count,
            constraints=parse_constraints(constraints),
            strategies=parse_strategies(strategies),
            rng=rng,
            group=group,
        )
        assert len(result.placements) + result.unplaced == count
        active = [i.arn for i in cluster if i.status == "ACTIVE"]
        inactive = [i.arn for i in cluster if i.status == "INACTIVE"]
        assert result.no_container_instances is (not active)
        if result.unplaced and active:
            assert sorted(f.arn for f in result.failures) == sorted(active + inactive)
        else:
            assert [f.arn for f in result.failures] == inactive
        for placement in result.placements:
            assert placement.group == group
            check_and_apply(by_arn[placement.container_instance_arn], placement, requirement)
            applied.append(placement)

    for placement in data.draw(st.permutations(applied)):
        free(by_arn[placement.container_instance_arn], placement)

    assert cluster == original


@settings(max_examples=50, deadline=None)
@given(cluster=instances(), requirement=requirements, seed=st.integers(0, 2**32 - 1))
def test_one_call_for_many_tasks_equals_one_call_per_task(cluster, requirement, seed):
    strategies = parse_strategies([{"type": "spread", "field": "attribute:ecs.availability-zone"}])
    together = place(
        requirement, cluster, 8, strategies=strategies, rng=random.Random(seed), group="g"
    )

    rng = random.Random(seed)
    one_by_one = []
    for _ in range(8):
        result = place(requirement, cluster, 1, strategies=strategies, rng=rng, group="g")
        if not result.placements:
            break
        apply(
            next(i for i in cluster if i.arn == result.placements[0].container_instance_arn),
            result.placements[0],
        )
        one_by_one.extend(result.placements)

    assert tuple(one_by_one) == together.placements
