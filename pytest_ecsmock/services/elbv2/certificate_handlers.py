"""What HTTPS listeners use (DescribeSSLPolicies, listener certificates), the account's
limits, and the ELBv2 operations left out on purpose."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from pytest_ecsmock.services.base import Params, Result
from pytest_ecsmock.services.elbv2 import errors
from pytest_ecsmock.services.elbv2.backend import Elbv2Backend
from pytest_ecsmock.services.elbv2.handlers import MAX_PAGE_SIZE, service
from pytest_ecsmock.services.elbv2.limits import LIMITS
from pytest_ecsmock.services.elbv2.ssl_policies import BY_NAME, POLICIES, SslPolicy
from pytest_ecsmock.services.elbv2.validation import check_enum, check_range, validation_error
from pytest_ecsmock.services.paging import BadToken, paginate

T = TypeVar("T")
LOAD_BALANCER_TYPES = ("application", "network", "gateway")

service.leave_out(
    [
        "CreateTrustStore",
        "DeleteTrustStore",
        "DescribeTrustStores",
        "ModifyTrustStore",
        "GetTrustStoreCaCertificatesBundle",
        "GetTrustStoreRevocationContent",
        "AddTrustStoreRevocations",
        "RemoveTrustStoreRevocations",
        "DescribeTrustStoreRevocations",
        "DescribeTrustStoreAssociations",
        "DeleteSharedTrustStoreAssociation",
        "GetResourcePolicy",
    ],
    "Trust stores and mutual TLS are not simulated (listeners refuse MutualAuthentication), "
    "nor is sharing them, which is what GetResourcePolicy reads.",
)
service.leave_out(
    ["DescribeCapacityReservation", "ModifyCapacityReservation"],
    "Load balancer capacity reservations (reserved LCUs) are not simulated: no traffic "
    "flows through the mock, so there is no capacity to reserve.",
)
service.leave_out(
    ["ModifyIpPools"],
    "IPAM pools are not simulated (CreateLoadBalancer refuses IpamPools).",
)


def _paged(
    items: Sequence[T], params: Params, key: Callable[[T], str]
) -> tuple[list[T], str | None]:
    size = params.get("PageSize")
    if size is not None:
        check_range(size, 1, MAX_PAGE_SIZE, "pageSize")
    try:
        return paginate(
            items, max_results=size, token=params.get("Marker"), default=MAX_PAGE_SIZE, key=key
        )
    except BadToken:
        raise validation_error(f"The marker '{params.get('Marker')}' is not valid") from None


# ---------------------------------------------------------------------- SSL policies


@service.operation("DescribeSSLPolicies")
def describe_ssl_policies(elbv2: Elbv2Backend, params: Params) -> Result:
    chosen: Sequence[SslPolicy] = POLICIES
    names = params.get("Names")
    if names:
        unknown = [name for name in dict.fromkeys(names) if name not in BY_NAME]
        if unknown:
            raise errors.SSLPolicyNotFoundException(f"SSL policy '{unknown[0]}' not found")
        chosen = [policy for policy in POLICIES if policy.name in names]
    kind = params.get("LoadBalancerType")
    if kind is not None:
        check_enum(kind, LOAD_BALANCER_TYPES, "loadBalancerType")
        chosen = [policy for policy in chosen if kind in policy.load_balancer_types]
    order = {policy.name: f"{index:04d}" for index, policy in enumerate(POLICIES)}
    page, marker = _paged(chosen, params, lambda policy: order[policy.name])
    return {"SslPolicies": [policy.describe() for policy in page], "NextMarker": marker}


# ---------------------------------------------------------------------- listener certificates


@service.operation("AddListenerCertificates")
def add_listener_certificates(elbv2: Elbv2Backend, params: Params) -> Result:
    arns = elbv2.add_listener_certificates(params["ListenerArn"], params["Certificates"])
    return {"Certificates": [{"CertificateArn": arn, "IsDefault": False} for arn in arns]}


@service.operation("RemoveListenerCertificates")
def remove_listener_certificates(elbv2: Elbv2Backend, params: Params) -> Result:
    elbv2.remove_listener_certificates(params["ListenerArn"], params["Certificates"])
    return {}


@service.operation("DescribeListenerCertificates")
def describe_listener_certificates(elbv2: Elbv2Backend, params: Params) -> Result:
    described = elbv2.describe_listener_certificates(params["ListenerArn"])
    page, marker = _paged(described, params, lambda entry: f"{entry[2]:012d}")
    return {
        "Certificates": [
            {"CertificateArn": arn, "IsDefault": is_default} for arn, is_default, _ in page
        ],
        "NextMarker": marker,
    }


# ---------------------------------------------------------------------- account limits


@service.operation("DescribeAccountLimits")
def describe_account_limits(elbv2: Elbv2Backend, params: Params) -> Result:
    order = {name: f"{index:04d}" for index, (name, _) in enumerate(LIMITS)}
    page, marker = _paged(LIMITS, params, lambda limit: order[limit[0]])
    return {
        "Limits": [{"Name": name, "Max": str(most)} for name, most in page],
        "NextMarker": marker,
    }
