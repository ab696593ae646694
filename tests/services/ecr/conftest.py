from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from ecr_helpers import REGION


@pytest.fixture
def ecr_backend(ecsmock: Any) -> Any:
    return ecsmock.backend("ecr")


@pytest.fixture
def unchecked_ecr(ecsmock: Any) -> Any:
    """A client that sends what botocore would refuse, to see what the service says."""
    return boto3.client("ecr", region_name=REGION, config=Config(parameter_validation=False))


@pytest.fixture
def raises_aws() -> Callable[[str, str], AbstractContextManager[None]]:
    """``with raises_aws(code, message): ...`` expects that ECR error (all are HTTP 400)."""

    @contextmanager
    def expect(code: str, message: str) -> Iterator[None]:
        with pytest.raises(ClientError) as caught:
            yield
        response = caught.value.response
        assert response["Error"]["Code"] == code
        assert response["Error"]["Message"] == message
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 400

    return expect
