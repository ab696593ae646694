"""A small deployment script of the kind pytest-ecsmock is for.

It grows with the plugin: today it makes sure the cluster exists.
"""

from __future__ import annotations

from typing import Any


def ensure_cluster(ecs: Any, name: str, tags: dict[str, str] | None = None) -> str:
    """Create the cluster if it is missing; return its ARN."""
    found = ecs.describe_clusters(clusters=[name])["clusters"]
    active = [c for c in found if c["status"] == "ACTIVE"]
    if active:
        return str(active[0]["clusterArn"])
    created = ecs.create_cluster(
        clusterName=name, tags=[{"key": k, "value": v} for k, v in (tags or {}).items()]
    )
    return str(created["cluster"]["clusterArn"])
