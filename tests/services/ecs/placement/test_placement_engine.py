from __future__ import annotations

import copy
import random

import pytest
from placement_doubles import Instance, apply_all, arn, names

from pytest_ecsmock.services.ecs.placement import (
    Placement,
    PlacementFailure,
    RequiredAttribute,
    TaskRequirement,
    parse_constraints,
    place,
)
from pytest_ecsmock.services.ecs.placement.views import InstanceView

WEB = TaskRequirement(cpu=256, memory=512)


def run(requirement, instances, count=1, **options):
    options.setdefault("rng", random.Random(7))
    options.setdefault("group", "family:web")
    return place(requirement, instances, count, **options)


def reasons(result):
    return [(failure.arn, failure.reason) for failure in result.failures]


def test_a_task_is_placed_with_what_it_reserves():
    result = run(
        TaskRequirement(cpu=256, memory=512, tcp_ports=frozenset({80}), dynamic_port_count=1),
        [Instance()],
    )

    assert result.placements == (
        Placement(
            container_instance_arn=arn("i1"),
            group="family:web",
            cpu=256,
            memory=512,
            tcp_ports=frozenset({80}),
            dynamic_host_ports=(32768,),
        ),
    )
    assert result.failures == ()
    assert result.unplaced == 0
    assert result.no_container_instances is False


def test_the_engine_changes_no_candidate():
    instances = [Instance("a"), Instance("b")]
    before = copy.deepcopy(instances)

    run(WEB, instances, 10, strategies=())

    assert instances == before


@pytest.mark.parametrize(
    ("instance", "requirement", "reason"),
    [
        (Instance(remaining_cpu=255), WEB, "RESOURCE:CPU"),
        (Instance(remaining_memory=511), WEB, "RESOURCE:MEMORY"),
        (Instance(remaining_cpu=0, remaining_memory=0), WEB, "RESOURCE:CPU"),
        (Instance(), TaskRequirement(tcp_ports=frozenset({22})), "RESOURCE:PORTS"),
        (
            Instance(used_udp_ports={53}),
            TaskRequirement(udp_ports=frozenset({53})),
            "RESOURCE:PORTS_UDP",
        ),
        (
            Instance(dynamic_ports_in_use={32768}),
            TaskRequirement(tcp_ports=frozenset({32768})),
            "RESOURCE:PORTS",
        ),
        (
            Instance(dynamic_port_range=(50000, 50001), dynamic_ports_in_use={50000, 50001}),
            TaskRequirement(dynamic_port_count=1),
            "RESOURCE:PORTS",
        ),
        (Instance(free_eni_slots=0), TaskRequirement(needs_eni=True), "RESOURCE:ENI"),
        (
            Instance(),
            TaskRequirement(required_attributes=(RequiredAttribute("ecs.capability.task-eni"),)),
            "ATTRIBUTE",
        ),
        (
            Instance(),
            TaskRequirement(
                required_attributes=(RequiredAttribute("ecs.instance-type", "m5.large"),)
            ),
            "ATTRIBUTE",
        ),
        (Instance(agent_connected=False), WEB, "AGENT"),
        (
            Instance(zone="us-east-1b"),
            TaskRequirement(availability_zones=frozenset({"us-east-1a"})),
            "LOCATION",
        ),
        (Instance(status="INACTIVE"), WEB, "INACTIVE"),
    ],
)
def test_an_instance_that_cannot_take_the_task_is_reported_with_its_reason(
    instance, requirement, reason
):
    result = run(requirement, [instance, Instance("ok", status="DRAINING")])

    assert result.placements == ()
    assert reasons(result) == [(instance.arn, reason)]
    assert result.unplaced == 1


@pytest.mark.parametrize(
    ("instance", "requirement"),
    [
        (Instance(remaining_cpu=256, remaining_memory=512), WEB),
        (Instance(), TaskRequirement(tcp_ports=frozenset({80}), udp_ports=frozenset({22}))),
        (Instance(used_udp_ports={53}), TaskRequirement(tcp_ports=frozenset({53}))),
        (Instance(free_eni_slots=1), TaskRequirement(needs_eni=True)),
        (
            Instance(attributes={"ecs.capability.task-eni": None}),
            TaskRequirement(required_attributes=(RequiredAttribute("ecs.capability.task-eni"),)),
        ),
        (
            Instance(),
            TaskRequirement(
                required_attributes=(RequiredAttribute("ecs.instance-type", "t2.small"),)
            ),
        ),
        (
            Instance(zone="us-east-1b"),
            TaskRequirement(availability_zones=frozenset({"us-east-1b"})),
        ),
    ],
)
def test_an_instance_that_just_fits_takes_the_task(instance, requirement):
    result = run(requirement, [instance])

    assert names(result.placements) == ["i1"]
    assert result.failures == ()


def test_the_first_failed_check_is_the_reason():
    instance = Instance(remaining_cpu=0, remaining_memory=0, free_eni_slots=0)
    requirement = TaskRequirement(
        cpu=1,
        memory=1,
        needs_eni=True,
        required_attributes=(RequiredAttribute("missing"),),
    )
    constraints = parse_constraints(
        [{"type": "distinctInstance"}, {"type": "memberOf", "expression": "attribute:x exists"}]
    )

    def reason_for(**changes):
        probe = copy.deepcopy(instance)
        for name, value in changes.items():
            setattr(probe, name, value)
        return run(requirement, [probe], constraints=constraints).failures[0].reason

    assert reason_for(agent_connected=False) == "AGENT"
    assert reason_for() == "RESOURCE:CPU"
    assert reason_for(remaining_cpu=1) == "RESOURCE:MEMORY"
    assert reason_for(remaining_cpu=1, remaining_memory=1) == "RESOURCE:ENI"
    assert reason_for(remaining_cpu=1, remaining_memory=1, free_eni_slots=1) == "ATTRIBUTE"
    fits = {"remaining_cpu": 1, "remaining_memory": 1, "free_eni_slots": 1}
    assert reason_for(**fits, attributes={"missing": None}, task_groups={"family:web": 1}) == (
        "DistinctInstance placement constraint unsatisfied."
    )
    assert reason_for(**fits, attributes={"missing": None}) == (
        "MemberOf placement constraint unsatisfied."
    )


def test_failures_list_each_instance_once_in_order_and_skip_draining_ones():
    instances = [
        Instance("a", remaining_memory=100),
        Instance("b", status="DRAINING"),
        Instance("c", agent_connected=False),
        Instance("d", remaining_cpu=100),
    ]

    result = run(WEB, instances, 3)

    assert reasons(result) == [
        (arn("a"), "RESOURCE:MEMORY"),
        (arn("c"), "AGENT"),
        (arn("d"), "RESOURCE:CPU"),
    ]
    assert result.unplaced == 3
    assert result.failures[0].describe() == {
        "arn": arn("a"),
        "reason": "RESOURCE:MEMORY",
    }


def test_the_closest_failure_is_the_instance_that_passed_most_checks():
    instances = [
        Instance("a", agent_connected=False),
        Instance("b", remaining_cpu=0),
        Instance("c", used_tcp_ports={80}),
        Instance("d", remaining_memory=0),
    ]

    result = run(TaskRequirement(cpu=1, memory=1, tcp_ports=frozenset({80})), instances)

    assert result.closest_failure == PlacementFailure(arn("c"), "RESOURCE:PORTS")
    assert run(WEB, [Instance()]).closest_failure is None


def test_later_tasks_of_a_call_see_what_earlier_ones_took():
    # two tasks on one instance with host port 80: the second fails, as on AWS
    result = run(TaskRequirement(tcp_ports=frozenset({80})), [Instance()], 2)

    assert names(result.placements) == ["i1"]
    assert reasons(result) == [(arn("i1"), "RESOURCE:PORTS")]
    assert result.unplaced == 1


@pytest.mark.parametrize(
    ("requirement", "placed", "reason"),
    [
        (TaskRequirement(cpu=700), 2, "RESOURCE:CPU"),
        (TaskRequirement(memory=1500), 2, "RESOURCE:MEMORY"),
        (TaskRequirement(udp_ports=frozenset({9000})), 1, "RESOURCE:PORTS_UDP"),
        (TaskRequirement(needs_eni=True), 2, "RESOURCE:ENI"),
    ],
)
def test_a_call_places_until_the_instance_is_full(requirement, placed, reason):
    instance = Instance(remaining_cpu=1500, remaining_memory=3500, free_eni_slots=2)

    result = run(requirement, [instance], 5)

    assert len(result.placements) == placed
    assert reasons(result) == [(instance.arn, reason)]
    assert result.unplaced == 5 - placed


def test_no_container_instances_when_none_is_active():
    assert run(WEB, []).no_container_instances is True
    assert run(WEB, []).unplaced == 1
    draining = run(WEB, [Instance(status="DRAINING"), Instance("b", status="REGISTERING")])
    assert draining.no_container_instances is True
    assert draining.failures == ()
    inactive = run(WEB, [Instance(status="INACTIVE")], 2)
    assert inactive.no_container_instances is True
    assert reasons(inactive) == [(arn("i1"), "INACTIVE")]
    assert run(WEB, [Instance(agent_connected=False)]).no_container_instances is False


def test_already_placed_tasks_count_as_taken():
    instance = Instance(remaining_cpu=1024)
    earlier = Placement(
        arn("i1"),
        "family:web",
        cpu=768,
        memory=0,
        tcp_ports=frozenset({80}),
        dynamic_host_ports=(32768,),
    )
    requirement = TaskRequirement(cpu=256, dynamic_port_count=1)

    result = run(requirement, [instance], 2, already_placed=[earlier])

    assert [p.dynamic_host_ports for p in result.placements] == [(32769,)]
    assert reasons(result) == [(arn("i1"), "RESOURCE:CPU")]
    with_port = run(
        TaskRequirement(tcp_ports=frozenset({80})), [instance], already_placed=[earlier]
    )
    assert reasons(with_port) == [(arn("i1"), "RESOURCE:PORTS")]


def test_the_same_seed_gives_the_same_placement():
    instances = [Instance(name) for name in "abcdefgh"]

    first = run(WEB, instances, 8, rng=random.Random(3))
    second = run(WEB, instances, 8, rng=random.Random(3))

    assert first == second
    assert len(set(names(first.placements))) > 1


def test_placements_applied_between_calls_give_the_same_as_one_call():
    instances = [Instance(name, remaining_cpu=768) for name in "abc"]
    one_call = run(WEB, instances, 9, rng=random.Random(1))
    assert one_call.unplaced == 0

    rng = random.Random(1)
    state = copy.deepcopy(instances)
    chosen: list[str] = []
    for _ in range(9):
        result = run(WEB, state, 1, rng=rng)
        apply_all(state, result.placements)
        chosen += names(result.placements)

    assert chosen == names(one_call.placements)
    assert [instance.remaining_cpu for instance in state] == [0, 0, 0]
    assert [instance.task_groups for instance in state] == [{"family:web": 3}] * 3
    assert reasons(run(WEB, state)) == [
        (arn("a"), "RESOURCE:CPU"),
        (arn("b"), "RESOURCE:CPU"),
        (arn("c"), "RESOURCE:CPU"),
    ]


def test_a_view_is_the_candidate_with_the_tasks_of_the_call_added():
    instance = Instance(used_udp_ports={53}, dynamic_ports_in_use={32768}, task_groups={"a": 1})
    view = InstanceView(instance, "family:web")

    view.take(
        cpu=100,
        memory=200,
        tcp_ports=frozenset({80}),
        udp_ports=frozenset({5353}),
        dynamic_ports=frozenset({32769}),
        eni=True,
        group="family:web",
    )

    assert (view.remaining_cpu, view.remaining_memory, view.free_eni_slots) == (1948, 3896, 1)
    assert view.used_tcp_ports == instance.used_tcp_ports | {80}
    assert view.used_udp_ports == {53, 5353}
    assert view.dynamic_ports_in_use == {32768, 32769}
    assert view.task_groups == {"a": 1, "family:web": 1}
    assert (view.running_tasks_count, view.group_tasks) == (2, 1)
    assert (view.ec2_instance_id, view.agent_version) == ("i-i1", "1.68.2")
    assert view.registered_at == instance.registered_at
    assert instance.task_groups == {"a": 1}
    assert instance.used_udp_ports == {53}
