"""Changes that start, stop or move the health checks of targets.

A target group is in use while a listener (or a rule) forwards to it. After each
operation that can change that, ``target_group_use_changed`` lets the targets follow:
those of a target group that came into use start their checks, those of one that went
out of use become ``unused``. Rules call ``target_group_use_changed`` themselves.
After ModifyTargetGroup changes the health check settings, ``health_check_changed``
moves the checks already on the clock to the new interval. After ModifyListener,
``listener_modified`` lets the state kept beside the listener (its attributes) follow.
"""

from __future__ import annotations

from typing import Any

from pytest_ecsmock.services.elbv2.listeners import Listener, ListenerOperations
from pytest_ecsmock.services.elbv2.load_balancers import LoadBalancerOperations
from pytest_ecsmock.services.elbv2.target_groups import TargetGroup, TargetGroupOperations
from pytest_ecsmock.services.elbv2.target_health import TargetHealthOperations


class TargetGroupUse(
    LoadBalancerOperations, TargetGroupOperations, ListenerOperations, TargetHealthOperations
):
    def create_listener(self, *args: Any, **kwargs: Any) -> Listener:
        listener = super().create_listener(*args, **kwargs)
        self.target_group_use_changed()
        return listener

    def modify_listener(self, *args: Any, **kwargs: Any) -> Listener:
        listener = super().modify_listener(*args, **kwargs)
        self.listener_modified(listener)
        self.target_group_use_changed()
        return listener

    def delete_listener(self, arn: str) -> None:
        super().delete_listener(arn)
        self.target_group_use_changed()

    def delete_load_balancer(self, arn: str) -> None:
        super().delete_load_balancer(arn)
        self.target_group_use_changed()

    def modify_target_group(self, arn: str, health_check: dict[str, Any]) -> TargetGroup:
        found = self.target_groups.get(arn)
        before = None if found is None else found.health_check
        target_group = super().modify_target_group(arn, health_check)
        if target_group.health_check != before:
            self.health_check_changed(target_group)
        return target_group
