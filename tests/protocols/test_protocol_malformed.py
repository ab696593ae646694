"""Raw HTTP that no SDK would send: every request gets a well-formed AWS error that
botocore parses (status 4xx), never a traceback or an InternalFailure.

The requests go straight to ``dispatch`` without an operation, as they would from an
HTTP entry point, so the codec has to identify the operation itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore_wire import model, parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_ecsmock import mock_ecs
from pytest_ecsmock.dispatch import dispatch
from pytest_ecsmock.mock import EcsMock
from pytest_ecsmock.protocols import HttpRequest

# the unimplemented operations these requests reach are the point, not a surprise
pytestmark = pytest.mark.filterwarnings("ignore:pytest-ecsmock does not implement")

ECS_TARGET = "AmazonEC2ContainerServiceV20141113"
ECR_TARGET = "AmazonEC2ContainerRegistry_V20150921"
HOST = {"ecs": "ecs", "ecr": "api.ecr", "eks": "eks", "elbv2": "elasticloadbalancing"}


@pytest.fixture(scope="module")
def mock() -> Iterator[EcsMock]:
    with mock_ecs(check_results=True) as handle:
        yield handle


def send(
    mock: EcsMock,
    service: str,
    body: bytes | str = b"",
    *,
    method: str = "POST",
    path: str = "/",
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The request answered and parsed by botocore, as a client would see it."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    url = f"https://{HOST[service]}.us-east-1.amazonaws.com{path}"
    request = HttpRequest(method, url, dict(headers or {}), data)
    response = dispatch(mock, service, request, account_id="123456789012", region="us-east-1")
    parsed = parse(model(service), response, None)
    assert parsed["ResponseMetadata"]["HTTPStatusCode"] == response.status
    return parsed


def json_call(mock: EcsMock, service: str, target: str, body: bytes | str) -> dict[str, Any]:
    prefix = ECS_TARGET if service == "ecs" else ECR_TARGET
    headers = {"X-Amz-Target": f"{prefix}.{target}" if target else ""}
    headers["Content-Type"] = "application/x-amz-json-1.1"
    return send(mock, service, body, headers=headers)


def error(parsed: dict[str, Any]) -> tuple[int, str]:
    return parsed["ResponseMetadata"]["HTTPStatusCode"], parsed["Error"]["Code"]


DEEP = "[" * 100_000 + "]" * 100_000


# ---------------------------------------------------------------- awsJson (ECS, ECR)


@pytest.mark.parametrize("service", ["ecs", "ecr"])
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Amz-Target": ""},
        {"X-Amz-Target": "DescribeClusters"},
        {"X-Amz-Target": "Nope_20200101.DescribeClusters"},
        {"X-Amz-Target": f"{ECS_TARGET}.NoSuchOperation"},
        {"X-Amz-Target": f"{ECR_TARGET}.NoSuchOperation"},
    ],
)
def test_json_unknown_target(mock: EcsMock, service: str, headers: dict[str, str]) -> None:
    parsed = send(mock, service, b"{}", headers=headers)
    assert error(parsed) == (400, "UnknownOperationException")
    assert parsed["Error"]["Message"]


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b"not json",
        b"\xff\xfe{}",
        b'{"clusters": ["\xc3\x28"]}',
        DEEP.encode(),
        b'{"maxResults": NaN}',
        b'{"maxResults": Infinity}',
        b'{"a": 1} trailing',
    ],
    ids=["truncated", "text", "not-utf8", "bad-utf8-in-string", "deep", "nan", "inf", "trailing"],
)
@pytest.mark.parametrize(("service", "target"), [("ecs", "ListClusters"), ("ecr", "ListImages")])
def test_json_body_that_is_not_json(mock: EcsMock, service: str, target: str, body: bytes) -> None:
    parsed = json_call(mock, service, target, body)
    assert error(parsed) == (400, "SerializationException")


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ("[]", "body"),
        ('"x"', "body"),
        ("null", "body"),
        ('{"clusters": "web"}', "clusters"),
        ('{"clusters": [1]}', "clusters.member"),
        ('{"include": {"a": 1}}', "include"),
        ('{"clusters": [], "include": [true]}', "include.member"),
    ],
)
def test_json_member_of_the_wrong_type(mock: EcsMock, body: str, path: str) -> None:
    parsed = json_call(mock, "ecs", "DescribeClusters", body)
    assert error(parsed) == (400, "SerializationException")
    assert f"at '{path}'" in parsed["Error"]["Message"]


@pytest.mark.parametrize(
    "value",
    [2**31, -(2**31) - 1, 10**30, 1.5, 1.0, "10", True, 1e400],
    ids=["int-overflow", "int-underflow", "huge", "fraction", "float", "string", "bool", "inf"],
)
def test_json_integer_out_of_range_or_not_an_integer(mock: EcsMock, value: Any) -> None:
    body = '{"maxResults": %s}' % (json.dumps(value) if value != 1e400 else "1e400")
    parsed = json_call(mock, "ecs", "ListClusters", body)
    assert error(parsed) == (400, "SerializationException")
    assert "at 'maxResults'" in parsed["Error"]["Message"]


def test_json_long_range_is_64_bits(mock: EcsMock) -> None:
    # ECR PutRegistryScanningConfiguration has no long; ECS SubmitTaskStateChange's
    # pullStartedAt is a timestamp: the ECS long is Container.exitCode? No: use ECR
    # UploadLayerPart's partFirstByte (a long): 2**63 does not fit.
    body = json.dumps(
        {
            "repositoryName": "r",
            "uploadId": "u",
            "partFirstByte": 2**63,
            "partLastByte": 1,
            "layerPartBlob": "AA==",
        }
    )
    parsed = json_call(mock, "ecr", "UploadLayerPart", body)
    assert error(parsed) == (400, "SerializationException")
    assert "at 'partFirstByte'" in parsed["Error"]["Message"]


@pytest.mark.parametrize(
    ("service", "target", "body", "path"),
    [
        ("ecs", "DeleteCluster", "{}", "cluster"),
        ("ecs", "DeleteCluster", '{"cluster": null}', "cluster"),
        ("ecs", "PutAttributes", '{"attributes": [{"value": "v"}]}', "attributes.member.name"),
        ("ecr", "CreateRepository", "", "repositoryName"),
        ("ecr", "BatchGetImage", '{"repositoryName": "r"}', "imageIds"),
    ],
)
def test_json_missing_required_member(
    mock: EcsMock, service: str, target: str, body: str, path: str | None
) -> None:
    parsed = json_call(mock, service, target, body)
    assert error(parsed) == (400, "InvalidParameterException")
    if path is not None:
        assert parsed["Error"]["Message"] == (
            f"1 validation error detected: Value null at '{path}' failed to satisfy "
            "constraint: Member must not be null"
        )


# ---------------------------------------------------------------- restJson (EKS)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/nothing-here"),
        ("PATCH", "/clusters"),
        ("GET", "/clusters/a/b/c/d/e"),
        ("POST", "/clusters/x/node-groups/y/z/w"),
    ],
)
def test_rest_json_no_operation_at_that_path(mock: EcsMock, method: str, path: str) -> None:
    parsed = send(mock, "eks", b"", method=method, path=path)
    assert error(parsed) == (404, "UnknownOperationException")


@pytest.mark.parametrize(
    "body",
    [b"{", b"\xff", DEEP.encode(), b"[]", b'"x"', b'{"name": NaN}'],
    ids=["truncated", "not-utf8", "deep", "list", "string", "nan"],
)
def test_rest_json_body_that_is_not_a_json_object(mock: EcsMock, body: bytes) -> None:
    parsed = send(mock, "eks", body, method="POST", path="/clusters")
    assert error(parsed) == (400, "SerializationException")


@pytest.mark.parametrize(
    "query",
    ["maxResults=ten", "maxResults=1.5", "maxResults=99999999999", "maxResults=", "include=%ff"],
)
def test_rest_json_query_string_of_the_wrong_type(mock: EcsMock, query: str) -> None:
    parsed = send(mock, "eks", method="GET", path=f"/clusters?{query}")
    if query.startswith("include"):
        # a list of strings: any text is a string; the answer is the operation's
        assert parsed["ResponseMetadata"]["HTTPStatusCode"] in (200, 400)
    else:
        assert error(parsed) == (400, "SerializationException")
        assert "maxResults" in parsed["Error"]["Message"]


def test_rest_json_missing_required_body_member(mock: EcsMock) -> None:
    parsed = send(mock, "eks", b'{"roleArn": "arn"}', method="POST", path="/clusters")
    assert error(parsed) == (400, "InvalidParameterException")
    assert "'name'" in parsed["Error"]["Message"]


def test_rest_json_member_of_the_wrong_type_in_the_body(mock: EcsMock) -> None:
    body = b'{"name": "c", "roleArn": "a", "resourcesVpcConfig": {"subnetIds": "s"}}'
    parsed = send(mock, "eks", body, method="POST", path="/clusters")
    assert error(parsed) == (400, "SerializationException")
    assert "resourcesVpcConfig.subnetIds" in parsed["Error"]["Message"]


# ---------------------------------------------------------------- query (ELBv2)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", (400, "MissingAction")),
        ("Version=2015-12-01", (400, "MissingAction")),
        ("Action=&Version=2015-12-01", (400, "MissingAction")),
        ("Action=NoSuchThing&Version=2015-12-01", (400, "InvalidAction")),
        ("Action=describeloadbalancers", (400, "InvalidAction")),
        (b"Action=DescribeLoadBalancers&Names.member.1=\xff", (404, "MalformedQueryString")),
    ],
)
def test_query_no_action(mock: EcsMock, body: str | bytes, expected: tuple[int, str]) -> None:
    assert error(send(mock, "elbv2", body)) == expected


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ("PageSize=ten", "PageSize"),
        ("PageSize=1.5", "PageSize"),
        ("PageSize=99999999999", "PageSize"),
        ("PageSize=%EF%BC%93", "PageSize"),  # a full-width digit 3
        ("PageSize=1_0", "PageSize"),
        ("PageSize.x=1", "PageSize"),
        ("Names.member.1.x=a", "Names.member.1"),
    ],
)
def test_query_member_of_the_wrong_type(mock: EcsMock, body: str, path: str) -> None:
    parsed = send(mock, "elbv2", f"Action=DescribeLoadBalancers&Version=2015-12-01&{body}")
    assert error(parsed) == (400, "ValidationError")
    assert f"at '{path}'" in parsed["Error"]["Message"]


def test_query_missing_required_member(mock: EcsMock) -> None:
    parsed = send(mock, "elbv2", "Action=DeleteLoadBalancer&Version=2015-12-01")
    assert error(parsed) == (400, "ValidationError")
    assert parsed["Error"]["Message"] == (
        "1 validation error detected: Value null at 'LoadBalancerArn' failed to satisfy "
        "constraint: Member must not be null"
    )


def test_query_missing_required_member_of_a_list_item(mock: EcsMock) -> None:
    body = "Action=AddTags&Version=2015-12-01&ResourceArns.member.1=a&Tags.member.1.Value=v"
    parsed = send(mock, "elbv2", body)
    assert error(parsed) == (400, "ValidationError")
    assert "'Tags.member.1.Key'" in parsed["Error"]["Message"]


# ---------------------------------------------------------------- anything at all

_TARGETS = st.one_of(
    st.sampled_from(["", ".", "X.Y", f"{ECS_TARGET}.", f"{ECR_TARGET}.ListImages"]),
    st.sampled_from(model("ecs").operation_names).map(lambda name: f"{ECS_TARGET}.{name}"),
    st.text(max_size=30),
)
_JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
_BODIES = st.one_of(
    st.binary(max_size=64),
    _JSONISH.map(lambda value: json.dumps(value).encode()),
    st.text(max_size=40).map(str.encode),
)


def _acceptable(parsed: dict[str, Any]) -> None:
    status = parsed["ResponseMetadata"]["HTTPStatusCode"]
    if status == 200:
        return
    assert 400 <= status < 500 or status == 501, parsed
    assert parsed["Error"]["Code"], parsed


_FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_FUZZ
@given(service=st.sampled_from(["ecs", "ecr"]), target=_TARGETS, body=_BODIES)
def test_json_anything(mock: EcsMock, service: str, target: str, body: bytes) -> None:
    _acceptable(send(mock, service, body, headers={"X-Amz-Target": target}))


_PATHS = st.one_of(
    st.sampled_from(
        ["/clusters", "/clusters/c", "/clusters/c/node-groups", "/clusters/c/addons/a", "/"]
    ),
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=30).map(
        lambda s: "/" + s.replace("#", "")
    ),
)


@_FUZZ
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]),
    path=_PATHS,
    body=_BODIES,
)
def test_rest_json_anything(mock: EcsMock, method: str, path: str, body: bytes) -> None:
    _acceptable(send(mock, "eks", body, method=method, path=path))


_FIELDS = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from(
                ["Names.member.1", "PageSize", "Marker", "LoadBalancerArns.member.2", "Tags"]
            ),
            st.text(max_size=12),
        ),
        st.text(max_size=12),
    ),
    max_size=5,
)


@_FUZZ
@given(
    action=st.one_of(st.sampled_from(model("elbv2").operation_names), st.text(max_size=12)),
    fields=_FIELDS,
    raw=st.binary(max_size=20),
)
def test_query_anything(
    mock: EcsMock, action: str, fields: list[tuple[str, str]], raw: bytes
) -> None:
    from urllib.parse import urlencode

    body = urlencode([("Action", action), ("Version", "2015-12-01"), *fields]).encode() + raw
    _acceptable(send(mock, "elbv2", body))
