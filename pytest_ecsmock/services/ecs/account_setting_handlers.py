"""Account setting operations."""

from __future__ import annotations

from pytest_ecsmock.services.base import Params, Result
from pytest_ecsmock.services.ecs.api import service
from pytest_ecsmock.services.ecs.backend import EcsBackend


@service.operation("PutAccountSetting")
def put_account_setting(ecs: EcsBackend, params: Params) -> Result:
    setting = ecs.account_settings.put(params["name"], params["value"], params.get("principalArn"))
    return {"setting": setting}


@service.operation("PutAccountSettingDefault")
def put_account_setting_default(ecs: EcsBackend, params: Params) -> Result:
    return {"setting": ecs.account_settings.put(params["name"], params["value"], None)}


@service.operation("DeleteAccountSetting")
def delete_account_setting(ecs: EcsBackend, params: Params) -> Result:
    setting = ecs.account_settings.delete(params["name"], params.get("principalArn"))
    return {"setting": setting}


@service.operation("ListAccountSettings")
def list_account_settings(ecs: EcsBackend, params: Params) -> Result:
    settings, token = ecs.account_settings.list(params)
    return {"settings": settings, "nextToken": token}
