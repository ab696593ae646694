"""mock_ecs in every form: decorators, context managers, start/stop, nesting, options."""

from __future__ import annotations

import asyncio
import unittest
from datetime import datetime, timezone

import boto3
import pytest
from plugin_helpers import REGION, START, cluster_arn

from pytest_ecsmock import EcsmockUsageError, active_mock, mock_ecs
from pytest_ecsmock.mock import EcsMock


def ecs_client():
    return boto3.client("ecs", region_name=REGION)


def cluster_names() -> list[str]:
    return sorted(arn.rsplit("/", 1)[1] for arn in ecs_client().list_clusters()["clusterArns"])


# ---------------------------------------------------------------------- decorators


def test_bare_decorator_serves_the_calls_of_the_function():
    @mock_ecs
    def create() -> str:
        return ecs_client().create_cluster(clusterName="bare")["cluster"]["clusterArn"]

    assert create() == cluster_arn("bare")
    assert create.__name__ == "create"


def test_decorator_with_options_applies_them():
    @mock_ecs(account_id="210987654321", region="eu-west-1")
    def create() -> str:
        client = boto3.client("ecs")  # the region comes from the mock
        return client.create_cluster(clusterName="opts")["cluster"]["clusterArn"]

    assert create() == cluster_arn("opts", "210987654321", "eu-west-1")


def test_each_call_of_a_decorated_function_starts_from_empty_state():
    @mock_ecs
    def create_and_list() -> list[str]:
        ecs_client().create_cluster(clusterName="again")
        return cluster_names()

    assert create_and_list() == ["again"]
    assert create_and_list() == ["again"]


def test_decorated_generator_stays_mocked_while_it_runs():
    @mock_ecs
    def clusters():
        ecs_client().create_cluster(clusterName="gen")
        yield cluster_names()
        yield active_mock().calls.operations()

    assert list(clusters()) == [["gen"], ["CreateCluster", "ListClusters"]]


def test_decorated_coroutine_runs_inside_the_mock():
    @mock_ecs(region="ap-south-1")
    async def create() -> str:
        return ecs_client().create_cluster(clusterName="async")["cluster"]["clusterArn"]

    assert asyncio.run(create()) == cluster_arn("async")


def test_async_generators_cannot_be_decorated():
    async def agen():
        yield 1

    with pytest.raises(TypeError, match="async generator"):
        mock_ecs(agen)


def test_options_and_a_target_together_are_refused():
    with pytest.raises(TypeError, match="not both"):
        mock_ecs(lambda: None, region="eu-west-1")  # type: ignore[call-overload]


def test_something_not_callable_cannot_be_decorated():
    with pytest.raises(TypeError, match="cannot decorate 42"):
        mock_ecs(42)  # type: ignore[call-overload]


# ---------------------------------------------------------------------- classes


def test_a_class_that_is_not_a_testcase_is_refused():
    with pytest.raises(TypeError, match=r"unittest\.TestCase classes, not Plain"):

        @mock_ecs
        class Plain:
            pass


def test_a_testcase_gets_a_fresh_mock_per_test_with_setup_inside_it():
    seen: dict[str, object] = {}

    @mock_ecs(region="eu-west-1")
    class Clusters(unittest.TestCase):
        client: object

        @classmethod
        def setUpClass(cls) -> None:  # no mock is active here: only make clients
            cls.client = boto3.client("ecs", region_name="eu-west-1")

        def setUp(self) -> None:
            seen.setdefault("setup", []).append(self.ecsmock)  # type: ignore[attr-defined]
            self.client.create_cluster(clusterName="from-setup")  # type: ignore[attr-defined]

        def tearDown(self) -> None:
            seen.setdefault("teardown", []).append(active_mock())

        def test_one(self) -> None:
            self.client.create_cluster(clusterName="one")  # type: ignore[attr-defined]
            seen["one"] = cluster_names_in(self.client)

        def test_two(self) -> None:
            seen["two"] = cluster_names_in(self.client)

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Clusters).run(result)

    assert (result.testsRun, result.errors, result.failures) == (2, [], [])
    assert seen["one"] == ["from-setup", "one"]
    assert seen["two"] == ["from-setup"]
    first, second = seen["setup"]  # type: ignore[misc]
    assert first is not second
    assert seen["teardown"] == [first, second]


def cluster_names_in(client) -> list[str]:
    return sorted(arn.rsplit("/", 1)[1] for arn in client.list_clusters()["clusterArns"])


def test_an_async_testcase_runs_its_async_setup_and_test_inside_the_mock():
    names: list[list[str]] = []

    @mock_ecs
    class AsyncClusters(unittest.IsolatedAsyncioTestCase):
        async def asyncSetUp(self) -> None:
            ecs_client().create_cluster(clusterName="async-setup")

        async def test_it(self) -> None:
            names.append(cluster_names())

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(AsyncClusters).run(result)

    assert (result.testsRun, result.errors, result.failures) == (1, [], [])
    assert names == [["async-setup"]]


# ---------------------------------------------------------------------- context managers


def test_with_block_gives_the_handle_and_ends_with_the_block():
    with mock_ecs() as m:
        ecs_client().create_cluster(clusterName="with")
        assert active_mock() is m
    assert isinstance(m, EcsMock)
    assert [str(c.operation) for c in m.calls] == ["CreateCluster"]
    with pytest.raises(EcsmockUsageError, match="no mock_ecs is active"):
        active_mock()


def test_async_with_block():
    async def scenario() -> tuple[EcsMock, list[str]]:
        async with mock_ecs(region="eu-central-1") as m:
            ecs_client().create_cluster(clusterName="aw")
            return m, cluster_names()

    m, names = asyncio.run(scenario())
    assert names == ["aw"]
    assert m.calls.last.region == REGION  # the client named its region
    assert m.region == "eu-central-1"


def test_start_and_stop():
    mock = mock_ecs(account_id="111122223333")
    m = mock.start()
    try:
        assert mock.handle is m
        arn = ecs_client().create_cluster(clusterName="manual")["cluster"]["clusterArn"]
    finally:
        mock.stop()
    assert arn == cluster_arn("manual", "111122223333")
    with pytest.raises(EcsmockUsageError, match="not started"):
        mock.stop()
    with pytest.raises(EcsmockUsageError, match="not active"):
        _ = mock.handle


def test_activations_must_end_in_reverse_order():
    outer, inner = mock_ecs(), mock_ecs()
    outer.start()
    inner.start()
    try:
        with pytest.raises(EcsmockUsageError, match="reverse order"):
            outer.stop()
    finally:
        inner.stop()
        outer.stop()
    with pytest.raises(EcsmockUsageError):
        active_mock()


# ---------------------------------------------------------------------- nesting and fresh


def test_nested_mocks_have_their_own_state_and_the_outer_one_comes_back():
    with mock_ecs() as outer:
        ecs_client().create_cluster(clusterName="outer")
        with mock_ecs() as inner:
            assert cluster_names() == []
            ecs_client().create_cluster(clusterName="inner")
            assert active_mock() is inner
        assert active_mock() is outer
        assert cluster_names() == ["outer"]
    assert inner.calls.operations() == ["ListClusters", "CreateCluster"]
    assert outer.calls.operations() == ["CreateCluster", "ListClusters"]


def test_fresh_false_joins_the_active_mock():
    with mock_ecs() as outer:
        ecs_client().create_cluster(clusterName="shared")
        with mock_ecs(fresh=False) as inner:
            assert inner is outer
            ecs_client().create_cluster(clusterName="added")
        assert active_mock() is outer
        assert cluster_names() == ["added", "shared"]


def test_fresh_false_keeps_the_state_of_the_previous_activation():
    keep = mock_ecs(fresh=False, start=START)
    with keep as first:
        ecs_client().create_cluster(clusterName="kept")
        first.clock.advance(60)
    with keep as second:
        assert cluster_names() == ["kept"]
    assert second is first
    assert second.clock.now() == datetime(2024, 5, 1, 12, 1, tzinfo=timezone.utc)


def test_a_fresh_false_decorated_helper_works_alone_and_inside_a_test_mock():
    @mock_ecs(fresh=False)
    def ensure(name: str) -> list[str]:
        ecs_client().create_cluster(clusterName=name)
        return cluster_names()

    with mock_ecs():
        ecs_client().create_cluster(clusterName="test")
        assert ensure("helper") == ["helper", "test"]
    assert ensure("alone") == ["alone"]
    assert ensure("again") == ["again", "alone"]


def test_fresh_false_refuses_options_that_differ_from_the_mock_it_joins():
    with (
        mock_ecs(region="eu-west-1"),
        pytest.raises(EcsmockUsageError, match="region differ"),
        mock_ecs(fresh=False, region="us-west-2"),
    ):
        pass


def test_options_derive_from_the_mock_they_are_called_on():
    eu = mock_ecs(region="eu-west-1", seed=7)
    with eu(account_id="210987654321") as m:
        assert (m.region, m.account_id, m.options.seed) == ("eu-west-1", "210987654321", 7)


# ---------------------------------------------------------------------- options are checked early


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"acount_id": "123456789012"}, TypeError, "unknown option.*acount_id"),
        ({"account_id": "12345"}, ValueError, "account_id must be 12 digits"),
        ({"region": "Europe"}, ValueError, "region must be an AWS region name"),
        ({"services": "ecs"}, TypeError, "services must be a list"),
        ({"services": ["ecs", "s3"]}, ValueError, "cannot serve s3"),
        ({"seed": 1.5}, TypeError, "seed must be an int or a str"),
        ({"start": "2024-01-01"}, TypeError, "start must be a datetime"),
        ({"check_results": "yes"}, TypeError, "check_results must be True or False"),
        ({"fresh": "no"}, TypeError, "fresh must be True or False"),
    ],
)
def test_wrong_options_fail_where_they_are_written(options, error, message):
    with pytest.raises(error, match=message):
        mock_ecs(**options)
