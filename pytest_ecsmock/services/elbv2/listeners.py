"""Listeners of application load balancers: protocol, port, certificates, default actions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pytest_ecsmock.services.base import BackendContext
from pytest_ecsmock.services.elbv2 import errors
from pytest_ecsmock.services.elbv2.actions import Action, parse_actions
from pytest_ecsmock.services.elbv2.certificates import check_certificate_arn, given_arn
from pytest_ecsmock.services.elbv2.load_balancers import LoadBalancer
from pytest_ecsmock.services.elbv2.rules import Rule, rule_arn
from pytest_ecsmock.services.elbv2.ssl_policies import APPLICATION_POLICY_NAMES, DEFAULT_POLICY
from pytest_ecsmock.services.elbv2.store import Store
from pytest_ecsmock.services.elbv2.validation import (
    check_enum,
    check_range,
    validation_error,
)

MAX_LISTENERS = 50
PROTOCOLS = ("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE", "QUIC", "TCP_QUIC")


@dataclass
class Listener:
    arn: str
    load_balancer_arn: str
    port: int
    protocol: str
    default_actions: list[Action]
    sequence: int
    certificates: list[str] = field(default_factory=list)
    ssl_policy: str | None = None
    #: AddListenerCertificates: certificate ARN -> its place in the list
    certificate_list: dict[str, int] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    def target_group_arns(self) -> list[str]:
        return [arn for action in self.default_actions for arn in action.target_group_arns()]

    def settings(self) -> tuple[Any, ...]:
        """What must match for a second CreateListener on this port to return this one."""
        return (self.protocol, self.certificates, self.ssl_policy, self.default_actions)

    def describe(self) -> dict[str, Any]:
        described: dict[str, Any] = {
            "ListenerArn": self.arn,
            "LoadBalancerArn": self.load_balancer_arn,
            "Port": self.port,
            "Protocol": self.protocol,
            "DefaultActions": [action.describe() for action in self.default_actions],
        }
        if self.protocol == "HTTPS":
            described["Certificates"] = [{"CertificateArn": arn} for arn in self.certificates]
            described["SslPolicy"] = self.ssl_policy
        return described


class ListenerOperations(Store):
    def create_listener(
        self,
        load_balancer_arn: str,
        *,
        default_actions: list[dict[str, Any]],
        protocol: str | None = None,
        port: int | None = None,
        certificates: list[dict[str, Any]] | None = None,
        ssl_policy: str | None = None,
        tags: dict[str, str] | None = None,
    ) -> Listener:
        load_balancer = self.load_balancer(load_balancer_arn)
        if protocol is None:
            raise validation_error("A listener protocol must be specified")
        if port is None:
            raise validation_error("A listener port must be specified")
        protocol = _check_protocol(protocol)
        check_range(port, 1, 65535, "port")
        certificate_arns, policy = _tls_settings(
            protocol, certificates, ssl_policy, None, self.context
        )
        actions = parse_actions(default_actions)
        self._check_forwarding(load_balancer, actions)

        listeners = self.listeners_of(load_balancer)
        same_port = next((li for li in listeners if li.port == port), None)
        if same_port is not None:
            if same_port.settings() != (protocol, certificate_arns, policy, actions):
                raise errors.DuplicateListenerException(
                    "A listener already exists on this port for this load balancer "
                    f"'{load_balancer.arn}'"
                )
            return same_port
        if len(listeners) >= MAX_LISTENERS:
            raise errors.TooManyListenersException(
                f"The quota for the number of listeners per load balancer has been reached "
                f"({MAX_LISTENERS})"
            )
        base = load_balancer.arn.replace(":loadbalancer/", ":listener/", 1)
        listener = Listener(
            arn=f"{base}/{self.context.ids.hex(16)}",
            load_balancer_arn=load_balancer.arn,
            port=port,
            protocol=protocol,
            default_actions=actions,
            sequence=self.next_sequence(),
            certificates=certificate_arns,
            ssl_policy=policy,
            tags=dict(tags or {}),
        )
        self.listeners[listener.arn] = listener
        default_rule = Rule(rule_arn(listener.arn, self.context.ids.hex(16)), listener.arn, None)
        self.rules[default_rule.arn] = default_rule
        return listener

    def describe_listeners(
        self, load_balancer_arn: str | None = None, arns: Sequence[str] | None = None
    ) -> list[Listener]:
        if load_balancer_arn and arns:
            raise validation_error(
                "Listener ARNs and a load balancer ARN cannot be specified at the same time"
            )
        if load_balancer_arn:
            return self.listeners_of(self.load_balancer(load_balancer_arn))
        if arns:
            wanted = [self.listener(arn) for arn in dict.fromkeys(arns)]
            return sorted(wanted, key=lambda li: li.sequence)
        raise validation_error("You must specify either listener ARNs or a load balancer ARN")

    def modify_listener(
        self,
        arn: str,
        *,
        port: int | None = None,
        protocol: str | None = None,
        ssl_policy: str | None = None,
        certificates: list[dict[str, Any]] | None = None,
        default_actions: list[dict[str, Any]] | None = None,
    ) -> Listener:
        listener = self.listener(arn)
        load_balancer = self.load_balancers[listener.load_balancer_arn]
        new_port = listener.port if port is None else port
        check_range(new_port, 1, 65535, "port")
        if any(
            other.port == new_port and other is not listener
            for other in self.listeners_of(load_balancer)
        ):
            raise validation_error(f"Listener port '{new_port}' is already in use")
        new_protocol = listener.protocol if protocol is None else _check_protocol(protocol)
        kept = listener if new_protocol == listener.protocol == "HTTPS" else None
        certificate_arns, policy = _tls_settings(
            new_protocol, certificates, ssl_policy, kept, self.context
        )
        actions = listener.default_actions
        if default_actions is not None:
            actions = parse_actions(default_actions)
            self._check_forwarding(load_balancer, actions)

        if new_protocol != "HTTPS":
            listener.certificate_list.clear()
        listener.port = new_port
        listener.protocol = new_protocol
        listener.certificates = certificate_arns
        listener.ssl_policy = policy
        listener.default_actions = actions
        return listener

    def delete_listener(self, arn: str) -> None:
        """Delete the listener and its rules."""
        self.drop_listener(self.listener(arn))

    # ------------------------------------------------------------------ helpers

    def _check_forwarding(self, load_balancer: LoadBalancer, actions: list[Action]) -> None:
        """The target groups the actions forward to exist and may serve this load balancer."""
        for action in actions:
            for arn in action.target_group_arns():
                self.check_arn(arn, "target group")
                target_group = self.target_groups.get(arn)
                if target_group is None:
                    raise errors.TargetGroupNotFoundException(f"Target group '{arn}' not found")
                if target_group.vpc_id is not None and target_group.vpc_id != load_balancer.vpc_id:
                    raise errors.InvalidConfigurationRequestException(
                        f"Target group '{arn}' is in a different VPC than load balancer "
                        f"'{load_balancer.arn}'" + self._vpc_hint(load_balancer)
                    )
                if self.load_balancer_arns_routing_to(arn) - {load_balancer.arn}:
                    raise errors.TargetGroupAssociationLimitException(
                        "The following target groups cannot be associated with more than one "
                        f"load balancer: {arn}"
                    )

    def _vpc_hint(self, load_balancer: LoadBalancer) -> str:
        if any(subnet.declared for subnet in load_balancer.subnets):
            return ""
        return (
            f" (pytest-ecsmock: the load balancer's subnets were not declared, so they are "
            f"in the default VPC {load_balancer.vpc_id}; declare them with "
            "ecsmock.backend('network').add_subnet(subnet_id, vpc_id=..., "
            "availability_zone=...) or create the target group in that VPC)"
        )


def _check_protocol(protocol: str) -> str:
    check_enum(protocol, PROTOCOLS, "protocol")
    if protocol not in ("HTTP", "HTTPS"):
        raise validation_error(f"Listener protocol '{protocol}' must be one of 'HTTPS, HTTP'")
    return protocol


def _tls_settings(
    protocol: str,
    certificates: list[dict[str, Any]] | None,
    ssl_policy: str | None,
    current: Listener | None,
    context: BackendContext,
) -> tuple[list[str], str | None]:
    """The certificate ARNs and SSL policy of a listener; ``current`` is the HTTPS
    listener being changed, whose settings stay unless replaced."""
    if protocol == "HTTP":
        if certificates:
            raise validation_error("A certificate cannot be specified for HTTP listeners")
        if ssl_policy is not None:
            raise validation_error("An SSL policy cannot be specified for HTTP listeners")
        return [], None
    if certificates is None and current is not None:
        arns = list(current.certificates)
    else:
        arns = [_certificate_arn(c, context) for c in certificates or []]
    if not arns:
        raise validation_error("A certificate must be specified for HTTPS listeners")
    if len(arns) > 1:
        raise errors.TooManyCertificatesException(
            f"Up to '1' certificate ARNs can be specified, but '{len(arns)}' were specified"
        )
    policy = ssl_policy or (current.ssl_policy if current is not None else None)
    policy = policy or DEFAULT_POLICY
    if policy not in APPLICATION_POLICY_NAMES:
        raise errors.SSLPolicyNotFoundException(f"SSL policy '{policy}' not found")
    return arns, policy


def _certificate_arn(certificate: dict[str, Any], context: BackendContext) -> str:
    if certificate.get("IsDefault") is not None:
        raise validation_error(
            "IsDefault cannot be specified for the default certificate of a listener"
        )
    return check_certificate_arn(given_arn(certificate), context)
