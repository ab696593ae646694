from __future__ import annotations

import pytest
from elbv2_helpers import error_of, forward_to, refused

CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6"
TLS13 = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]
DEFAULT_CIPHERS = [
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES128-SHA256",
    "ECDHE-RSA-AES128-SHA256",
    "ECDHE-ECDSA-AES128-SHA",
    "ECDHE-RSA-AES128-SHA",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-AES256-SHA384",
    "ECDHE-RSA-AES256-SHA384",
    "ECDHE-RSA-AES256-SHA",
    "ECDHE-ECDSA-AES256-SHA",
    "AES128-GCM-SHA256",
    "AES128-SHA256",
    "AES128-SHA",
    "AES256-GCM-SHA384",
    "AES256-SHA256",
    "AES256-SHA",
]


def policy(elbv2, name):
    return elbv2.describe_ssl_policies(Names=[name])["SslPolicies"][0]


def cipher_names(described):
    ranked = sorted(described["Ciphers"], key=lambda cipher: cipher["Priority"])
    assert [cipher["Priority"] for cipher in ranked] == list(range(1, len(ranked) + 1))
    return [cipher["Name"] for cipher in ranked]


def test_every_policy_is_listed_once_for_application_and_network_load_balancers(elbv2):
    listed = elbv2.describe_ssl_policies()
    names = [p["Name"] for p in listed["SslPolicies"]]
    assert "NextMarker" not in listed
    assert len(names) == len(set(names)) == 46
    assert {
        "ELBSecurityPolicy-2016-08",
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07",
        "ELBSecurityPolicy-FS-1-2-Res-2020-10",
        "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
    } <= set(names)
    assert all(name.startswith("ELBSecurityPolicy-") for name in names)
    assert {tuple(p["SupportedLoadBalancerTypes"]) for p in listed["SslPolicies"]} == {
        ("application", "network")
    }


def test_the_api_default_policy_has_tls_1_0_to_1_2_and_aws_cipher_order(elbv2):
    described = policy(elbv2, "ELBSecurityPolicy-2016-08")
    assert described["SslProtocols"] == ["TLSv1", "TLSv1.1", "TLSv1.2"]
    assert cipher_names(described) == DEFAULT_CIPHERS
    assert described["Ciphers"][0] == {"Name": "ECDHE-ECDSA-AES128-GCM-SHA256", "Priority": 1}


@pytest.mark.parametrize(
    ("name", "protocols", "ciphers"),
    [
        ("ELBSecurityPolicy-TLS13-1-3-2021-06", ["TLSv1.3"], TLS13),
        ("ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", ["TLSv1.3"], TLS13[:2]),
        (
            "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
            ["TLSv1.2", "TLSv1.3"],
            [
                *TLS13,
                "ECDHE-ECDSA-AES128-GCM-SHA256",
                "ECDHE-RSA-AES128-GCM-SHA256",
                "ECDHE-ECDSA-AES256-GCM-SHA384",
                "ECDHE-RSA-AES256-GCM-SHA384",
            ],
        ),
        (
            "ELBSecurityPolicy-TLS13-1-2-2021-06",
            ["TLSv1.2", "TLSv1.3"],
            TLS13 + [c for c in DEFAULT_CIPHERS[:10] if not c.endswith("-SHA")],
        ),
        (
            "ELBSecurityPolicy-TLS-1-2-2017-01",
            ["TLSv1.2"],
            [c for c in DEFAULT_CIPHERS if not c.endswith("-SHA")],
        ),
        ("ELBSecurityPolicy-TLS-1-1-2017-01", ["TLSv1.1", "TLSv1.2"], DEFAULT_CIPHERS),
        ("ELBSecurityPolicy-TLS13-1-0-2021-06", ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"], None),
        ("ELBSecurityPolicy-FS-1-2-2019-08", ["TLSv1.2"], DEFAULT_CIPHERS[:12]),
        (
            "ELBSecurityPolicy-FS-1-2-Res-2020-10",
            ["TLSv1.2"],
            DEFAULT_CIPHERS[:2] + DEFAULT_CIPHERS[6:8],
        ),
        (
            "ELBSecurityPolicy-TLS-1-0-2015-04",
            ["TLSv1", "TLSv1.1", "TLSv1.2"],
            [*DEFAULT_CIPHERS, "DES-CBC3-SHA"],
        ),
    ],
)
def test_protocols_and_ciphers_of_a_policy(elbv2, name, protocols, ciphers):
    described = policy(elbv2, name)
    assert described["Name"] == name
    assert described["SslProtocols"] == protocols
    assert cipher_names(described) == (ciphers or TLS13 + DEFAULT_CIPHERS)


def test_a_post_quantum_policy_has_the_ciphers_of_its_classic_twin(elbv2):
    pq = policy(elbv2, "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09")
    classic = policy(elbv2, "ELBSecurityPolicy-TLS13-1-2-Res-2021-06")
    assert (pq["SslProtocols"], pq["Ciphers"]) == (classic["SslProtocols"], classic["Ciphers"])
    fips = policy(elbv2, "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04")
    assert "TLS_CHACHA20_POLY1305_SHA256" not in cipher_names(fips)
    assert "AES128-GCM-SHA256" not in cipher_names(fips)  # Ext0: forward secrecy only
    ext2 = cipher_names(policy(elbv2, "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06"))
    assert ext2.index("ECDHE-ECDSA-AES256-SHA") < ext2.index("ECDHE-RSA-AES256-SHA")


def test_names_pick_policies_in_the_listing_order_once_each(elbv2):
    described = elbv2.describe_ssl_policies(
        Names=[
            "ELBSecurityPolicy-FS-2018-06",
            "ELBSecurityPolicy-2016-08",
            "ELBSecurityPolicy-FS-2018-06",
        ]
    )["SslPolicies"]
    assert [p["Name"] for p in described] == [
        "ELBSecurityPolicy-2016-08",
        "ELBSecurityPolicy-FS-2018-06",
    ]


def test_an_unknown_policy_name_is_ssl_policy_not_found(elbv2):
    caught = refused(
        elbv2.describe_ssl_policies,
        Names=["ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-2-2099-01"],
    )
    assert error_of(caught) == (
        "SSLPolicyNotFound",
        400,
        "SSL policy 'ELBSecurityPolicy-TLS13-1-2-2099-01' not found",
    )


def test_load_balancer_type_filters_the_policies(elbv2):
    every = elbv2.describe_ssl_policies()["SslPolicies"]
    assert elbv2.describe_ssl_policies(LoadBalancerType="application")["SslPolicies"] == every
    assert elbv2.describe_ssl_policies(LoadBalancerType="network")["SslPolicies"] == every
    assert elbv2.describe_ssl_policies(LoadBalancerType="gateway")["SslPolicies"] == []
    named = elbv2.describe_ssl_policies(
        Names=["ELBSecurityPolicy-2016-08"], LoadBalancerType="gateway"
    )
    assert named["SslPolicies"] == []
    caught = refused(elbv2.describe_ssl_policies, LoadBalancerType="classic")
    assert error_of(caught)[:2] == ("ValidationError", 400)
    assert (
        "Member must satisfy enum value set: [application, network, gateway]"
        in (error_of(caught)[2])
    )


def test_pages_of_policies(elbv2):
    every = [p["Name"] for p in elbv2.describe_ssl_policies()["SslPolicies"]]
    first = elbv2.describe_ssl_policies(PageSize=20)
    assert [p["Name"] for p in first["SslPolicies"]] == every[:20]
    second = elbv2.describe_ssl_policies(PageSize=20, Marker=first["NextMarker"])
    assert [p["Name"] for p in second["SslPolicies"]] == every[20:40]
    pages = elbv2.get_paginator("describe_ssl_policies").paginate(PaginationConfig={"PageSize": 7})
    assert [p["Name"] for page in pages for p in page["SslPolicies"]] == every
    assert error_of(refused(elbv2.describe_ssl_policies, PageSize=401))[0] == "ValidationError"
    assert error_of(refused(elbv2.describe_ssl_policies, Marker="nope")) == (
        "ValidationError",
        400,
        "The marker 'nope' is not valid",
    )


def test_https_listeners_take_exactly_the_listed_policies(elbv2, load_balancer, target_group):
    listener = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTPS",
        Port=443,
        Certificates=[{"CertificateArn": CERTIFICATE}],
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )["Listeners"][0]
    assert listener["SslPolicy"] == "ELBSecurityPolicy-2016-08"
    listed = elbv2.describe_ssl_policies(LoadBalancerType="application")["SslPolicies"]
    for name in [p["Name"] for p in listed]:
        modified = elbv2.modify_listener(ListenerArn=listener["ListenerArn"], SslPolicy=name)
        assert modified["Listeners"][0]["SslPolicy"] == name
    caught = refused(
        elbv2.modify_listener,
        ListenerArn=listener["ListenerArn"],
        SslPolicy="ELBSecurityPolicy-2014-01",
    )
    assert error_of(caught) == (
        "SSLPolicyNotFound",
        400,
        "SSL policy 'ELBSecurityPolicy-2014-01' not found",
    )
    described = elbv2.describe_listeners(ListenerArns=[listener["ListenerArn"]])
    assert described["Listeners"][0]["SslPolicy"] == listed[-1]["Name"]
