from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from iam_helpers import ECS_TRUST, REGION


@pytest.fixture
def iam(ecsmock: Any) -> Any:
    return boto3.client("iam", region_name=REGION)


@pytest.fixture
def unchecked_iam(ecsmock: Any) -> Any:
    """A client that sends what botocore would refuse, to see what IAM says."""
    return boto3.client("iam", region_name=REGION, config=Config(parameter_validation=False))


@pytest.fixture
def iam_backend(ecsmock: Any) -> Any:
    return ecsmock.backend("iam")


@pytest.fixture
def app(iam: Any) -> dict[str, Any]:
    """A role that ECS tasks may assume."""
    return iam.create_role(RoleName="app", AssumeRolePolicyDocument=ECS_TRUST)["Role"]  # type: ignore[no-any-return]


@pytest.fixture
def raises_aws() -> Callable[..., AbstractContextManager[None]]:
    """``with raises_aws(code, message, status=400): ...`` expects that IAM error."""

    @contextmanager
    def expect(code: str, message: str, status: int = 400) -> Iterator[None]:
        with pytest.raises(ClientError) as caught:
            yield
        response = caught.value.response
        assert (
            response["Error"]["Code"],
            response["Error"]["Message"],
            response["ResponseMetadata"]["HTTPStatusCode"],
        ) == (code, message, status)

    return expect
