"""The pytest side, run with pytester: fixture, marker, isolation, report section."""

from __future__ import annotations

import pytest
from plugin_helpers import runpytest, unimplemented_ecs_operation

from pytest_ecsmock import mock as _mock

OPERATION, METHOD = unimplemented_ecs_operation()

CLIENT = """
import boto3
import pytest
from botocore.exceptions import ClientError
from pytest_ecsmock import active_mock, mock_ecs


def ecs():
    return boto3.client("ecs", region_name="us-east-1")


def arns():
    return ecs().list_clusters()["clusterArns"]
"""


def test_the_fixture_gives_each_test_an_active_mock_with_empty_state(pytester):
    pytester.makepyfile(
        CLIENT
        + """
from pytest_ecsmock import EcsMock

def test_first(ecsmock):
    assert isinstance(ecsmock, EcsMock) and active_mock() is ecsmock
    ecs().create_cluster(clusterName="only-here")
    assert arns() == ["arn:aws:ecs:us-east-1:123456789012:cluster/only-here"]

def test_second(ecsmock):
    assert arns() == []
    assert ecsmock.calls.operations() == ["ListClusters"]

def test_no_mock_after():
    with pytest.raises(Exception, match="no mock_ecs is active"):
        active_mock()
"""
    )
    runpytest(pytester).assert_outcomes(passed=3)


def test_the_marker_configures_the_fixture_and_the_closest_marker_wins(pytester):
    pytester.makepyfile(
        CLIENT
        + """
pytestmark = pytest.mark.ecsmock(account_id="111111111111")

def test_module_marker(ecsmock):
    assert ecsmock.account_id == "111111111111"

@pytest.mark.ecsmock(region="eu-west-1")
class TestClass:
    def test_class_marker(self, ecsmock):
        assert (ecsmock.account_id, ecsmock.region) == ("123456789012", "eu-west-1")

    @pytest.mark.ecsmock(account_id="222222222222", region="ap-northeast-1")
    def test_function_marker(self, ecsmock):
        arn = boto3.client("ecs").create_cluster(clusterName="x")["cluster"]["clusterArn"]
        assert arn == "arn:aws:ecs:ap-northeast-1:222222222222:cluster/x"

@pytest.mark.ecsmock(services=["ecs"])
def test_marker_alone_activates_the_mock():
    assert active_mock().services == {"ecs"}
    assert arns() == []
"""
    )
    runpytest(pytester).assert_outcomes(passed=4)


def test_a_wrong_marker_option_is_an_error_that_names_it(pytester):
    pytester.makepyfile(
        """
import pytest

@pytest.mark.ecsmock(acount_id="123456789012")
def test_misspelt(ecsmock):
    pass

@pytest.mark.ecsmock("eu-west-1")
def test_positional(ecsmock):
    pass
"""
    )
    result = runpytest(pytester)
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [
            "*TypeError: @pytest.mark.ecsmock got unknown option(s) acount_id; the options are "
            "account_id, region, seed, start, services, check_results, simulate_sleep, "
            "lifecycle, strict_roles, fresh.",
            "*TypeError: @pytest.mark.ecsmock takes keyword options only",
        ]
    )


def test_check_results_comes_from_the_ini_file(pytester):
    pytester.makeini("[pytest]\necsmock_check_results = true\n")
    pytester.makepyfile(
        """
import pytest

def test_from_ini(ecsmock):
    assert ecsmock.check_results is True

@pytest.mark.ecsmock(check_results=False)
def test_marker_overrides(ecsmock):
    assert ecsmock.check_results is False
"""
    )
    before = dict(_mock.DEFAULTS)
    runpytest(pytester).assert_outcomes(passed=2)
    assert before == _mock.DEFAULTS  # the run inside did not change ours


def test_a_failing_test_reports_unimplemented_operations(pytester):
    pytester.makepyfile(
        CLIENT
        + f"""
def call_unimplemented():
    with pytest.raises(ClientError, match="NotImplemented"):
        ecs().{METHOD}()

def test_fails_with_fixture(ecsmock):
    call_unimplemented()
    assert arns() == ["something"]

@mock_ecs
def test_fails_with_decorator():
    call_unimplemented()
    assert False, "decorated"

def test_passes(ecsmock):
    call_unimplemented()
"""
    )
    result = runpytest(pytester)
    result.assert_outcomes(passed=1, failed=2, warnings=3)
    result.stdout.fnmatch_lines(
        [
            "*_ test_fails_with_fixture _*",
            "*- pytest-ecsmock -*",
            f"not implemented: ecs:{OPERATION}",
            "coverage: https://*/docs/coverage.md",
            "*_ test_fails_with_decorator _*",
            "*- pytest-ecsmock -*",
            f"not implemented: ecs:{OPERATION}",
            "*warnings summary*",
            f"*EcsmockWarning: pytest-ecsmock does not implement ecs:{OPERATION} yet; those "
            "calls failed with NotImplemented.*",
        ]
    )
    assert "test_passes _" not in result.stdout.str()  # a passing test shows no section


def test_an_internal_error_is_reported_with_its_traceback(pytester):
    pytester.makepyfile(
        CLIENT
        + """
from pytest_ecsmock.services.base import service_def

def broken(backend, params):
    raise KeyError("a bug")

def test_bug(ecsmock, monkeypatch):
    monkeypatch.setitem(service_def("ecs").operations, "ListClusters", broken)
    with pytest.raises(ClientError) as caught:
        arns()
    assert caught.value.response["Error"]["Code"] == "InternalFailure"
    assert False, "the test fails"
"""
    )
    result = runpytest(pytester)
    result.assert_outcomes(failed=1, warnings=1)
    result.stdout.fnmatch_lines(
        [
            "*- pytest-ecsmock -*",
            "internal error in ecs:ListClusters:",
            "Traceback (most recent call last):",
            "*in broken",
            '*raise KeyError("a bug")',
            "KeyError: 'a bug'",
        ]
    )


def test_a_decorated_testcase_gets_a_fresh_mock_per_test(pytester):
    pytester.makepyfile(
        CLIENT
        + """
import unittest

@mock_ecs
class TestClusters(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = boto3.client("ecs", region_name="us-east-1")

    def setUp(self):
        self.client.create_cluster(clusterName="base")

    def test_adds_one(self):
        self.client.create_cluster(clusterName="extra")
        self.assertEqual(len(self.client.list_clusters()["clusterArns"]), 2)
        self.assertEqual(len(self.ecsmock.calls), 3)

    def test_sees_only_its_own(self):
        self.assertEqual(len(self.client.list_clusters()["clusterArns"]), 1)
"""
    )
    runpytest(pytester).assert_outcomes(passed=2)


def test_state_never_leaks_between_tests_under_xdist(pytester):
    tests = "\n".join(
        f"""
def test_{n}(ecsmock):
    assert arns() == []
    ecs().create_cluster(clusterName="same")
    assert len(arns()) == 1
    assert len(ecsmock.calls) == 3
"""
        for n in range(4)
    )
    pytester.makepyfile(CLIENT + tests)
    result = runpytest(pytester, "-n", "2", subprocess=True)
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["*2 workers*"])


@pytest.mark.parametrize("scope", ["fixture", "decorator"])
def test_fixture_and_decorator_tests_leave_the_environment_as_they_found_it(pytester, scope):
    use = "def test_a(ecsmock):" if scope == "fixture" else "@mock_ecs\ndef test_a():"
    pytester.makepyfile(
        CLIENT
        + f"""
import os
def environment():
    return {{k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}}

BEFORE = environment()

{use}
    assert os.environ["AWS_ACCESS_KEY_ID"] == "ECSMOCKACCESSKEY"

def test_b():
    assert environment() == BEFORE
"""
    )
    runpytest(pytester).assert_outcomes(passed=2)
