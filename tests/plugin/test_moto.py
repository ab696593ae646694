"""pytest-ecsmock beside moto's mock_aws: ours serves our services, moto the rest.

botocore calls every before-send handler and keeps the first answer; moto registers
its handler in botocore's built-in table when imported.  Import order is real only in
a new interpreter, so the import-order tests run one.
"""

from __future__ import annotations

import json

import boto3
import pytest
from plugin_helpers import REGION, cluster_arn, run_python

from pytest_ecsmock import UnmockedServiceError, mock_ecs

moto = pytest.importorskip("moto")

SCENARIO = """
import json
{imports}
from urllib.parse import urlsplit
import boto3
from moto import mock_aws
from moto.core.botocore_stubber import BotocoreStubber
from pytest_ecsmock import UninterceptedClientError, UnmockedServiceError, mock_ecs

out = {{}}
client = boto3.Session().client("ecs", region_name="us-east-1")
handlers = client.meta.events._emitter._handlers.prefix_search("before-send.ecs.ListClusters")
out["first_handler"] = handlers[0].__name__
out["moto_registered"] = any(type(h).__name__ == "BotocoreStubber" for h in handlers)

moto_saw = []
process_request = BotocoreStubber.process_request
def spy(self, request):
    moto_saw.append(urlsplit(request.url).netloc)
    return process_request(self, request)
BotocoreStubber.process_request = spy

for outer in ("ecsmock", "moto"):
    moto_saw.clear()
    mocks = [mock_ecs(), mock_aws()] if outer == "ecsmock" else [mock_aws(), mock_ecs()]
    with mocks[0] as first, mocks[1] as second:
        m = first if outer == "ecsmock" else second
        ecs = boto3.client("ecs", region_name="us-east-1")
        s3 = boto3.client("s3", region_name="us-east-1")
        arn = ecs.create_cluster(clusterName="ours")["cluster"]["clusterArn"]
        s3.create_bucket(Bucket="moto-bucket")
        out[outer] = {{
            "arn": arn,
            "buckets": [b["Name"] for b in s3.list_buckets()["Buckets"]],
            "our_calls": [f"{{c.service}}:{{c.operation}}" for c in m.calls],
            "moto_saw": sorted(set(moto_saw)),
        }}

moto_saw.clear()
with mock_aws():
    boto3.client("eks", region_name="us-east-1").list_clusters()
out["moto_alone"] = moto_saw[:]

with mock_ecs():
    try:
        boto3.client("s3", region_name="us-east-1").list_buckets()
    except UnmockedServiceError as exc:
        out["s3_without_moto"] = exc.service

{extra}
print(json.dumps(out))
"""

DEFAULT_SESSION_FIRST = """
import boto3
boto3.setup_default_session()
early = boto3.client(  # as with real credentials around
    "ecs", region_name="us-east-1", aws_access_key_id="AKIAEARLY", aws_secret_access_key="x"
)
"""

EARLY_CLIENT = """
with mock_ecs() as m:
    out["default_session"] = boto3.client("ecs", region_name="us-east-1").list_clusters()
    try:
        early.list_clusters()
    except UninterceptedClientError as exc:
        out["early_client"] = str(exc)
"""


def expected_outcome() -> dict[str, object]:
    both = {
        "arn": cluster_arn("ours"),
        "buckets": ["moto-bucket"],
        "our_calls": ["ecs:CreateCluster"],
        # moto handled the S3 calls only: it never saw the call we answered
        "moto_saw": ["moto-bucket.s3.amazonaws.com", "s3.amazonaws.com"],
    }
    return {
        "first_handler": "answer",
        "moto_registered": True,
        "ecsmock": both,
        "moto": both,
        "moto_alone": ["eks.us-east-1.amazonaws.com"],  # ours is inert when not active
        "s3_without_moto": "s3",
    }


def test_moto_imported_first_with_a_default_session_and_a_client_made_before():
    imports = DEFAULT_SESSION_FIRST + "import moto\nimport pytest_ecsmock"
    out = json.loads(run_python(SCENARIO.format(imports=imports, extra=EARLY_CLIENT)))

    # boto3's default session existed before the import: it got our handlers too
    assert out.pop("default_session")["clusterArns"] == []
    # a client made before the import has none of them, but still cannot reach AWS
    assert out.pop("early_client").startswith(
        "pytest-ecsmock stopped a request to https://ecs.us-east-1.amazonaws.com/ so that "
        "it would not reach AWS: the client that sent it was created before pytest_ecsmock "
        "was imported"
    )
    assert out == expected_outcome()


def test_pytest_ecsmock_imported_first():
    imports = "import pytest_ecsmock\nimport moto"
    out = json.loads(run_python(SCENARIO.format(imports=imports, extra="")))
    assert out == expected_outcome()


def test_in_one_test_with_the_fixture_and_mock_aws(ecsmock, monkeypatch):
    from moto.core.botocore_stubber import BotocoreStubber

    moto_saw: list[str] = []
    process_request = BotocoreStubber.process_request

    def spy(self, request):
        moto_saw.append(request.url.split("/")[2])
        return process_request(self, request)

    monkeypatch.setattr(BotocoreStubber, "process_request", spy)
    with moto.mock_aws():
        ecs = boto3.client("ecs", region_name=REGION)
        sqs = boto3.client("sqs", region_name=REGION)
        arn = ecs.create_cluster(clusterName="web")["cluster"]["clusterArn"]
        url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
        assert sqs.list_queues()["QueueUrls"] == [url]
        assert boto3.client("ecr", region_name=REGION).describe_repositories()["repositories"] == []
        assert boto3.client("eks", region_name=REGION).list_clusters()["clusters"] == []
        elbv2 = boto3.client("elbv2", region_name=REGION)
        assert elbv2.describe_target_groups()["TargetGroups"] == []
    assert arn == cluster_arn("web")
    assert [f"{c.service}:{c.operation}" for c in ecsmock.calls] == [
        "ecs:CreateCluster",
        "ecr:DescribeRepositories",
        "eks:ListClusters",
        "elbv2:DescribeTargetGroups",
    ]
    assert set(moto_saw) == {"sqs.us-east-1.amazonaws.com"}
    with pytest.raises(UnmockedServiceError, match="'sqs'"):  # moto has stopped
        sqs.list_queues()


def test_services_we_leave_out_go_to_moto():
    with mock_ecs(services=["ecs"]) as m, moto.mock_aws():
        eks = boto3.client("eks", region_name=REGION)
        assert eks.list_clusters()["clusters"] == []
        ecs = boto3.client("ecs", region_name=REGION)
        assert ecs.list_clusters()["clusterArns"] == []
    assert m.calls.operations() == ["ListClusters"]
    assert m.calls.last.service == "ecs"


TRUST = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'  # noqa: E501


def test_beside_moto_iam_is_moto_s_by_default():
    with mock_ecs() as m, moto.mock_aws():
        iam = boto3.client("iam", region_name=REGION)
        iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST)
        iam.create_user(UserName="deployer")  # an operation only moto has
        assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["app"]
    assert len(m.calls.filter(service="iam")) == 0
    assert m.backend("iam").find_role("app") is None


def test_naming_iam_keeps_it_ours_beside_moto():
    with mock_ecs(services=["ecs", "iam"]) as m, moto.mock_aws():
        iam = boto3.client("iam", region_name=REGION)
        arn = iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    assert arn == "arn:aws:iam::123456789012:role/app"
    assert m.calls.filter(service="iam").operations() == ["CreateRole"]
    assert m.backend("iam").role_trusts("app") == (True, True)


def test_without_moto_iam_is_ours():
    with mock_ecs() as m:
        iam = boto3.client("iam", region_name=REGION)
        iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST)
    assert m.backend("iam").role_trusts("app") == (True, True)
