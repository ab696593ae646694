"""IAM operations (roles and their policies): decoded parameters in, result dicts out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pytest_ecsmock.services.base import Params, Result, ServiceDef
from pytest_ecsmock.services.iam.backend import IamBackend
from pytest_ecsmock.services.iam.roles import encoded_document, tag_list
from pytest_ecsmock.services.iam.validation import check_max_items, validation_error
from pytest_ecsmock.services.paging import BadToken, paginate

service: ServiceDef[IamBackend] = ServiceDef("iam", IamBackend)

DEFAULT_MAX_ITEMS = 100
T = TypeVar("T")


def _page(items: Sequence[T], params: Params, key: Callable[[T], str]) -> tuple[list[T], Result]:
    """One page as IAM pages: ``MaxItems`` (100 by default), ``Marker``, ``IsTruncated``."""
    check_max_items(params.get("MaxItems"))
    try:
        page, marker = paginate(
            items,
            max_results=params.get("MaxItems"),
            token=params.get("Marker"),
            default=DEFAULT_MAX_ITEMS,
            key=key,
        )
    except BadToken:
        raise validation_error("The specified value for marker is invalid.") from None
    return page, {"IsTruncated": marker is not None, "Marker": marker}


# ---------------------------------------------------------------------- roles


@service.operation("CreateRole")
def create_role(iam: IamBackend, params: Params) -> Result:
    role = iam.create_role(
        params["RoleName"],
        params["AssumeRolePolicyDocument"],
        path=params.get("Path"),
        description=params.get("Description"),
        max_session_duration=params.get("MaxSessionDuration"),
        permissions_boundary=params.get("PermissionsBoundary"),
        tags=params.get("Tags"),
    )
    return {"Role": role.describe()}


@service.operation("GetRole")
def get_role(iam: IamBackend, params: Params) -> Result:
    return {"Role": {**iam.role(params["RoleName"]).describe(), "RoleLastUsed": {}}}


@service.operation("DeleteRole")
def delete_role(iam: IamBackend, params: Params) -> Result:
    iam.delete_role(params["RoleName"])
    return {}


@service.operation("ListRoles")
def list_roles(iam: IamBackend, params: Params) -> Result:
    found = iam.list_roles(params.get("PathPrefix"))
    page, more = _page(found, params, key=lambda role: role.name.lower())
    return {"Roles": [role.describe(listing=True) for role in page], **more}


@service.operation("UpdateAssumeRolePolicy")
def update_assume_role_policy(iam: IamBackend, params: Params) -> Result:
    iam.update_assume_role_policy(params["RoleName"], params["PolicyDocument"])
    return {}


@service.operation("UpdateRole")
def update_role(iam: IamBackend, params: Params) -> Result:
    iam.update_role(
        params["RoleName"],
        description=params.get("Description"),
        max_session_duration=params.get("MaxSessionDuration"),
    )
    return {}


@service.operation("UpdateRoleDescription")
def update_role_description(iam: IamBackend, params: Params) -> Result:
    role = iam.update_role(params["RoleName"], description=params["Description"])
    return {"Role": role.describe()}


# ---------------------------------------------------------------------- tags


@service.operation("TagRole")
def tag_role(iam: IamBackend, params: Params) -> Result:
    iam.tag_role(params["RoleName"], params["Tags"])
    return {}


@service.operation("UntagRole")
def untag_role(iam: IamBackend, params: Params) -> Result:
    iam.untag_role(params["RoleName"], params["TagKeys"])
    return {}


@service.operation("ListRoleTags")
def list_role_tags(iam: IamBackend, params: Params) -> Result:
    tags = tag_list(iam.role(params["RoleName"]).tags)
    page, more = _page(tags, params, key=lambda tag: tag["Key"].lower())
    return {"Tags": page, **more}


# ---------------------------------------------------------------------- inline policies


@service.operation("PutRolePolicy")
def put_role_policy(iam: IamBackend, params: Params) -> Result:
    iam.put_role_policy(params["RoleName"], params["PolicyName"], params["PolicyDocument"])
    return {}


@service.operation("GetRolePolicy")
def get_role_policy(iam: IamBackend, params: Params) -> Result:
    role, name = iam.role_policy(params["RoleName"], params["PolicyName"])
    return {
        "RoleName": role.name,
        "PolicyName": name,
        "PolicyDocument": encoded_document(role.inline_policies[name]),
    }


@service.operation("DeleteRolePolicy")
def delete_role_policy(iam: IamBackend, params: Params) -> Result:
    iam.delete_role_policy(params["RoleName"], params["PolicyName"])
    return {}


@service.operation("ListRolePolicies")
def list_role_policies(iam: IamBackend, params: Params) -> Result:
    names = iam.list_role_policies(params["RoleName"])
    page, more = _page(names, params, key=str.lower)
    return {"PolicyNames": page, **more}


# ---------------------------------------------------------------------- managed policies


@service.operation("AttachRolePolicy")
def attach_role_policy(iam: IamBackend, params: Params) -> Result:
    iam.attach_role_policy(params["RoleName"], params["PolicyArn"])
    return {}


@service.operation("DetachRolePolicy")
def detach_role_policy(iam: IamBackend, params: Params) -> Result:
    iam.detach_role_policy(params["RoleName"], params["PolicyArn"])
    return {}


@service.operation("ListAttachedRolePolicies")
def list_attached_role_policies(iam: IamBackend, params: Params) -> Result:
    found = iam.list_attached_role_policies(params["RoleName"], params.get("PathPrefix"))
    page, more = _page(found, params, key=lambda pair: f"{pair[0].lower()} {pair[1]}")
    attached: list[dict[str, Any]] = [{"PolicyName": name, "PolicyArn": arn} for name, arn in page]
    return {"AttachedPolicies": attached, **more}
