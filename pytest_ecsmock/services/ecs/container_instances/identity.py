"""The EC2 instance identity document an agent registers with.

ECS learns from it which EC2 instance registers: its id, type, zone, region, account,
AMI and architecture. The mock cannot check EC2's signature; it requires one, and
refuses a document that is not the JSON EC2 writes, or that belongs to another account
or region than the call, with ECS's ``ClientException``.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from typing import Any

from pytest_ecsmock.services.ecs import errors

NOT_VALID = "The identity document and identity document signature were not valid."
EC2_INSTANCE_ID = re.compile(r"^i-(?:[0-9a-f]{8}|[0-9a-f]{17})\Z")
AMI_ID = re.compile(r"^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})\Z")
ARCHITECTURES = ("x86_64", "arm64", "i386")
REQUIRED = ("instanceId", "instanceType", "availabilityZone", "region", "accountId", "imageId")
DOCUMENT_VERSION = "2017-09-30"


@dataclass(frozen=True)
class IdentityDocument:
    instance_id: str
    instance_type: str
    availability_zone: str
    region: str
    account_id: str
    image_id: str
    architecture: str | None
    private_ip: str | None


def _refuse(detail: str) -> errors.ClientException:
    return errors.ClientException(f"{NOT_VALID} {detail}")


def parse_identity_document(
    document: str | None, signature: str | None, *, account_id: str, region: str
) -> IdentityDocument:
    """The document's facts; raises ClientException for one ECS would not accept."""
    if not document:
        raise errors.InvalidParameterException(
            "Registering a container instance without an instanceIdentityDocument (an "
            "external instance of ECS Anywhere) is not supported by pytest-ecsmock yet."
        )
    if not signature:
        raise _refuse("The instanceIdentityDocumentSignature is missing.")
    try:
        parsed: Any = json.loads(document)
    except ValueError:
        raise _refuse("The instanceIdentityDocument is not JSON.") from None
    if not isinstance(parsed, dict):
        raise _refuse("The instanceIdentityDocument is not a JSON object.")
    missing = [key for key in REQUIRED if not isinstance(parsed.get(key), str)]
    if missing:
        raise _refuse(f"The instanceIdentityDocument lacks {', '.join(missing)}.")
    if not EC2_INSTANCE_ID.match(parsed["instanceId"]):
        raise _refuse(f"'{parsed['instanceId']}' is not an EC2 instance id.")
    if not AMI_ID.match(parsed["imageId"]):
        raise _refuse(f"'{parsed['imageId']}' is not an AMI id.")
    if parsed["accountId"] != account_id:
        raise _refuse(f"The document is of account {parsed['accountId']}, not {account_id}.")
    if parsed["region"] != region:
        raise _refuse(f"The document is of region {parsed['region']}, not {region}.")
    architecture = parsed.get("architecture")
    if architecture is not None and architecture not in ARCHITECTURES:
        raise _refuse(f"'{architecture}' is not an EC2 architecture.")
    private_ip = parsed.get("privateIp")
    return IdentityDocument(
        instance_id=parsed["instanceId"],
        instance_type=parsed["instanceType"],
        availability_zone=parsed["availabilityZone"],
        region=parsed["region"],
        account_id=parsed["accountId"],
        image_id=parsed["imageId"],
        architecture=architecture,
        private_ip=private_ip if isinstance(private_ip, str) else None,
    )


def identity_document(
    *,
    instance_id: str,
    instance_type: str,
    availability_zone: str,
    region: str,
    account_id: str,
    image_id: str,
    architecture: str,
    pending_time: str,
) -> tuple[str, str]:
    """The document and a stand-in signature EC2's metadata service would give."""
    document = {
        "accountId": account_id,
        "architecture": architecture,
        "availabilityZone": availability_zone,
        "billingProducts": None,
        "devpayProductCodes": None,
        "marketplaceProductCodes": None,
        "imageId": image_id,
        "instanceId": instance_id,
        "instanceType": instance_type,
        "kernelId": None,
        "pendingTime": pending_time,
        "privateIp": None,
        "ramdiskId": None,
        "region": region,
        "version": DOCUMENT_VERSION,
    }
    text = json.dumps(document, indent=2)
    signature = base64.b64encode(f"ecsmock-signature:{instance_id}".encode()).decode()
    return text, signature
