"""Host ports: fixed ones that must be free, dynamic ones handed out from the range.

A bridge-mode port mapping with ``hostPort`` 0 or left out gets a dynamic host port from
the instance's ``ECS_DYNAMIC_HOST_PORT_RANGE`` (32768-60999 by default). The engine
hands out the lowest free port of the range: a port that neither a fixed mapping
(``used_tcp_ports``/``used_udp_ports``) nor another dynamic mapping uses. A port number
handed out dynamically is not reused for the other protocol either. (The agent and
Docker hand ports out round-robin from the last one given, so on AWS a port just freed
is not reused at once; lowest-free keeps tests easy to predict.)
"""

from __future__ import annotations

from collections.abc import Set

from pytest_ecsmock.services.ecs.placement.views import InstanceView


def fixed_tcp_port_taken(view: InstanceView, ports: Set[int]) -> bool:
    return any(view.tcp_port_taken(port) for port in ports)


def fixed_udp_port_taken(view: InstanceView, ports: Set[int]) -> bool:
    return any(view.udp_port_taken(port) for port in ports)


def dynamic_ports_for(
    view: InstanceView, count: int, own_fixed_ports: Set[int]
) -> tuple[int, ...] | None:
    """The ``count`` lowest free dynamic ports of the instance, or None if it has fewer.

    ``own_fixed_ports`` are the fixed host ports of the task being placed. The search
    starts where the previous one for this view stopped: within one call ports are only
    taken, so the lowest free port never goes down."""
    if count == 0:
        return ()
    first, last = view.candidate.dynamic_port_range
    port = max(first, view.dynamic_search_start)
    found: list[int] = []
    candidate = view.candidate
    while port <= last:
        if not (
            port in candidate.used_tcp_ports
            or port in candidate.used_udp_ports
            or view.dynamic_port_taken(port)
            or port in view.added_tcp_ports
            or port in view.added_udp_ports
            or port in own_fixed_ports
        ):
            found.append(port)
            if len(found) == count:
                return tuple(found)
        elif not found:
            view.dynamic_search_start = port + 1
        port += 1
    return None
