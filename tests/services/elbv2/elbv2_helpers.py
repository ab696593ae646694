"""Helpers shared by the ELBv2 tests."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

VPC = "vpc-0a1b2c3d4e5f60718"


def error_of(caught: pytest.ExceptionInfo[ClientError]) -> tuple[str, int, str]:
    """The wire code, HTTP status and message of an AWS error answer."""
    response: Any = caught.value.response
    return (
        response["Error"]["Code"],
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Message"],
    )


def forward_to(target_group_arn: str) -> list[dict[str, Any]]:
    return [{"Type": "forward", "TargetGroupArn": target_group_arn}]


def refused(call: Any, **request: Any) -> pytest.ExceptionInfo[ClientError]:
    """Make ``call(**request)`` and return the AWS error it must answer with."""
    with pytest.raises(ClientError) as caught:
        call(**request)
    return caught
