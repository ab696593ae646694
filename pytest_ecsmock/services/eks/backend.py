"""EKS state for one account and region: clusters, their lifecycle and their tags."""

from __future__ import annotations

import base64
import random
import textwrap
from collections.abc import Callable
from typing import Protocol

from pytest_ecsmock.services.base import BackendContext, Params
from pytest_ecsmock.services.eks import errors
from pytest_ecsmock.services.eks.cluster_config import read_create_request
from pytest_ecsmock.services.eks.clusters import (
    ACTIVE,
    CREATING,
    DELETING,
    UPDATING,
    Cluster,
    Endpoint,
)
from pytest_ecsmock.services.eks.validation import (
    check_max_results,
    check_tags,
    constraint_message,
    parse_eks_arn,
)
from pytest_ecsmock.services.eks.versions import Versions
from pytest_ecsmock.services.network import NetworkBackend
from pytest_ecsmock.services.paging import BadToken, paginate

#: values ListClusters accepts in ``include`` (connected clusters are all there are)
INCLUDE_VALUES = ("all",)


class Taggable(Protocol):
    @property
    def tags(self) -> dict[str, str]: ...


class EksBackend:
    #: simulated seconds from CreateCluster to ACTIVE (AWS takes about ten minutes)
    creation_seconds: float = 600
    #: simulated seconds from DeleteCluster until the cluster is gone
    deletion_seconds: float = 300

    def __init__(self, context: BackendContext) -> None:
        self.context = context
        self.clusters: dict[str, Cluster] = {}
        self.versions = Versions()
        #: ARN resource type -> finder, for the tagging operations
        self._taggables: dict[str, Callable[[str], Taggable | None]] = {
            "cluster": self._cluster_by_arn,
        }

    @property
    def network(self) -> NetworkBackend:
        """The VPC network of this account and region, shared with the other services
        (``ecsmock.backend("network")``)."""
        network: NetworkBackend = self.context.sibling("network")
        return network

    # ------------------------------------------------------------------ clusters

    def cluster_arn(self, name: str) -> str:
        return self.context.arn(f"cluster/{name}")

    def create_cluster(self, params: Params) -> Cluster:
        config = read_create_request(
            params,
            network=self.network,
            supported_versions=self.versions.supported,
            default_version=self.versions.default,
        )
        token = params.get("clientRequestToken")
        request = {k: v for k, v in params.items() if k != "clientRequestToken"}
        existing = self.clusters.get(config.name)
        if existing is not None:
            retried = token is not None and token == existing.client_request_token
            if retried and request == existing.request:
                return existing
            raise errors.ResourceInUseException(f"Cluster already exists with name: {config.name}")
        if config.kubernetes_network["ipFamily"] == "ipv6":
            config.kubernetes_network["serviceIpv6Cidr"] = self._unique_local_cidr()
        cluster = Cluster(
            config=config,
            arn=self.cluster_arn(config.name),
            created_at=self.context.clock.now(),
            platform_version=self.versions.platform_version(config.version),
            endpoint=self._make_endpoint(),
            client_request_token=token,
            request=request,
        )
        self.clusters[config.name] = cluster
        self.network.remember(config.subnets)
        self.context.clock.after(self.creation_seconds, lambda: self._activate(cluster))
        return cluster

    def describe_cluster(self, name: str) -> Cluster:
        cluster = self.clusters.get(name)
        if cluster is None:
            raise errors.ResourceNotFoundException(f"No cluster found for name: {name}.")
        return cluster

    def list_clusters(
        self, *, max_results: int | None, token: str | None, include: list[str] | None
    ) -> tuple[list[str], str | None]:
        check_max_results(max_results)
        for value in include or []:
            if value not in INCLUDE_VALUES:
                raise errors.InvalidParameterException(
                    constraint_message(
                        value, "include", "Member must satisfy enum value set: [all]"
                    )
                )
        names = sorted(self.clusters)
        try:
            page, next_token = paginate(
                names, max_results=max_results, token=token, default=100, key=lambda n: n
            )
        except BadToken:
            raise errors.InvalidParameterException("The nextToken is not valid.") from None
        return page, next_token

    def delete_cluster(self, name: str) -> Cluster:
        cluster = self.describe_cluster(name)
        if cluster.status == DELETING:
            return cluster
        if cluster.status == UPDATING:
            raise errors.ResourceInUseException(
                f"Cannot delete because cluster {name} currently has an update in progress"
            )
        if cluster.nodegroups:
            raise errors.ResourceInUseException("Cluster has nodegroups attached")
        if cluster.fargate_profiles:
            raise errors.ResourceInUseException("Cluster has fargate profiles attached")
        if cluster.deletion_protection and cluster.status == ACTIVE:
            raise errors.InvalidRequestException(
                f"Cannot delete cluster {name} because deletion protection is enabled. "
                "Disable it with UpdateClusterConfig first."
            )
        cluster.status = DELETING
        self.context.clock.after(self.deletion_seconds, lambda: self._remove(cluster))
        return cluster

    def _activate(self, cluster: Cluster) -> None:
        if self.clusters.get(cluster.name) is cluster and cluster.status == CREATING:
            cluster.status = ACTIVE

    def _remove(self, cluster: Cluster) -> None:
        if self.clusters.get(cluster.name) is cluster and cluster.status == DELETING:
            del self.clusters[cluster.name]

    # ------------------------------------------------------------------ tags

    def tag_resource(self, arn: str, tags: dict[str, str]) -> None:
        resource = self._taggable(arn)
        check_tags(tags, errors.BadRequestException)
        merged = {**resource.tags, **tags}
        check_tags(merged, errors.BadRequestException)
        resource.tags.update(tags)

    def untag_resource(self, arn: str, keys: list[str]) -> None:
        resource = self._taggable(arn)
        for key in keys:
            resource.tags.pop(key, None)

    def list_tags(self, arn: str) -> dict[str, str]:
        return dict(self._taggable(arn).tags)

    def _taggable(self, arn: str) -> Taggable:
        partition, region, account, resource = parse_eks_arn(arn)
        kind = resource.split("/", 1)[0]
        finder = self._taggables.get(kind)
        mine = (partition, region, account) == (
            self.context.partition,
            self.context.region,
            self.context.account_id,
        )
        found = finder(arn) if finder is not None and mine else None
        if found is None:
            raise errors.NotFoundException("Resource was not found")
        return found

    def _cluster_by_arn(self, arn: str) -> Cluster | None:
        return next((c for c in self.clusters.values() if c.arn == arn), None)

    # ------------------------------------------------------------------ identifiers

    def _make_endpoint(self) -> Endpoint:
        ids = self.context.ids
        region = self.context.region
        domain = "amazonaws.com.cn" if self.context.partition == "aws-cn" else "amazonaws.com"
        cluster_id = ids.hex(32).upper()
        cell = ids.alnum(2, "abcdefghijklmnopqrstuvwxyz") + ids.alnum(1, "0123456789")
        return Endpoint(
            url=f"https://{cluster_id}.{cell}.{region}.eks.{domain}",
            oidc_issuer=f"https://oidc.eks.{region}.{domain}/id/{cluster_id}",
            certificate_data=certificate_authority_data(ids.random),
            cluster_security_group_id=f"sg-{ids.hex(17)}",
        )

    def _unique_local_cidr(self) -> str:
        ids = self.context.ids
        return f"fd{ids.hex(2)}:{ids.hex(4)}:{ids.hex(4)}::/108"


def certificate_authority_data(source: random.Random) -> str:
    """Base64 of a PEM certificate, as ``certificateAuthority.data`` is (the DER inside
    is random bytes: nothing checks it against a Kubernetes API server)."""
    der = b"\x30\x82\x03\x01" + source.randbytes(769)
    body = "\n".join(textwrap.wrap(base64.b64encode(der).decode("ascii"), 64))
    pem = f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n"
    return base64.b64encode(pem.encode("ascii")).decode("ascii")
