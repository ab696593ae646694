from __future__ import annotations

import boto3
import pytest


@pytest.fixture
def ecs(ecsmock):
    return boto3.client("ecs", region_name="eu-west-1")
