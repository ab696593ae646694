"""What the container instance tests share (a uniquely named module)."""

from __future__ import annotations

import json
from typing import Any

from ecs_helpers import ACCOUNT, REGION

EC2_ID = "i-0123456789abcdef0"
AMI = "ami-0123456789abcdef0"
TCP_PORTS = ["22", "2375", "2376", "51678", "51679"]


def instance_arn(cluster: str, instance_id: str) -> str:
    return f"arn:aws:ecs:{REGION}:{ACCOUNT}:container-instance/{cluster}/{instance_id}"


def identity_document(**overrides: Any) -> str:
    """An EC2 instance identity document as the metadata service gives it."""
    document = {
        "accountId": ACCOUNT,
        "architecture": "x86_64",
        "availabilityZone": f"{REGION}a",
        "imageId": AMI,
        "instanceId": EC2_ID,
        "instanceType": "m5.large",
        "pendingTime": "2026-01-01T00:00:00Z",
        "privateIp": "172.31.0.10",
        "region": REGION,
        "version": "2017-09-30",
        **overrides,
    }
    return json.dumps({key: value for key, value in document.items() if value is not None})


def resources(cpu: int = 2048, memory: int = 7680, ports: list[str] | None = None) -> list[Any]:
    return [
        {"name": "CPU", "type": "INTEGER", "integerValue": cpu},
        {"name": "MEMORY", "type": "INTEGER", "integerValue": memory},
        {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ports or TCP_PORTS},
        {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": []},
    ]


def register(ecs: Any, cluster: str = "default", **request: Any) -> dict[str, Any]:
    """Register an instance as the agent does (document keywords in ``document``)."""
    request.setdefault("instanceIdentityDocument", identity_document(**request.pop("document", {})))
    request.setdefault("instanceIdentityDocumentSignature", "c2lnbmF0dXJl")
    request.setdefault("totalResources", resources())
    request.setdefault("versionInfo", {"agentVersion": "1.89.2", "agentHash": "f9c1b2a0"})
    answer: dict[str, Any] = ecs.register_container_instance(cluster=cluster, **request)
    return answer["containerInstance"]


def resource(instance: dict[str, Any], name: str, registered: bool = True) -> Any:
    """The value of resource ``name`` of a described instance."""
    key = "registeredResources" if registered else "remainingResources"
    found = next(r for r in instance[key] if r["name"] == name)
    return found["stringSetValue"] if found["type"] == "STRINGSET" else found["integerValue"]


def attributes(instance: dict[str, Any]) -> dict[str, str | None]:
    return {a["name"]: a.get("value") for a in instance["attributes"]}
