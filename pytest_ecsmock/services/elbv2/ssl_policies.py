"""The predefined security policies of Elastic Load Balancing (DescribeSSLPolicies).

Facts from AWS's "Security policies for your Application Load Balancer" page (its
"Protocols by policy" and "Ciphers by policy" tables), read in 2026. A policy's
``Priority`` order is the one AWS answers with: TLS 1.3 ciphers first, then the others
in the rank of ``ELBSecurityPolicy-2016-08``. What is assumed is said in
docs/services/elbv2.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: the default of CreateListener through the API, the CLI, CloudFormation and the CDK
DEFAULT_POLICY = "ELBSecurityPolicy-2016-08"

TLS13_128 = "TLS_AES_128_GCM_SHA256"
TLS13_256 = "TLS_AES_256_GCM_SHA384"
TLS13_CHACHA = "TLS_CHACHA20_POLY1305_SHA256"
TLS13_ALL = (TLS13_128, TLS13_256, TLS13_CHACHA)
TLS13_FIPS = (TLS13_128, TLS13_256)

#: the TLS 1.2 (and older) ciphers, in the order AWS ranks them
RANK = (
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
    "DES-CBC3-SHA",
)

# The families the policies are made of.
ECDHE_GCM = {RANK[0], RANK[1], RANK[6], RANK[7]}
ECDHE_SHA2 = {RANK[2], RANK[3], RANK[8], RANK[9]}
ECDHE_SHA1 = {RANK[4], RANK[5], RANK[10], RANK[11]}
RSA_SHA2 = {RANK[12], RANK[13], RANK[15], RANK[16]}
RSA_SHA1 = {RANK[14], RANK[17]}
DES = {RANK[18]}
RSA_256_GCM = {RANK[15]}
ECDHE_256_GCM = {RANK[6], RANK[7]}

RESTRICTED = ECDHE_GCM
FORWARD_SECRECY = ECDHE_GCM | ECDHE_SHA2
FORWARD_SECRECY_SHA1 = FORWARD_SECRECY | ECDHE_SHA1
EXT1 = FORWARD_SECRECY | RSA_SHA2
EVERY = FORWARD_SECRECY_SHA1 | RSA_SHA2 | RSA_SHA1

PROTOCOLS = {"3": "TLSv1.3", "2": "TLSv1.2", "1": "TLSv1.1", "0": "TLSv1"}
SUPPORTED_BY = ("application", "network")


@dataclass(frozen=True)
class SslPolicy:
    name: str
    protocols: tuple[str, ...]
    ciphers: tuple[str, ...]
    load_balancer_types: tuple[str, ...] = SUPPORTED_BY

    def describe(self) -> dict[str, Any]:
        return {
            "SslProtocols": list(self.protocols),
            "Ciphers": [
                {"Name": name, "Priority": rank} for rank, name in enumerate(self.ciphers, 1)
            ],
            "Name": self.name,
            "SupportedLoadBalancerTypes": list(self.load_balancer_types),
        }


def _policy(
    name: str, versions: str, tls13: tuple[str, ...], others: set[str], swap: bool = False
) -> SslPolicy:
    """``versions``: the TLS versions, newest first ("32" is TLS 1.3 and 1.2);
    ``swap``: the two AES256-SHA ECDHE ciphers ranked ECDSA first (the Ext2 policies)."""
    ranked = [cipher for cipher in RANK if cipher in others]
    if swap:
        ranked = [{RANK[10]: RANK[11], RANK[11]: RANK[10]}.get(cipher, cipher) for cipher in ranked]
    protocols = tuple(PROTOCOLS[digit] for digit in reversed(versions))
    return SslPolicy(f"ELBSecurityPolicy-{name}", protocols, tls13 + tuple(ranked))


POLICIES: tuple[SslPolicy, ...] = (
    # TLS security policies, each TLS 1.3 one with its hybrid post-quantum twin
    _policy("TLS13-1-3-2021-06", "3", TLS13_ALL, set()),
    _policy("TLS13-1-3-PQ-2025-09", "3", TLS13_ALL, set()),
    _policy("TLS13-1-2-2021-06", "32", TLS13_ALL, FORWARD_SECRECY),
    _policy("TLS13-1-2-PQ-2025-09", "32", TLS13_ALL, FORWARD_SECRECY),
    _policy("TLS13-1-2-Res-2021-06", "32", TLS13_ALL, RESTRICTED),
    _policy("TLS13-1-2-Res-PQ-2025-09", "32", TLS13_ALL, RESTRICTED),
    _policy("TLS13-1-2-Ext2-2021-06", "32", TLS13_ALL, EVERY, swap=True),
    _policy("TLS13-1-2-Ext2-PQ-2025-09", "32", TLS13_ALL, EVERY, swap=True),
    _policy("TLS13-1-2-Ext1-2021-06", "32", TLS13_ALL, EXT1),
    _policy("TLS13-1-2-Ext1-PQ-2025-09", "32", TLS13_ALL, EXT1),
    _policy("TLS13-1-1-2021-06", "321", TLS13_ALL, EVERY),
    _policy("TLS13-1-0-2021-06", "3210", TLS13_ALL, EVERY),
    _policy("TLS13-1-0-PQ-2025-09", "3210", TLS13_ALL, EVERY),
    _policy("TLS-1-2-Ext-2018-06", "2", (), EVERY),
    _policy("TLS-1-2-2017-01", "2", (), FORWARD_SECRECY | RSA_SHA2),
    _policy("TLS-1-1-2017-01", "21", (), EVERY),
    _policy("2016-08", "210", (), EVERY),
    # FIPS security policies (no ChaCha20)
    _policy("TLS13-1-3-FIPS-2023-04", "3", TLS13_FIPS, set()),
    _policy("TLS13-1-3-FIPS-PQ-2025-09", "3", TLS13_FIPS, set()),
    _policy("TLS13-1-2-FIPS-2023-04", "32", TLS13_FIPS, FORWARD_SECRECY),
    _policy("TLS13-1-2-FIPS-PQ-2025-09", "32", TLS13_FIPS, FORWARD_SECRECY),
    _policy("TLS13-1-2-Res-FIPS-2023-04", "32", TLS13_FIPS, RESTRICTED),
    _policy("TLS13-1-2-Res-FIPS-PQ-2025-09", "32", TLS13_FIPS, RESTRICTED),
    _policy("TLS13-1-2-Ext2-FIPS-2023-04", "32", TLS13_FIPS, EVERY),
    _policy("TLS13-1-2-Ext2-FIPS-PQ-2025-09", "32", TLS13_FIPS, EVERY),
    _policy("TLS13-1-2-Ext1-FIPS-2023-04", "32", TLS13_FIPS, EXT1),
    _policy("TLS13-1-2-Ext1-FIPS-PQ-2025-09", "32", TLS13_FIPS, EXT1),
    _policy("TLS13-1-2-Ext0-FIPS-2023-04", "32", TLS13_FIPS, FORWARD_SECRECY_SHA1),
    _policy("TLS13-1-2-Ext0-FIPS-PQ-2025-09", "32", TLS13_FIPS, FORWARD_SECRECY_SHA1),
    _policy("TLS13-1-1-FIPS-2023-04", "321", TLS13_FIPS, EVERY),
    _policy("TLS13-1-0-FIPS-2023-04", "3210", TLS13_FIPS, EVERY),
    _policy("TLS13-1-0-FIPS-PQ-2025-09", "3210", TLS13_FIPS, EVERY),
    # RFC 9151 (CNSA 1.0) policies: their cipher lists are assumed (see the docs)
    _policy("TLS13-1-3-RFC9151-FIPS-2023-07", "3", (TLS13_256,), set()),
    _policy("TLS13-1-2-RFC9151-FIPS-2023-07", "32", (TLS13_256,), ECDHE_256_GCM),
    _policy("TLS13-1-2-Ext0-RFC9151-FIPS-2023-07", "32", (TLS13_256,), ECDHE_256_GCM | RSA_256_GCM),
    _policy("TLS13-1-2-RFC9151-INTEROP1-FIPS-2023-07", "32", TLS13_FIPS, RESTRICTED),
    _policy("TLS13-1-2-RFC9151-INTEROP2-FIPS-2023-07", "32", TLS13_FIPS, RESTRICTED),
    _policy("TLS13-1-2-RFC9151-INTEROP3-FIPS-2023-07", "32", TLS13_FIPS, RESTRICTED),
    _policy("TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07", "32", TLS13_FIPS, EXT1),
    # Forward secrecy (FS) policies
    _policy("FS-1-2-Res-2020-10", "2", (), RESTRICTED),
    _policy("FS-1-2-Res-2019-08", "2", (), FORWARD_SECRECY),
    _policy("FS-1-2-2019-08", "2", (), FORWARD_SECRECY_SHA1),
    _policy("FS-1-1-2019-08", "21", (), FORWARD_SECRECY_SHA1),
    _policy("FS-2018-06", "210", (), FORWARD_SECRECY_SHA1),
    # older policies still accepted: 2015-05 is 2016-08 under another name;
    # TLS-1-0-2015-04 adds DES-CBC3-SHA for legacy clients
    _policy("2015-05", "210", (), EVERY),
    _policy("TLS-1-0-2015-04", "210", (), EVERY | DES),
)

BY_NAME: dict[str, SslPolicy] = {policy.name: policy for policy in POLICIES}

#: the policies an HTTPS listener of an application load balancer takes
APPLICATION_POLICY_NAMES = frozenset(
    policy.name for policy in POLICIES if "application" in policy.load_balancer_types
)
