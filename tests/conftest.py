from __future__ import annotations

import boto3
import pytest

REGION = "us-east-1"


@pytest.fixture
def ecs(ecsmock):
    return boto3.client("ecs", region_name=REGION)


@pytest.fixture
def ecr(ecsmock):
    return boto3.client("ecr", region_name=REGION)


@pytest.fixture
def eks(ecsmock):
    return boto3.client("eks", region_name=REGION)


@pytest.fixture
def elbv2(ecsmock):
    return boto3.client("elbv2", region_name=REGION)
