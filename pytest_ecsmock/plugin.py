"""The pytest side: the ``ecsmock`` fixture and marker, and the report section."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

import pytest

from pytest_ecsmock import _active
from pytest_ecsmock import mock as _mock
from pytest_ecsmock.mock import EcsMock, MockEcs, Options

#: the handles activated while an item ran, and what ``_active.seen`` was before it
_SEEN = pytest.StashKey[tuple[list[EcsMock], "list[EcsMock] | None"]]()
_DEFAULTS = pytest.StashKey[dict[str, Any]]()


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
        "start, services, check_results, fresh); the closest marker wins. Marking a test "
        "gives it the fixture.",
    )
    config.stash[_DEFAULTS] = dict(_mock.DEFAULTS)
    _mock.DEFAULTS["check_results"] = bool(config.getini("ecsmock_check_results"))


def pytest_unconfigure(config: pytest.Config) -> None:
    # an in-process pytester run must not change the settings of the run around it
    before = config.stash.get(_DEFAULTS, None)
    if before is not None:
        _mock.DEFAULTS.update(before)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        marked = item.get_closest_marker("ecsmock") is not None
        if marked and isinstance(item, pytest.Function) and "ecsmock" not in item.fixturenames:
            item.fixturenames.append("ecsmock")


def _marker_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("ecsmock")
    if marker is None:
        return {}
    if marker.args:
        raise TypeError("@pytest.mark.ecsmock takes keyword options only")
    options = dict(marker.kwargs)
    Options.from_kwargs("@pytest.mark.ecsmock", options)
    return options


@pytest.fixture
def ecsmock(request: pytest.FixtureRequest) -> Iterator[EcsMock]:
    """An active pytest-ecsmock for the test: every ECS, ECR, EKS, ELBv2 and IAM call
    made through botocore is served offline.  Configure it with
    ``@pytest.mark.ecsmock``."""
    factory = MockEcs(**_marker_options(request))
    handle = factory.start()
    try:
        yield handle
    finally:
        factory.stop()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    seen: list[EcsMock] = []
    item.stash[_SEEN] = (seen, _active.seen)
    _active.seen = seen


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    seen, before = item.stash.get(_SEEN, ([], None))
    if seen and (call.when == "call" or report.failed):
        text = "\n".join(filter(None, (handle.report() for handle in seen)))
        if text:
            report.sections.append(("pytest-ecsmock", text))
    if call.when == "teardown":
        _active.seen = before
    return report
