"""What the plugin tests share (a uniquely named module: test directories are not packages)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import datetime, timezone

from botocore import xform_name

from pytest_ecsmock import _models
from pytest_ecsmock.services.base import service_def

REGION = "us-east-1"
ACCOUNT = "123456789012"
START = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)


def cluster_arn(name: str, account: str = ACCOUNT, region: str = REGION) -> str:
    return f"arn:aws:ecs:{region}:{account}:cluster/{name}"


def unimplemented_ecs_operation() -> tuple[str, str]:
    """An ECS operation pytest-ecsmock does not implement, callable without arguments:
    (AWS name, boto3 method name).  Chosen at run time, as coverage grows."""
    model = _models.service_model("ecs")
    implemented = service_def("ecs").operations
    candidates = [
        name
        for name in sorted(model.operation_names)
        if name not in implemented
        and not getattr(model.operation_model(name).input_shape, "required_members", None)
    ]
    assert candidates, "every ECS operation without required input is implemented"
    name = "DiscoverPollEndpoint" if "DiscoverPollEndpoint" in candidates else candidates[0]
    return name, xform_name(name)


def run_python(source: str) -> str:
    """Run ``source`` in a new interpreter (so that import order is real); its stdout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(source)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


#: plugins an inner pytest run does not need (hypothesis would be imported afresh each run)
QUIET = ("-p", "no:hypothesispytest", "-p", "no:benchmark", "-W", "default::UserWarning")


def runpytest(pytester, *args: str, subprocess: bool = False):
    """Run pytest on the pytester directory, without the plugins it does not need."""
    if subprocess:
        return pytester.runpytest_subprocess(*QUIET, *args)
    return pytester.runpytest(*QUIET, *args)
