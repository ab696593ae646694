"""Describing, modifying and deleting listeners."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from elbv2_helpers import VPC, error_of, forward_to, refused

CERTIFICATE = "arn:aws:iam::123456789012:server-certificate/web"
FIXED_404 = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]


@pytest.fixture
def listener(elbv2, load_balancer, target_group):
    created = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    return created["Listeners"][0]


def _listener_on(elbv2, load_balancer, port):
    created = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=port,
        DefaultActions=FIXED_404,
    )
    return created["Listeners"][0]


def test_describe_by_load_balancer_and_by_arns(elbv2, load_balancer, listener):
    second = _listener_on(elbv2, load_balancer, 8080)
    by_lb = elbv2.describe_listeners(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    assert [li["Port"] for li in by_lb["Listeners"]] == [80, 8080]
    by_arn = elbv2.describe_listeners(ListenerArns=[second["ListenerArn"]])
    assert by_arn["Listeners"] == [second]


def test_describe_needs_a_load_balancer_or_listeners(elbv2):
    with pytest.raises(ClientError) as caught:
        elbv2.describe_listeners()
    assert error_of(caught) == (
        "ValidationError",
        400,
        "You must specify either listener ARNs or a load balancer ARN",
    )


def test_describe_an_unknown_listener(elbv2, listener):
    elbv2.delete_listener(ListenerArn=listener["ListenerArn"])
    with pytest.raises(ClientError) as caught:
        elbv2.describe_listeners(ListenerArns=[listener["ListenerArn"]])
    assert error_of(caught) == ("ListenerNotFound", 400, "One or more listeners not found")


def test_describe_listeners_of_an_unknown_load_balancer(elbv2, load_balancer):
    elbv2.delete_load_balancer(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    with pytest.raises(ClientError) as caught:
        elbv2.describe_listeners(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    assert error_of(caught) == ("LoadBalancerNotFound", 400, "One or more load balancers not found")


def test_paginator_walks_every_listener(elbv2, load_balancer):
    for port in range(8000, 8005):
        _listener_on(elbv2, load_balancer, port)
    pages = elbv2.get_paginator("describe_listeners").paginate(
        LoadBalancerArn=load_balancer["LoadBalancerArn"], PaginationConfig={"PageSize": 2}
    )
    ports = [[li["Port"] for li in page["Listeners"]] for page in pages]
    assert ports == [[8000, 8001], [8002, 8003], [8004]]


# ---------------------------------------------------------------------- modify


def test_modify_port_and_actions(elbv2, listener, target_group):
    modified = elbv2.modify_listener(
        ListenerArn=listener["ListenerArn"], Port=8080, DefaultActions=FIXED_404
    )["Listeners"][0]
    assert modified["Port"] == 8080
    assert modified["DefaultActions"][0]["Type"] == "fixed-response"
    described = elbv2.describe_listeners(ListenerArns=[listener["ListenerArn"]])
    assert described["Listeners"] == [modified]
    detached = elbv2.describe_target_groups(TargetGroupArns=[target_group["TargetGroupArn"]])
    assert detached["TargetGroups"][0]["LoadBalancerArns"] == []
    elbv2.delete_target_group(TargetGroupArn=target_group["TargetGroupArn"])


def test_modify_to_a_port_in_use(elbv2, load_balancer, listener):
    _listener_on(elbv2, load_balancer, 8080)
    with pytest.raises(ClientError) as caught:
        elbv2.modify_listener(ListenerArn=listener["ListenerArn"], Port=8080)
    assert error_of(caught) == ("ValidationError", 400, "Listener port '8080' is already in use")
    described = elbv2.describe_listeners(ListenerArns=[listener["ListenerArn"]])
    assert described["Listeners"][0]["Port"] == 80


def test_modify_to_https_needs_a_certificate(elbv2, listener):
    with pytest.raises(ClientError) as caught:
        elbv2.modify_listener(ListenerArn=listener["ListenerArn"], Protocol="HTTPS", Port=443)
    assert error_of(caught) == (
        "ValidationError",
        400,
        "A certificate must be specified for HTTPS listeners",
    )
    modified = elbv2.modify_listener(
        ListenerArn=listener["ListenerArn"],
        Protocol="HTTPS",
        Port=443,
        Certificates=[{"CertificateArn": CERTIFICATE}],
        SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
    )["Listeners"][0]
    assert (modified["Protocol"], modified["Port"]) == ("HTTPS", 443)
    assert modified["Certificates"] == [{"CertificateArn": CERTIFICATE}]
    assert modified["SslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"


def test_an_https_listener_keeps_its_certificate_when_other_things_change(elbv2, listener):
    elbv2.modify_listener(
        ListenerArn=listener["ListenerArn"],
        Protocol="HTTPS",
        Certificates=[{"CertificateArn": CERTIFICATE}],
    )
    modified = elbv2.modify_listener(ListenerArn=listener["ListenerArn"], Port=8443)
    assert modified["Listeners"][0]["Certificates"] == [{"CertificateArn": CERTIFICATE}]
    back = elbv2.modify_listener(ListenerArn=listener["ListenerArn"], Protocol="HTTP")
    assert "Certificates" not in back["Listeners"][0]


def test_modify_refuses_forwarding_to_another_vpc_and_changes_nothing(elbv2, listener):
    other = elbv2.create_target_group(Name="elsewhere", Protocol="HTTP", Port=80, VpcId="vpc-9")
    caught = refused(
        elbv2.modify_listener,
        ListenerArn=listener["ListenerArn"],
        Port=81,
        DefaultActions=forward_to(other["TargetGroups"][0]["TargetGroupArn"]),
    )
    assert error_of(caught)[0] == "InvalidConfigurationRequest"
    assert elbv2.describe_listeners(ListenerArns=[listener["ListenerArn"]])["Listeners"] == [
        listener
    ]


def test_alpn_policies_belong_to_tls_listeners(elbv2, listener):
    with pytest.raises(ClientError) as caught:
        elbv2.modify_listener(ListenerArn=listener["ListenerArn"], AlpnPolicy=["HTTP2Only"])
    assert error_of(caught)[:2] == ("ValidationError", 400)


# ---------------------------------------------------------------------- delete


def test_delete_listener_frees_its_target_group(elbv2, listener, target_group):
    elbv2.delete_listener(ListenerArn=listener["ListenerArn"])
    elbv2.delete_target_group(TargetGroupArn=target_group["TargetGroupArn"])
    assert elbv2.describe_target_groups()["TargetGroups"] == []


def test_delete_an_unknown_listener(elbv2, listener):
    elbv2.delete_listener(ListenerArn=listener["ListenerArn"])
    with pytest.raises(ClientError) as caught:
        elbv2.delete_listener(ListenerArn=listener["ListenerArn"])
    assert error_of(caught) == ("ListenerNotFound", 400, "One or more listeners not found")


def test_deleting_the_load_balancer_deletes_its_listeners(
    elbv2, load_balancer, listener, target_group
):
    elbv2.delete_load_balancer(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    with pytest.raises(ClientError) as caught:
        elbv2.describe_listeners(ListenerArns=[listener["ListenerArn"]])
    assert error_of(caught)[0] == "ListenerNotFound"
    described = elbv2.describe_target_groups(Names=["web-targets"])["TargetGroups"][0]
    assert described["LoadBalancerArns"] == []


def test_a_target_group_may_serve_a_new_load_balancer_after_the_old_one_is_gone(
    elbv2, network, load_balancer, listener, target_group
):
    elbv2.delete_load_balancer(LoadBalancerArn=load_balancer["LoadBalancerArn"])
    other = elbv2.create_load_balancer(Name="next", Subnets=network[1:])
    other_arn = other["LoadBalancers"][0]["LoadBalancerArn"]
    elbv2.create_listener(
        LoadBalancerArn=other_arn,
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )
    described = elbv2.describe_target_groups(Names=["web-targets"])["TargetGroups"][0]
    assert described["LoadBalancerArns"] == [other_arn]
    assert described["VpcId"] == VPC


# ---------------------------------------------------------------------- attributes

TLS_VERSION = "routing.http.request.x_amzn_tls_version.header_name"
CLIENT_CERT = "routing.http.request.x_amzn_mtls_clientcert.header_name"
SERVER = "routing.http.response.server.enabled"


def listener_attributes(elbv2, arn):
    described = elbv2.describe_listener_attributes(ListenerArn=arn)
    return {attribute["Key"]: attribute["Value"] for attribute in described["Attributes"]}


@pytest.fixture
def https_named(elbv2, listener):
    """The listener made HTTPS, its TLS version and client certificate headers renamed
    and its Server header turned off."""
    arn = listener["ListenerArn"]
    elbv2.modify_listener(
        ListenerArn=arn, Protocol="HTTPS", Certificates=[{"CertificateArn": CERTIFICATE}]
    )
    elbv2.modify_listener_attributes(
        ListenerArn=arn,
        Attributes=[
            {"Key": TLS_VERSION, "Value": "X-Tls-Version"},
            {"Key": CLIENT_CERT, "Value": "X-Client-Cert"},
            {"Key": SERVER, "Value": "false"},
        ],
    )
    return arn


def test_https_header_names_are_reset_when_the_listener_leaves_https(elbv2, https_named):
    elbv2.modify_listener(ListenerArn=https_named, Protocol="HTTP")
    attributes = listener_attributes(elbv2, https_named)
    assert not any(key.startswith("routing.http.request.") for key in attributes)
    assert attributes[SERVER] == "false"

    elbv2.modify_listener(
        ListenerArn=https_named, Protocol="HTTPS", Certificates=[{"CertificateArn": CERTIFICATE}]
    )
    attributes = listener_attributes(elbv2, https_named)
    assert attributes[TLS_VERSION] == "X-Amzn-Tls-Version"
    assert attributes[CLIENT_CERT] == "X-Amzn-Mtls-Clientcert"
    assert attributes[SERVER] == "false"


def test_https_header_names_stay_while_the_listener_stays_https(elbv2, https_named):
    elbv2.modify_listener(ListenerArn=https_named, Port=8443)
    attributes = listener_attributes(elbv2, https_named)
    assert (attributes[TLS_VERSION], attributes[CLIENT_CERT]) == ("X-Tls-Version", "X-Client-Cert")


def test_a_refused_modify_keeps_the_https_header_names(elbv2, load_balancer, https_named):
    _listener_on(elbv2, load_balancer, 8080)
    caught = refused(elbv2.modify_listener, ListenerArn=https_named, Protocol="HTTP", Port=8080)
    assert error_of(caught) == ("ValidationError", 400, "Listener port '8080' is already in use")
    attributes = listener_attributes(elbv2, https_named)
    assert (attributes[TLS_VERSION], attributes[CLIENT_CERT]) == ("X-Tls-Version", "X-Client-Cert")
