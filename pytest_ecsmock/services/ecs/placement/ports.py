"""Host ports: fixed ones that must be free, dynamic ones handed out from the range.

A bridge-mode port mapping with ``hostPort`` 0 or left out gets a dynamic host port from
the instance's ``ECS_DYNAMIC_HOST_PORT_RANGE`` (32768-60999 by default). Like the agent,
the engine goes round the range: the next port is the first free one after the highest
dynamic port in use, wrapping round to the start of the range when it reaches the end.
So the first task of a fresh instance gets 32768 and the next 32769; a port freed below
the highest one in use is handed out again only once the range has wrapped round. A
port is free when no fixed mapping (``used_tcp_ports``/``used_udp_ports``, either
protocol) and no other dynamic mapping holds it.
"""

from __future__ import annotations

import itertools
from collections.abc import Set

from pytest_ecsmock.services.ecs.placement.views import InstanceView


def fixed_tcp_port_taken(view: InstanceView, ports: Set[int]) -> bool:
    return any(view.tcp_port_taken(port) for port in ports)


def fixed_udp_port_taken(view: InstanceView, ports: Set[int]) -> bool:
    return any(view.udp_port_taken(port) for port in ports)


def has_free_dynamic_ports(view: InstanceView, count: int, own_fixed_ports: Set[int]) -> bool:
    """Whether ``count`` ports of the dynamic range are free for a task with these fixed
    ports.

    Dynamic ports in use lie in the range and are counted, not looked at; the fixed
    ports (of the instance and of the task) are few and are looked at only when the
    range is nearly full. So the check costs the same however many tasks hold dynamic
    ports on the instance."""
    first, last = view.dynamic_port_range
    free_of_dynamic = (
        last - first + 1 - len(view.base_dynamic_ports) - len(view.added_dynamic_ports)
    )
    fixed = (
        view.base_tcp_ports,
        view.base_udp_ports,
        view.added_tcp_ports,
        view.added_udp_ports,
        own_fixed_ports,
    )
    fixed_at_most = len(fixed[0]) + len(fixed[1]) + len(fixed[2]) + len(fixed[3]) + len(fixed[4])
    if free_of_dynamic - fixed_at_most >= count:
        return True  # enough even if every fixed port lay in the range
    fixed_in_range = {
        port
        for ports in fixed
        for port in ports
        if first <= port <= last and not view.dynamic_port_taken(port)
    }
    return free_of_dynamic - len(fixed_in_range) >= count


def dynamic_ports_for(view: InstanceView, count: int, own_fixed_ports: Set[int]) -> tuple[int, ...]:
    """``count`` free dynamic ports of the instance, going round the range (check first
    that it has that many with ``has_free_dynamic_ports``).

    The search starts after the highest dynamic port in use (then after the last one
    this call handed out) and wraps round to the start of the range, as the agent does.
    ``own_fixed_ports`` are the fixed host ports of the task being placed."""
    if count == 0:
        return ()
    first, last = view.dynamic_port_range
    start = view.dynamic_search_start
    if start == 0:
        in_use = view.base_dynamic_ports
        highest = max(max(in_use, default=0), max(view.added_dynamic_ports, default=0))
        start = highest + 1 if first <= highest < last else first
    tcp_ports, udp_ports = view.base_tcp_ports, view.base_udp_ports
    found: list[int] = []
    for port in itertools.chain(range(start, last + 1), range(first, start)):
        if not (
            port in tcp_ports
            or port in udp_ports
            or view.dynamic_port_taken(port)
            or port in view.added_tcp_ports
            or port in view.added_udp_ports
            or port in own_fixed_ports
        ):
            found.append(port)
            if len(found) == count:
                view.dynamic_search_start = port + 1 if port < last else first
                return tuple(found)
    raise ValueError(f"{view.arn} has fewer than {count} free dynamic ports")
