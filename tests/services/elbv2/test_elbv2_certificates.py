from __future__ import annotations

import pytest
from elbv2_helpers import error_of, forward_to, refused

ACCOUNT = "123456789012"
DEFAULT = f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6"
SHOP = f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555"
LEGACY = f"arn:aws:iam::{ACCOUNT}:server-certificate/legacy/shop"


def acm(number: int) -> str:
    return f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/{number:08d}-0000-0000-0000-000000000000"


def listed(elbv2, listener_arn):
    described = elbv2.describe_listener_certificates(ListenerArn=listener_arn)["Certificates"]
    return [(c["CertificateArn"], c["IsDefault"]) for c in described]


def certificates(*arns: str) -> list[dict[str, str]]:
    return [{"CertificateArn": arn} for arn in arns]


@pytest.fixture
def https(elbv2, load_balancer, target_group):
    created = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTPS",
        Port=443,
        Certificates=certificates(DEFAULT),
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    return created["Listeners"][0]["ListenerArn"]


@pytest.fixture
def http(elbv2, load_balancer, target_group):
    created = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    return created["Listeners"][0]["ListenerArn"]


def test_a_new_https_listener_lists_its_default_certificate(elbv2, https):
    assert listed(elbv2, https) == [(DEFAULT, True)]


def test_added_certificates_follow_the_default_one_in_the_order_added(elbv2, https):
    added = elbv2.add_listener_certificates(ListenerArn=https, Certificates=certificates(SHOP))
    assert added["Certificates"] == [{"CertificateArn": SHOP, "IsDefault": False}]
    elbv2.add_listener_certificates(ListenerArn=https, Certificates=certificates(LEGACY))
    assert listed(elbv2, https) == [(DEFAULT, True), (SHOP, False), (LEGACY, False)]
    listener = elbv2.describe_listeners(ListenerArns=[https])["Listeners"][0]
    assert listener["Certificates"] == [{"CertificateArn": DEFAULT}]


def test_adding_a_listed_certificate_again_changes_nothing(elbv2, https):
    for _ in range(2):
        elbv2.add_listener_certificates(ListenerArn=https, Certificates=certificates(SHOP, SHOP))
    assert listed(elbv2, https) == [(DEFAULT, True), (SHOP, False)]


def test_the_default_certificate_can_also_be_in_the_list(elbv2, https):
    elbv2.add_listener_certificates(ListenerArn=https, Certificates=certificates(DEFAULT))
    assert listed(elbv2, https) == [(DEFAULT, True), (DEFAULT, False)]


def test_removing_certificates_from_the_list(elbv2, https):
    elbv2.add_listener_certificates(ListenerArn=https, Certificates=certificates(SHOP, LEGACY))
    elbv2.remove_listener_certificates(ListenerArn=https, Certificates=certificates(SHOP))
    assert listed(elbv2, https) == [(DEFAULT, True), (LEGACY, False)]
    elbv2.remove_listener_certificates(ListenerArn=https, Certificates=certificates(SHOP))
    assert listed(elbv2, https) == [(DEFAULT, True), (LEGACY, False)]


def test_the_default_certificate_cannot_be_removed(elbv2, https):
    elbv2.add_listener_certificates(ListenerArn=https, Certificates=certificates(SHOP))
    caught = refused(
        elbv2.remove_listener_certificates,
        ListenerArn=https,
        Certificates=certificates(SHOP, DEFAULT),
    )
    code, status, message = error_of(caught)
    assert (code, status) == ("OperationNotPermitted", 400)
    assert message.startswith(f"Certificate '{DEFAULT}' is the default certificate of listener")
    assert listed(elbv2, https) == [(DEFAULT, True), (SHOP, False)]


@pytest.mark.parametrize(
    "arn",
    [
        "my-certificate",
        "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
        "arn:aws:acm:us-east-1:210987654321:certificate/11111111-2222-3333-4444-555555555555",
        "arn:aws-cn:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
        "arn:aws:iam::210987654321:server-certificate/shop",
        "arn:aws:s3:::bucket/certificate.pem",
    ],
)
def test_a_certificate_arn_of_another_form_region_or_account_is_not_found(elbv2, https, arn):
    caught = refused(
        elbv2.add_listener_certificates, ListenerArn=https, Certificates=certificates(SHOP, arn)
    )
    assert error_of(caught) == ("CertificateNotFound", 400, f"Certificate '{arn}' not found")
    assert listed(elbv2, https) == [(DEFAULT, True)]


def test_the_default_certificate_is_checked_the_same_way(elbv2, load_balancer, target_group):
    other_region = DEFAULT.replace("us-east-1", "us-west-2")
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTPS",
        Port=443,
        Certificates=certificates(other_region),
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    assert error_of(caught) == (
        "CertificateNotFound",
        400,
        f"Certificate '{other_region}' not found",
    )
    created = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTPS",
        Port=443,
        Certificates=certificates(LEGACY),
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    assert created["Listeners"][0]["Certificates"] == [{"CertificateArn": LEGACY}]


def test_a_listener_takes_one_default_certificate(elbv2, load_balancer, target_group):
    caught = refused(
        elbv2.create_listener,
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTPS",
        Port=443,
        Certificates=certificates(DEFAULT, SHOP),
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    assert error_of(caught) == (
        "TooManyCertificates",
        400,
        "Up to '1' certificate ARNs can be specified, but '2' were specified",
    )
    listeners = elbv2.describe_listeners(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    assert listeners["Listeners"] == []


def test_added_certificates_cannot_be_default_ones(elbv2, https):
    caught = refused(
        elbv2.add_listener_certificates,
        ListenerArn=https,
        Certificates=[{"CertificateArn": SHOP, "IsDefault": True}],
    )
    assert error_of(caught)[:2] == ("ValidationError", 400)
    added = elbv2.add_listener_certificates(
        ListenerArn=https, Certificates=[{"CertificateArn": SHOP, "IsDefault": False}]
    )
    assert added["Certificates"] == [{"CertificateArn": SHOP, "IsDefault": False}]


def test_http_listeners_have_no_certificates(elbv2, http):
    assert listed(elbv2, http) == []
    for call in (elbv2.add_listener_certificates, elbv2.remove_listener_certificates):
        caught = refused(call, ListenerArn=http, Certificates=certificates(SHOP))
        code, status, message = error_of(caught)
        assert (code, status) == ("ValidationError", 400)
        assert "certificates can only be added to and removed from HTTPS" in message


def test_unknown_and_malformed_listeners(elbv2, https):
    gone = https[:-1] + ("0" if https[-1] != "0" else "1")
    for call in (
        elbv2.add_listener_certificates,
        elbv2.remove_listener_certificates,
        elbv2.describe_listener_certificates,
    ):
        extra = (
            {}
            if call == elbv2.describe_listener_certificates
            else {"Certificates": certificates(SHOP)}
        )
        assert error_of(refused(call, ListenerArn=gone, **extra)) == (
            "ListenerNotFound",
            400,
            "One or more listeners not found",
        )
        assert error_of(refused(call, ListenerArn="listener-1", **extra)) == (
            "ValidationError",
            400,
            "'listener-1' is not a valid listener ARN",
        )


def test_25_certificates_per_load_balancer_besides_the_default_ones(
    elbv2, load_balancer, target_group, https
):
    second = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTPS",
        Port=8443,
        Certificates=certificates(DEFAULT),
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )["Listeners"][0]["ListenerArn"]
    elbv2.add_listener_certificates(
        ListenerArn=https, Certificates=certificates(*map(acm, range(20)))
    )
    caught = refused(
        elbv2.add_listener_certificates,
        ListenerArn=second,
        Certificates=certificates(*map(acm, range(20, 26))),
    )
    assert error_of(caught) == (
        "TooManyCertificates",
        400,
        "The quota for the number of certificates per load balancer has been reached (25)",
    )
    assert listed(elbv2, second) == [(DEFAULT, True)]
    elbv2.add_listener_certificates(
        ListenerArn=second, Certificates=certificates(*map(acm, range(20, 25)))
    )
    assert len(listed(elbv2, second)) == 6
    elbv2.add_listener_certificates(ListenerArn=second, Certificates=certificates(acm(20)))
    elbv2.remove_listener_certificates(ListenerArn=https, Certificates=certificates(acm(0)))
    elbv2.add_listener_certificates(ListenerArn=second, Certificates=certificates(acm(99)))
    assert listed(elbv2, second)[-1] == (acm(99), False)


def test_a_listener_changed_to_http_drops_its_certificate_list(elbv2, https):
    elbv2.add_listener_certificates(ListenerArn=https, Certificates=certificates(SHOP))
    elbv2.modify_listener(ListenerArn=https, Certificates=certificates(LEGACY))
    assert listed(elbv2, https) == [(LEGACY, True), (SHOP, False)]
    elbv2.modify_listener(ListenerArn=https, Protocol="HTTP", Port=80)
    assert listed(elbv2, https) == []
    elbv2.modify_listener(ListenerArn=https, Protocol="HTTPS", Certificates=certificates(DEFAULT))
    assert listed(elbv2, https) == [(DEFAULT, True)]


def test_a_deleted_listener_has_no_certificates_to_describe(elbv2, https):
    elbv2.add_listener_certificates(ListenerArn=https, Certificates=certificates(SHOP))
    elbv2.delete_listener(ListenerArn=https)
    caught = refused(elbv2.describe_listener_certificates, ListenerArn=https)
    assert error_of(caught)[0] == "ListenerNotFound"


def test_pages_of_certificates(elbv2, https):
    elbv2.add_listener_certificates(
        ListenerArn=https, Certificates=certificates(*map(acm, range(4)))
    )
    first = elbv2.describe_listener_certificates(ListenerArn=https, PageSize=2)
    assert [c["CertificateArn"] for c in first["Certificates"]] == [DEFAULT, acm(0)]
    pages = elbv2.get_paginator("describe_listener_certificates").paginate(
        ListenerArn=https, PaginationConfig={"PageSize": 2}
    )
    arns = [c["CertificateArn"] for page in pages for c in page["Certificates"]]
    assert arns == [DEFAULT] + [acm(n) for n in range(4)]
    caught = refused(elbv2.describe_listener_certificates, ListenerArn=https, PageSize=401)
    assert error_of(caught)[0] == "ValidationError"
