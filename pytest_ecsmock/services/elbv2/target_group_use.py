"""Listener changes that start or stop the health checks of targets.

A target group is in use while a listener (or a rule) forwards to it. After each
operation that can change that, ``target_group_use_changed`` lets the targets follow:
those of a target group that came into use start their checks, those of one that went
out of use become ``unused``. Rules call ``target_group_use_changed`` themselves.
"""

from __future__ import annotations

from typing import Any

from pytest_ecsmock.services.elbv2.listeners import Listener, ListenerOperations
from pytest_ecsmock.services.elbv2.load_balancers import LoadBalancerOperations
from pytest_ecsmock.services.elbv2.target_health import TargetHealthOperations


class TargetGroupUse(LoadBalancerOperations, ListenerOperations, TargetHealthOperations):
    def create_listener(self, *args: Any, **kwargs: Any) -> Listener:
        listener = super().create_listener(*args, **kwargs)
        self.target_group_use_changed()
        return listener

    def modify_listener(self, *args: Any, **kwargs: Any) -> Listener:
        listener = super().modify_listener(*args, **kwargs)
        self.target_group_use_changed()
        return listener

    def delete_listener(self, arn: str) -> None:
        super().delete_listener(arn)
        self.target_group_use_changed()

    def delete_load_balancer(self, arn: str) -> None:
        super().delete_load_balancer(arn)
        self.target_group_use_changed()
