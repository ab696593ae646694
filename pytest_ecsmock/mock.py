"""``mock_ecs`` in all its forms, and the :class:`EcsMock` handle it gives."""

from __future__ import annotations

import functools
import inspect
import os
import re
import threading
import warnings
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from types import TracebackType
from typing import Any, TypeVar, overload

from pytest_ecsmock import _active, interceptor, process_time
from pytest_ecsmock.calls import Call, CallList
from pytest_ecsmock.clock import SimulatedClock
from pytest_ecsmock.errors import (
    DOCS,
    EcsmockUsageError,
    EcsmockWarning,
    NotImplementedByEcsmock,
)
from pytest_ecsmock.ids import IdGenerator
from pytest_ecsmock.state import State

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
SERVED = ("ecs", "ecr", "eks", "elbv2", "iam")
#: settings a test session may change (the pytest plugin sets these from the ini file)
DEFAULTS: dict[str, Any] = {"check_results": False}

_ACCOUNT = re.compile(r"\d{12}")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d+")

__all__ = ["EcsMock", "EcsmockWarning", "MockEcs", "Options", "active_mock", "mock_ecs"]


@dataclass(frozen=True)
class Options:
    """The options of ``mock_ecs``, the ``ecsmock`` marker and the fixture, checked
    when given (a wrong option fails where it is written, not at first use)."""

    account_id: str = DEFAULT_ACCOUNT_ID
    region: str = DEFAULT_REGION
    seed: int | str = 0
    start: datetime | None = None
    #: None: all of SERVED, except that IAM is left to moto while moto's mock_aws is active
    services: frozenset[str] | None = None
    check_results: bool | None = None
    #: while active, time.sleep/time.time/time.monotonic follow the simulated clock
    simulate_sleep: bool = False
    #: "realistic": resources take AWS's time on the simulated clock; "instant": they
    #: settle at once (RUNNING straight from RunTask), as moto behaves
    lifecycle: str = "realistic"
    #: task roles must exist in IAM and trust ecs-tasks.amazonaws.com (else: form only)
    strict_roles: bool = False

    @classmethod
    def from_kwargs(cls, where: str, kwargs: dict[str, Any]) -> Options:
        names = [f.name for f in fields(cls)]
        unknown = sorted(set(kwargs) - set(names) - {"fresh"})
        if unknown:
            raise TypeError(
                f"{where} got unknown option(s) {', '.join(unknown)}; the options are "
                f"{', '.join([*names, 'fresh'])}."
            )
        return cls(**{key: value for key, value in kwargs.items() if key != "fresh"})

    def __post_init__(self) -> None:
        if self.services is not None:
            object.__setattr__(self, "services", _service_set(self.services))
        _check_account_id(self.account_id)
        region: object = self.region
        if not isinstance(region, str) or not _REGION.fullmatch(region):
            raise ValueError(
                f"region must be an AWS region name like 'us-east-1', not {self.region!r}"
            )
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, str)):
            raise TypeError(f"seed must be an int or a str, not {self.seed!r}")
        if self.start is not None and not isinstance(self.start, datetime):
            raise TypeError(f"start must be a datetime, not {self.start!r}")
        if self.lifecycle not in ("realistic", "instant"):
            raise ValueError(f"lifecycle must be 'realistic' or 'instant', not {self.lifecycle!r}")
        if not isinstance(self.strict_roles, bool):
            raise TypeError(f"strict_roles must be True or False, not {self.strict_roles!r}")
        if not isinstance(self.simulate_sleep, bool):
            raise TypeError(f"simulate_sleep must be True or False, not {self.simulate_sleep!r}")
        if self.check_results is not None and not isinstance(self.check_results, bool):
            raise TypeError(f"check_results must be True or False, not {self.check_results!r}")


def _check_account_id(account_id: object) -> None:
    if not isinstance(account_id, str) or not _ACCOUNT.fullmatch(account_id):
        raise ValueError(f"account_id must be 12 digits, not {account_id!r}")


def _service_set(services: Any) -> frozenset[str]:
    if isinstance(services, str) or not isinstance(services, Iterable):
        raise TypeError(f"services must be a list of service names, not {services!r}")
    chosen = frozenset(services)
    unknown = chosen - set(SERVED)
    if unknown:
        raise ValueError(
            f"pytest-ecsmock cannot serve {', '.join(sorted(unknown))}; "
            f"it serves {', '.join(sorted(SERVED))}."
        )
    return chosen


class EcsMock:
    """The handle of one activation: its calls, its clock and its state."""

    def __init__(self, options: Options | None = None) -> None:
        options = options or Options()
        self.options = options
        self.account_id = options.account_id
        self.region = options.region
        self.services = frozenset(SERVED) if options.services is None else options.services
        self.simulate_sleep = options.simulate_sleep
        #: what time.monotonic() read when the mock began (simulate_sleep counts from it)
        self.monotonic_base = process_time.real_monotonic()
        #: True when the user named the services: then IAM is ours even beside moto
        self.services_chosen = options.services is not None
        self.check_results: bool = (
            DEFAULTS["check_results"] if options.check_results is None else options.check_results
        )
        #: held while a call is served or the clock moves: one thing at a time
        self.lock = threading.RLock()
        self.clock = SimulatedClock(
            options.start, lock=self.lock, instant=options.lifecycle == "instant"
        )
        self.ids = IdGenerator(options.seed)
        self.state = State(self.clock, self.ids, self._role_check())
        self._calls: list[Call] = []
        self.calls = CallList(self._calls)
        # kept across reset(): they are about the test, not about the state
        self._problems: list[Call] = []
        self._warned: set[int] = set()

    # ------------------------------------------------------------------ state

    def _role_check(self) -> Any:
        if not self.options.strict_roles:
            return None
        from pytest_ecsmock.roles import role_check

        return lambda account_id, region: role_check(self, account_id, region)

    def backend(
        self, service: str, *, region: str | None = None, account_id: str | None = None
    ) -> Any:
        """The backend object of ``service`` (for inspection in tests)."""
        return self.state.backend(service, account_id or self.account_id, region or self.region)

    def reset(self) -> None:
        """Forget every resource in every account and region, every recorded call and
        everything scheduled on the clock, and restart the identifiers from the seed.
        The clock keeps its time (it never goes back); clients keep working."""
        with self.lock:
            self.state.clear()
            self.clock.clear()
            self.ids.reset()
            self._calls.clear()

    def record(self, call: Call) -> None:
        self._calls.append(call)
        if call.internal_error is not None or isinstance(call.error, NotImplementedByEcsmock):
            self._problems.append(call)

    # ------------------------------------------------------------------ accounts

    def credentials(self, account_id: str) -> dict[str, str]:
        """Keyword arguments for ``boto3.client`` that act in ``account_id``::

        other = boto3.client("ecs", region_name="us-east-1", **m.credentials("210987654321"))
        """
        _check_account_id(account_id)
        return {
            "aws_access_key_id": f"{interceptor.ACCESS_KEY_PREFIX}{account_id}",
            "aws_secret_access_key": "ecsmock-secret-key",
        }

    # ------------------------------------------------------------------ reporting

    def unimplemented_calls(self) -> list[Call]:
        """Calls to operations pytest-ecsmock does not implement yet."""
        return [c for c in self._problems if isinstance(c.error, NotImplementedByEcsmock)]

    def internal_errors(self) -> list[Call]:
        """Calls that failed because of a bug in pytest-ecsmock."""
        return [c for c in self._problems if c.internal_error is not None]

    def report(self) -> str:
        """A few lines for the test report: what was not implemented, what broke."""
        lines = [
            f"not implemented: {name}"
            for name in sorted({f"{c.service}:{c.operation}" for c in self.unimplemented_calls()})
        ]
        for call in self.internal_errors():
            lines.append(f"internal error in {call.service}:{call.operation}:\n{call.traceback}")
        if lines:
            lines.append(f"coverage: {DOCS}/coverage.md")
        return "\n".join(lines)

    def _warn_new_problems(self) -> None:
        new = [c for c in self._problems if id(c) not in self._warned]
        self._warned.update(id(c) for c in new)
        missing = sorted({f"{c.service}:{c.operation}" for c in new if c.internal_error is None})
        if missing:
            warnings.warn(
                EcsmockWarning(
                    f"pytest-ecsmock does not implement {', '.join(missing)} yet; those "
                    f"calls failed with NotImplemented. See {DOCS}/coverage.md"
                ),
                stacklevel=4,
            )
        for call in new:
            if call.internal_error is not None:
                warnings.warn(
                    EcsmockWarning(
                        f"pytest-ecsmock failed while serving {call.service}:{call.operation} "
                        f"(a bug in pytest-ecsmock):\n{call.traceback}"
                    ),
                    stacklevel=4,
                )

    def __repr__(self) -> str:
        return f"<EcsMock account={self.account_id} region={self.region} calls={len(self._calls)}>"


# ---------------------------------------------------------------------- environment

_FAKE_ENV: dict[str, str | None] = {
    "AWS_ACCESS_KEY_ID": interceptor.FAKE_CREDENTIALS.access_key,
    "AWS_SECRET_ACCESS_KEY": interceptor.FAKE_CREDENTIALS.secret_key,
    "AWS_SESSION_TOKEN": None,
    "AWS_SECURITY_TOKEN": None,
    # a profile named in the environment would win over the keys above
    "AWS_PROFILE": None,
    "AWS_DEFAULT_PROFILE": None,
    "AWS_EC2_METADATA_DISABLED": "true",
}


def _set_environment(region: str) -> dict[str, str | None]:
    """Fake credentials and the mock's region in ``os.environ``; returns what was there."""
    wanted = {**_FAKE_ENV, "AWS_DEFAULT_REGION": region}
    saved = {key: os.environ.get(key) for key in wanted}
    _apply(wanted)
    return saved


def _apply(values: dict[str, str | None]) -> None:
    for key, value in values.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


# ---------------------------------------------------------------------- mock_ecs


@dataclass
class _Activation:
    handle: EcsMock
    saved_env: dict[str, str | None]


class MockEcs:
    """``mock_ecs``: a decorator (bare or with options), a context manager (sync and
    async), a ``unittest.TestCase`` class decorator, or ``start()``/``stop()``.

    Each activation starts from empty state, unless ``fresh=False``: then it joins the
    mock that is active or, when none is, the state this object made in an earlier
    activation.
    """

    def __init__(self, *, fresh: bool = True, **options: Any) -> None:
        if not isinstance(fresh, bool):
            raise TypeError(f"fresh must be True or False, not {fresh!r}")
        self._given = dict(options)
        self._options = Options.from_kwargs("mock_ecs()", options)
        self._fresh = fresh
        self._activations: list[_Activation] = []
        #: the handle this object made last (``fresh=False`` comes back to it)
        self._own: EcsMock | None = None

    # ------------------------------------------------------------------ start and stop

    def start(self) -> EcsMock:
        """Activate; returns the handle."""
        handle = None if self._fresh else (_active.current() or self._own)
        if handle is None:
            handle = EcsMock(self._options)
            self._own = handle
        else:
            self._check_joinable(handle)
        with _active.lock:
            saved = _set_environment(handle.region)
            _active.push(handle)
            process_time.sync()
        self._activations.append(_Activation(handle, saved))
        return handle

    def stop(self) -> None:
        """End the latest activation of this object (activations end in reverse order)."""
        if not self._activations:
            raise EcsmockUsageError("stop() called on a mock_ecs that is not started.")
        activation = self._activations[-1]
        with _active.lock:
            if not _active.pop(activation.handle):
                raise EcsmockUsageError(
                    "mock_ecs activations must end in the reverse order of their start."
                )
            _apply(activation.saved_env)
            process_time.sync()
        self._activations.pop()
        activation.handle._warn_new_problems()

    def _check_joinable(self, handle: EcsMock) -> None:
        differ = sorted(
            name
            for name in self._given
            if getattr(self._options, name) != getattr(handle.options, name)
        )
        if differ:
            raise EcsmockUsageError(
                f"mock_ecs(fresh=False) joins the active mock, whose {', '.join(differ)} "
                "differ from the options given; drop them or use a fresh mock."
            )

    @property
    def handle(self) -> EcsMock:
        """The handle of the latest activation."""
        if not self._activations:
            raise EcsmockUsageError("this mock_ecs is not active.")
        return self._activations[-1].handle

    def __enter__(self) -> EcsMock:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> EcsMock:
        return self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ decorating

    @overload
    def __call__(self, target: C, /) -> C: ...
    @overload
    def __call__(self, target: F, /) -> F: ...
    @overload
    def __call__(self, /, *, fresh: bool = ..., **options: Any) -> MockEcs: ...
    def __call__(self, target: Any = None, /, **options: Any) -> Any:
        if target is None:
            fresh = options.pop("fresh", self._fresh)
            return MockEcs(fresh=fresh, **{**self._given, **options})
        if options:
            raise TypeError("use @mock_ecs(**options) or @mock_ecs, not both at once")
        if isinstance(target, type):
            return self._decorate_class(target)
        if not callable(target):
            raise TypeError(f"mock_ecs cannot decorate {target!r}")
        return self._decorate_callable(target)

    def _decorate_callable(self, func: F) -> F:
        if inspect.isasyncgenfunction(func):
            raise TypeError(
                f"mock_ecs cannot decorate the async generator {func.__qualname__}; "
                "use `async with mock_ecs():` inside it."
            )
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                async with self:
                    return await func(*args, **kwargs)

            return run_async  # type: ignore[return-value]

        if inspect.isgeneratorfunction(func):

            @functools.wraps(func)
            def run_generator(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
                with self:
                    return (yield from func(*args, **kwargs))

            return run_generator  # type: ignore[return-value]

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return run  # type: ignore[return-value]

    def _decorate_class(self, cls: C) -> C:
        import unittest  # here: importing it costs a fresh process several milliseconds

        if not issubclass(cls, unittest.TestCase):
            raise TypeError(
                f"mock_ecs can decorate unittest.TestCase classes, not {cls.__name__}; "
                "decorate its methods or use the ecsmock fixture instead."
            )
        original_run = cls.run
        factory = self

        @functools.wraps(original_run)
        def run(test: unittest.TestCase, result: Any = None) -> Any:
            # setUp, the test, tearDown and the cleanups all run inside one activation
            with factory as handle:
                test.ecsmock = handle  # type: ignore[attr-defined]
                return original_run(test, result)

        cls.run = run  # type: ignore[method-assign,assignment]
        return cls


mock_ecs = MockEcs()


def active_mock() -> EcsMock:
    """The handle of the innermost active mock."""
    handle = _active.current()
    if handle is None:
        raise EcsmockUsageError("no mock_ecs is active.")
    return handle
