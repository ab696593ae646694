"""An EKS cluster: its configuration, its status, and how it looks to DescribeCluster."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pytest_ecsmock.services.eks.cluster_config import ClusterConfig

CREATING = "CREATING"
ACTIVE = "ACTIVE"
DELETING = "DELETING"
FAILED = "FAILED"
UPDATING = "UPDATING"


@dataclass
class Endpoint:
    """What EKS makes for a cluster while creating it, and shows once it is ACTIVE."""

    url: str
    oidc_issuer: str
    certificate_data: str
    cluster_security_group_id: str


@dataclass
class Cluster:
    config: ClusterConfig
    arn: str
    created_at: datetime
    platform_version: str
    endpoint: Endpoint
    client_request_token: str | None
    #: the CreateCluster parameters, to tell a retry (same token) from a new request
    request: dict[str, Any] = field(default_factory=dict)
    status: str = CREATING
    #: filled in by later features; a cluster with any of them cannot be deleted
    nodegroups: dict[str, Any] = field(default_factory=dict)
    fargate_profiles: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def tags(self) -> dict[str, str]:
        return self.config.tags

    @property
    def deletion_protection(self) -> bool:
        return self.config.deletion_protection

    def describe(self) -> dict[str, Any]:
        config = self.config
        ready = self.status in (ACTIVE, UPDATING)
        described: dict[str, Any] = {
            "name": config.name,
            "arn": self.arn,
            "createdAt": self.created_at,
            "version": config.version,
            "roleArn": config.role_arn,
            "resourcesVpcConfig": config.vpc.describe(
                self.endpoint.cluster_security_group_id if ready else None
            ),
            "kubernetesNetworkConfig": dict(config.kubernetes_network),
            "logging": {"clusterLogging": [dict(group) for group in config.logging]},
            "status": self.status,
            "certificateAuthority": {"data": self.endpoint.certificate_data} if ready else {},
            "clientRequestToken": self.client_request_token,
            "platformVersion": self.platform_version,
            "tags": dict(config.tags),
            "health": {"issues": []},
            "accessConfig": dict(config.access),
            "upgradePolicy": dict(config.upgrade_policy),
            "deletionProtection": config.deletion_protection,
        }
        if ready:
            described["endpoint"] = self.endpoint.url
            described["identity"] = {"oidc": {"issuer": self.endpoint.oidc_issuer}}
        described.update(config.echoed)
        return described
