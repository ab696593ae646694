"""``result_problems``: a handler's result checked against the operation's output shape."""

from __future__ import annotations

from datetime import datetime, timezone

from botocore.model import Shape
from botocore_wire import model

from pytest_ecsmock.protocols.validate import result_problems

UTC = timezone.utc


def output(service: str, operation: str) -> Shape | None:
    return model(service).operation_model(operation).output_shape


def test_a_good_result_has_no_problems() -> None:
    result = {
        "clusters": [
            {
                "clusterName": "web",
                "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/web",
                "status": "ACTIVE",
                "registeredContainerInstancesCount": 0,
                "tags": [{"key": "team", "value": "a"}],
                "settings": [{"name": "containerInsights", "value": "disabled"}],
                "statistics": [],
                "capacityProviders": None,  # None is "left out", as AWS leaves it out
            }
        ],
        "failures": [],
    }
    assert result_problems(output("ecs", "DescribeClusters"), result) == []


def test_a_good_result_with_every_scalar_type_has_no_problems() -> None:
    result = {
        "imageDetails": [
            {
                "imageDigest": "sha256:ab",
                "imageSizeInBytes": 2**40,  # long
                "imagePushedAt": datetime(2024, 5, 1, tzinfo=UTC),
                "imageScanFindingsSummary": {"findingSeverityCounts": {"HIGH": 2}},
            }
        ]
    }
    assert result_problems(output("ecr", "DescribeImages"), result) == []
    report = {
        "Content": b"user,arn\n",  # blob
        "ReportFormat": "text/csv",
        "GeneratedTime": datetime(2024, 5, 1, tzinfo=UTC),
    }
    assert result_problems(output("iam", "GetCredentialReport"), report) == []
    scores = {"TargetGroups": [{"HealthCheckTimeoutSeconds": 5, "Port": 80}]}
    assert result_problems(output("elbv2", "DescribeTargetGroups"), scores) == []


def test_unknown_members_are_reported_with_their_path() -> None:
    result = {
        "clusters": [{"clusterName": "web", "ClusterName": "web"}],
        "nextToken": "x",
    }
    assert result_problems(output("ecs", "DescribeClusters"), result) == [
        "result.clusters[0].ClusterName: not a member of Cluster",
        "result.nextToken: not a member of DescribeClustersResponse",
    ]


def test_wrong_types_are_reported() -> None:
    result = {
        "clusters": [
            {
                "clusterName": 7,
                "registeredContainerInstancesCount": "0",
                "runningTasksCount": True,
                "tags": {"team": "a"},
                "settings": [{"name": "containerInsights", "value": ["enabled"]}],
            }
        ],
        "failures": {},
    }
    assert result_problems(output("ecs", "DescribeClusters"), result) == [
        "result.clusters[0].clusterName: expected string, got int 7",
        "result.clusters[0].registeredContainerInstancesCount: expected integer, got str '0'",
        "result.clusters[0].runningTasksCount: a boolean where integer is expected",
        "result.clusters[0].tags: expected a list, got dict",
        "result.clusters[0].settings[0].value: expected string, got list ['enabled']",
        "result.failures: expected a list, got dict",
    ]


def test_timestamps_must_be_aware_datetimes() -> None:
    shape = output("ecr", "DescribeImages")
    naive = {"imageDetails": [{"imagePushedAt": datetime(2024, 5, 1)}]}
    text = {"imageDetails": [{"imagePushedAt": "2024-05-01T00:00:00Z"}]}
    assert result_problems(shape, naive) == [
        "result.imageDetails[0].imagePushedAt: a naive datetime; the mock speaks UTC"
    ]
    assert result_problems(shape, text) == [
        "result.imageDetails[0].imagePushedAt: expected timestamp, got str '2024-05-01T00:00:00Z'"
    ]


def test_enum_violations_are_reported() -> None:
    result = {"clusters": [{"settings": [{"name": "containerinsights", "value": "on"}]}]}
    problems = result_problems(output("ecs", "DescribeClusters"), result)
    assert problems == [
        "result.clusters[0].settings[0].name: 'containerinsights' is not one of "
        "['containerInsights']"
    ]


def test_map_keys_and_values_are_checked() -> None:
    shape = output("ecr", "DescribeImages")
    result = {
        "imageDetails": [{"imageScanFindingsSummary": {"findingSeverityCounts": {"HIGH": "2"}}}]
    }
    assert result_problems(shape, result) == [
        "result.imageDetails[0].imageScanFindingsSummary.findingSeverityCounts['HIGH']: "
        "expected integer, got str '2'"
    ]
    result = {
        "imageDetails": [{"imageScanFindingsSummary": {"findingSeverityCounts": {"SEVERE": 2}}}]
    }
    assert result_problems(shape, result) == [
        "result.imageDetails[0].imageScanFindingsSummary.findingSeverityCounts key: "
        "'SEVERE' is not one of ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL', "
        "'UNDEFINED']"
    ]


def test_missing_required_members_are_reported() -> None:
    result = {
        "TagDescriptions": [
            {"ResourceArn": "arn", "Tags": [{"Value": "a"}, {"Key": "k", "Value": "b"}]}
        ]
    }
    assert result_problems(output("elbv2", "DescribeTags"), result) == [
        "result.TagDescriptions[0].Tags[0].Key: required by Tag but missing"
    ]
    # a required member given as None is missing too
    result = {"TagDescriptions": [{"Tags": [{"Key": None}]}]}
    assert result_problems(output("elbv2", "DescribeTags"), result) == [
        "result.TagDescriptions[0].Tags[0].Key: required by Tag but missing"
    ]


def test_a_result_that_is_not_a_dict_is_reported() -> None:
    assert result_problems(output("ecs", "DescribeClusters"), [1]) == [
        "result: expected a dict, got list"
    ]


def test_an_operation_without_output_takes_only_an_empty_result() -> None:
    shape = output("elbv2", "DeleteLoadBalancer")
    assert result_problems(shape, {}) == []
    assert result_problems(None, {}) == []
    assert result_problems(None, {"x": 1}) == ["result: the operation has no output"]
