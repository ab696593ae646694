from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
from botocore.exceptions import ClientError
from eks_helpers import ROLE, SUBNETS


@pytest.fixture
def eks_backend(ecsmock: Any) -> Any:
    return ecsmock.backend("eks")


@pytest.fixture
def new_cluster(eks: Any) -> Callable[..., dict[str, Any]]:
    """Create a cluster with valid required settings; keywords override or add."""

    def create(name: str = "prod", **settings: Any) -> dict[str, Any]:
        settings.setdefault("roleArn", ROLE)
        settings.setdefault("resourcesVpcConfig", {"subnetIds": SUBNETS})
        cluster: dict[str, Any] = eks.create_cluster(name=name, **settings)["cluster"]
        return cluster

    return create


@pytest.fixture
def raises_aws() -> Callable[[str, int, str], AbstractContextManager[None]]:
    """``with raises_aws(code, http_status, message): ...`` expects that AWS error."""

    @contextmanager
    def expect(code: str, status: int, message: str) -> Iterator[None]:
        with pytest.raises(ClientError) as caught:
            yield
        response = caught.value.response
        assert response["Error"]["Code"] == code
        assert response["ResponseMetadata"]["HTTPStatusCode"] == status
        assert response["Error"]["Message"] == message

    return expect
