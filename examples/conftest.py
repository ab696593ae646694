from __future__ import annotations

from typing import Any

import boto3
import pytest

from pytest_ecsmock import EcsMock


@pytest.fixture
def ecs(ecsmock: EcsMock) -> Any:
    """An ECS client in eu-west-1, served by the test's mock."""
    return boto3.client("ecs", region_name="eu-west-1")
