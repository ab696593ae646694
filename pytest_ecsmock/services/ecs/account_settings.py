"""ECS account settings of one account and region.

A setting has a value per principal (a user, a role or the root user). The root user's
value is the account's default: PutAccountSettingDefault sets it, and a user or role
without a value of its own takes it; without one either, AWS's default applies.

The mock knows no caller identity: a call is made by the account's root user (as
``registeredBy`` of task definitions says). So the root user's effective value is what
steers the mock: ``containerInsights`` the settings of clusters created afterwards,
``awsvpcTrunking`` the trunk interface of container instances registered afterwards.
The others are kept and answered only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pytest_ecsmock.services.ecs import errors
from pytest_ecsmock.services.paging import BadToken, paginate

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.backend import EcsBackend

ON_OFF = ("on", "off")
ENABLED = ("enabled", "disabled")
LONG_ARN = "You can no longer disable Long Arn settings"
MAX_PAGE = 10


@dataclass(frozen=True)
class Rule:
    """What AWS takes for one setting name."""

    values: tuple[str, ...]
    default: str
    #: only the account's (the root user's) value exists
    account_level: bool = False
    #: read-only: AWS sets it for the account (``type`` aws_managed)
    aws_managed: bool = False
    #: once the account's value is "enabled" it cannot go back
    one_way: bool = False
    #: value -> why it can no longer be set
    refused: dict[str, str] = field(default_factory=dict)


#: every name of the model's SettingName enum, in its order
RULES: dict[str, Rule] = {
    "serviceLongArnFormat": Rule(ENABLED, "enabled", refused={"disabled": LONG_ARN}),
    "taskLongArnFormat": Rule(ENABLED, "enabled", refused={"disabled": LONG_ARN}),
    "containerInstanceLongArnFormat": Rule(ENABLED, "enabled", refused={"disabled": LONG_ARN}),
    "awsvpcTrunking": Rule(ENABLED, "disabled"),
    "containerInsights": Rule(("enabled", "disabled", "enhanced"), "disabled"),
    "fargateFIPSMode": Rule(ENABLED, "disabled", account_level=True),
    "tagResourceAuthorization": Rule(
        ON_OFF,
        "on",
        refused={
            "off": "You can no longer turn off tagResourceAuthorization: tagging "
            "authorization is on for every account."
        },
    ),
    "fargateTaskRetirementWaitPeriod": Rule(("0", "7", "14"), "7", account_level=True),
    "guardDutyActivate": Rule(ON_OFF, "off", aws_managed=True),
    "defaultLogDriverMode": Rule(("blocking", "non-blocking"), "non-blocking"),
    "fargateEventWindows": Rule(ENABLED, "disabled", account_level=True, one_way=True),
}
ORDER = {name: index for index, name in enumerate(RULES)}
#: named in AWS's documentation, but not in botocore's SettingName enum: an answer
#: naming them would not fit the model
NOT_IN_MODEL = ("dualStackIPv6",)
PRINCIPAL = re.compile(
    r"^arn:(?P<partition>aws|aws-cn|aws-us-gov):iam::(?P<account>\d{12}):"
    r"(?:root|(?:user|role)/(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,128})\Z",
    re.ASCII,
)


class AccountSettingStore:
    def __init__(self, ecs: EcsBackend) -> None:
        self.ecs = ecs
        context = ecs.context
        self.account_id = context.account_id
        self.partition = context.partition
        self.root = f"arn:{self.partition}:iam::{self.account_id}:root"
        #: principal ARN -> setting name -> value, as put (the root user's are the
        #: account's defaults)
        self.explicit: dict[str, dict[str, str]] = {}

    # ------------------------------------------------------------------ reading

    def effective(self, principal: str, name: str) -> tuple[str, str]:
        """The value ``principal`` has for ``name``, and whose value it is."""
        own = self.explicit.get(principal, {}).get(name)
        if own is not None:
            return own, principal
        account = self.explicit.get(self.root, {}).get(name)
        return (RULES[name].default if account is None else account), self.root

    def value(self, name: str) -> str:
        """The account's value of ``name`` (the root user's, who makes the mock's calls)."""
        return self.effective(self.root, name)[0]

    def view(self, name: str, value: str, principal: str) -> dict[str, str]:
        kind = "aws_managed" if RULES[name].aws_managed else "user"
        return {"name": name, "value": value, "principalArn": principal, "type": kind}

    # ------------------------------------------------------------------ checks

    def rule(self, name: str) -> Rule:
        found = RULES.get(name)
        if found is None:
            if name in NOT_IN_MODEL:
                raise errors.InvalidParameterException(
                    f"The account setting {name} is not supported by pytest-ecsmock yet: "
                    "botocore's ECS model does not list it, so no answer could name it."
                )
            raise errors.InvalidParameterException(f"{name} should be one of [{','.join(RULES)}]")
        if found.aws_managed:
            raise errors.InvalidParameterException(
                f"{name} is read-only: GuardDuty manages it for the account "
                "(type aws_managed); it cannot be put or deleted."
            )
        return found

    def principal(self, arn: str | None) -> str:
        """The principal a call names (the root user, who makes the mock's calls, when
        ``arn`` is None)."""
        if arn is None:
            return self.root
        match = PRINCIPAL.match(arn)
        if (
            match is None
            or match["account"] != self.account_id
            or match["partition"] != self.partition
        ):
            raise errors.InvalidParameterException(
                f"principalArn '{arn}' is not a user, a role or the root user of this "
                f"account: use {self.root}, or arn:{self.partition}:iam::"
                f"{self.account_id}:user/<name> or :role/<name> (federated users take "
                "the root user's settings and cannot have their own)."
            )
        return arn

    def _check(self, name: str, rule: Rule, principal: str, value: str | None) -> None:
        """Refuse what AWS refuses; ``value`` None is a DeleteAccountSetting."""
        if rule.account_level and principal != self.root:
            raise errors.InvalidParameterException(
                f"{name} is set for the whole account only: use PutAccountSettingDefault, "
                f"or the root user ({self.root}) as principalArn."
            )
        if value is not None and value not in rule.values:
            raise errors.InvalidParameterException("Invalid setting 'value'")
        reason = rule.refused.get(value or "")
        if reason is not None:
            raise errors.InvalidParameterException(reason)
        if rule.one_way and value != "enabled" and self.value(name) == "enabled":
            raise errors.InvalidParameterException(
                f"{name} is turned on once for an account: it cannot be disabled again."
            )

    # ------------------------------------------------------------------ operations

    def put(self, name: str, value: str, principal_arn: str | None) -> dict[str, str]:
        """PutAccountSetting (and, with the root user, PutAccountSettingDefault)."""
        rule = self.rule(name)
        principal = self.principal(principal_arn)
        self._check(name, rule, principal, value)
        self.explicit.setdefault(principal, {})[name] = value
        if principal == self.root:
            self._apply(name)
        return self.view(name, value, principal)

    def delete(self, name: str, principal_arn: str | None) -> dict[str, str]:
        """The principal's own value goes; it takes the account's (or AWS's) again. The
        answer shows the value it had."""
        rule = self.rule(name)
        principal = self.principal(principal_arn)
        self._check(name, rule, principal, None)
        had = self.effective(principal, name)[0]
        self.explicit.get(principal, {}).pop(name, None)
        if principal == self.root:
            self._apply(name)
        return self.view(name, had, principal)

    def list(self, params: dict[str, Any]) -> tuple[list[dict[str, str]], str | None]:
        name, value = params.get("name"), params.get("value")
        if name is not None and name not in RULES:
            self.rule(name)  # raises the error for an unknown name
        if value is not None and name is None:
            raise errors.InvalidParameterException(
                "value filters the settings of one name: give name too."
            )
        principal = self.principal(params.get("principalArn"))
        max_results = params.get("maxResults")
        if max_results is not None and not 1 <= max_results <= MAX_PAGE:
            raise errors.InvalidParameterException(
                f"maxResults must be between 1 and {MAX_PAGE}, not {max_results}."
            )
        settings = []
        for setting in [name] if name is not None else RULES:
            if params.get("effectiveSettings"):
                found, owner = self.effective(principal, setting)
            else:
                own = self.explicit.get(principal, {}).get(setting)
                if own is None:
                    continue
                found, owner = own, principal
            if value is None or found == value:
                settings.append(self.view(setting, found, owner))
        try:
            return paginate(
                settings,
                max_results=max_results,
                token=params.get("nextToken"),
                default=MAX_PAGE,
                key=lambda item: f"{ORDER[item['name']]:02d}",
            )
        except BadToken as exc:
            raise errors.InvalidParameterException(
                "The nextToken is not valid; pass the nextToken of an earlier answer unchanged."
            ) from exc

    # ------------------------------------------------------------------ effects

    def _apply(self, name: str) -> None:
        """Let the account's value steer what the mock simulates."""
        if name == "containerInsights":
            self.ecs.clusters.default_settings[name] = self.value(name)
        elif name == "awsvpcTrunking":
            self.ecs.container_instances.awsvpc_trunking = self.value(name) == "enabled"
