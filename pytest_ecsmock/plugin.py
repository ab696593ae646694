"""The pytest side: the ``ecsmock`` fixture and marker, and the report section."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

import pytest

from pytest_ecsmock import mock as _mock
from pytest_ecsmock.mock import EcsMock, MockEcs

_HANDLE_KEY = pytest.StashKey[EcsMock]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "ecsmock_check_results",
        "check every mocked result against botocore's output shape (slower; for "
        "developing pytest-ecsmock itself)",
        type="bool",
        default=False,
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "ecsmock(**options): options for the ecsmock fixture (account_id, region, seed, "
        "start, services, check_results); the closest marker wins.",
    )
    _mock.DEFAULTS["check_results"] = bool(config.getini("ecsmock_check_results"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        marked = item.get_closest_marker("ecsmock") is not None
        if marked and isinstance(item, pytest.Function) and "ecsmock" not in item.fixturenames:
            item.fixturenames.append("ecsmock")


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("ecsmock")
    if marker is None:
        return {}
    if marker.args:
        raise TypeError("@pytest.mark.ecsmock takes keyword options only")
    return dict(marker.kwargs)


@pytest.fixture
def ecsmock(request: pytest.FixtureRequest) -> Iterator[EcsMock]:
    """An active pytest-ecsmock for the test: every ECS, ECR, EKS and ELBv2 call made
    through botocore is served offline.  Configure it with ``@pytest.mark.ecsmock``."""
    factory = MockEcs(**_options(request))
    handle = factory.start()
    request.node.stash[_HANDLE_KEY] = handle
    try:
        yield handle
    finally:
        factory.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    handle = item.stash.get(_HANDLE_KEY, None)
    if handle is not None and call.when == "call":
        text = handle.report()
        if text:
            report.sections.append(("pytest-ecsmock", text))
    return report
