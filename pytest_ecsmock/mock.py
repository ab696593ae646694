"""``mock_ecs`` in all its forms, and the :class:`EcsMock` handle it gives."""

from __future__ import annotations

import functools
import inspect
import os
import threading
import unittest
import warnings
from collections.abc import Callable, Iterable
from datetime import datetime
from types import TracebackType
from typing import Any, TypeVar, overload

from pytest_ecsmock import _active, interceptor
from pytest_ecsmock.calls import Call, CallList
from pytest_ecsmock.clock import SimulatedClock
from pytest_ecsmock.errors import DOCS, EcsmockUsageError, NotImplementedByEcsmock
from pytest_ecsmock.ids import IdGenerator
from pytest_ecsmock.services.base import SERVICE_MODULES
from pytest_ecsmock.state import State

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
SERVED = ("ecs", "ecr", "eks", "elbv2")
#: settings a test session may change (the pytest plugin sets these from the ini file)
DEFAULTS: dict[str, Any] = {"check_results": False}


class EcsmockWarning(UserWarning):
    """Something in a mocked test deserves a look, such as a call to an operation that
    pytest-ecsmock does not implement yet."""


class EcsMock:
    """The handle of one activation: its calls, its clock and its state."""

    def __init__(
        self,
        *,
        account_id: str = DEFAULT_ACCOUNT_ID,
        region: str = DEFAULT_REGION,
        seed: int | str = 0,
        start: datetime | None = None,
        services: Iterable[str] | None = None,
        check_results: bool | None = None,
    ) -> None:
        self.account_id = account_id
        self.region = region
        self.services = frozenset(SERVED if services is None else services)
        unknown = self.services - set(SERVICE_MODULES)
        if unknown:
            raise EcsmockUsageError(
                f"pytest-ecsmock cannot serve {sorted(unknown)}; it serves {sorted(SERVED)}."
            )
        self.check_results = DEFAULTS["check_results"] if check_results is None else check_results
        self.lock = threading.RLock()
        self._seed = seed
        self.clock = SimulatedClock(start)
        self.ids = IdGenerator(seed)
        self.state = State(self.clock, self.ids)
        self._calls: list[Call] = []
        self.calls = CallList(self._calls)
        self._access_keys: dict[str, str] = {}

    # ------------------------------------------------------------------ state

    def backend(
        self, service: str, *, region: str | None = None, account_id: str | None = None
    ) -> Any:
        """The backend object of ``service`` (for inspection in tests)."""
        return self.state.backend(service, account_id or self.account_id, region or self.region)

    def reset(self) -> None:
        """Forget every resource, call and scheduled event; the clock keeps its time."""
        with self.lock:
            self.state.clear()
            self._calls.clear()
            self.clock = SimulatedClock(self.clock.now())
            self.ids = IdGenerator(self._seed)
            self.state = State(self.clock, self.ids)

    def record(self, call: Call) -> None:
        self._calls.append(call)

    def sleep(self, seconds: float) -> None:
        """What a botocore waiter's sleep does while this mock is active."""
        with self.lock:
            self.clock.advance(seconds)

    # ------------------------------------------------------------------ accounts

    def credentials(self, account_id: str) -> dict[str, str]:
        """Keyword arguments for ``boto3.client`` that act in ``account_id``."""
        if not (len(account_id) == 12 and account_id.isdigit()):
            raise EcsmockUsageError(f"an account id has 12 digits, not {account_id!r}")
        access_key = f"ECSMOCK{account_id}"
        self._access_keys[access_key] = account_id
        return {
            "aws_access_key_id": access_key,
            "aws_secret_access_key": "ecsmock-secret-key",
        }

    def account_for_access_key(self, access_key: str) -> str:
        return self._access_keys.get(access_key, self.account_id)

    # ------------------------------------------------------------------ reporting

    def unimplemented_calls(self) -> list[Call]:
        return [c for c in self._calls if isinstance(c.error, NotImplementedByEcsmock)]

    def internal_errors(self) -> list[Call]:
        return [c for c in self._calls if c.internal_error is not None]

    def report(self) -> str:
        """A few lines for the test report: what was not implemented, what broke."""
        lines = []
        for call in self.unimplemented_calls():
            lines.append(f"not implemented: {call.service}:{call.operation}")
        for call in self.internal_errors():
            text = getattr(call.internal_error, "__traceback_text__", repr(call.internal_error))
            lines.append(f"internal error in {call.service}:{call.operation}:\n{text}")
        if lines:
            lines.append(f"coverage: {DOCS}/coverage.md")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<EcsMock account={self.account_id} region={self.region} calls={len(self._calls)}>"


_ENV = {
    "AWS_ACCESS_KEY_ID": interceptor.FAKE_CREDENTIALS.access_key,
    "AWS_SECRET_ACCESS_KEY": interceptor.FAKE_CREDENTIALS.secret_key,
    "AWS_SESSION_TOKEN": None,
    "AWS_SECURITY_TOKEN": None,
    "AWS_EC2_METADATA_DISABLED": "true",
}
_saved_env: dict[str, str | None] = {}


def _push(handle: EcsMock) -> None:
    with _active.lock:
        if not _active.stack:
            env = dict(_ENV)
            if not os.environ.get("AWS_DEFAULT_REGION") and not os.environ.get("AWS_REGION"):
                env["AWS_DEFAULT_REGION"] = handle.region
            for key, value in env.items():
                _saved_env[key] = os.environ.get(key)
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        _active.stack.append(handle)


def _pop(handle: EcsMock) -> None:
    with _active.lock:
        if not _active.stack or _active.stack[-1] is not handle:
            raise EcsmockUsageError(
                "mock_ecs activations must end in the reverse order of their start."
            )
        _active.stack.pop()
        if not _active.stack:
            for key, value in _saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            _saved_env.clear()


class MockEcs:
    """``mock_ecs``: a decorator (bare or with options), a context manager (sync and
    async), a ``unittest.TestCase`` class decorator, or ``start()``/``stop()``."""

    def __init__(self, *, fresh: bool = True, **options: Any) -> None:
        EcsMock(**options)  # check the options now, not at first use
        self._options = options
        self._fresh = fresh
        self._started: list[EcsMock] = []
        self._last: EcsMock | None = None

    # ------------------------------------------------------------------ start and stop

    def start(self) -> EcsMock:
        handle: EcsMock | None = None
        if not self._fresh:
            handle = _active.current() or self._last
        if handle is None:
            handle = EcsMock(**self._options)
        _push(handle)
        self._started.append(handle)
        self._last = handle
        return handle

    def stop(self) -> None:
        if not self._started:
            raise EcsmockUsageError("stop() called on a mock_ecs that is not started.")
        handle = self._started[-1]
        _pop(handle)
        self._started.pop()
        unimplemented = sorted({f"{c.service}:{c.operation}" for c in handle.unimplemented_calls()})
        if unimplemented:
            warnings.warn(
                EcsmockWarning(
                    "pytest-ecsmock does not implement "
                    + ", ".join(unimplemented)
                    + f" yet; those calls failed with NotImplemented. See {DOCS}/coverage.md"
                ),
                stacklevel=3,
            )

    @property
    def handle(self) -> EcsMock:
        if not self._started:
            raise EcsmockUsageError("this mock_ecs is not active.")
        return self._started[-1]

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
    def __call__(self, /, **options: Any) -> MockEcs: ...
    def __call__(self, target: Any = None, /, **options: Any) -> Any:
        if target is None:
            return MockEcs(fresh=options.pop("fresh", self._fresh), **{**self._options, **options})
        if options:
            raise TypeError("use @mock_ecs(**options) or @mock_ecs, not both at once")
        if isinstance(target, type):
            return self._decorate_class(target)
        if not callable(target):
            raise TypeError(f"mock_ecs cannot decorate {target!r}")
        return self._decorate_callable(target)

    def _decorate_callable(self, func: F) -> F:
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                async with self:
                    return await func(*args, **kwargs)

            return run_async  # type: ignore[return-value]

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return run  # type: ignore[return-value]

    def _decorate_class(self, cls: C) -> C:
        if not issubclass(cls, unittest.TestCase):
            raise TypeError(
                f"mock_ecs can decorate unittest.TestCase classes, not {cls.__name__}; "
                "decorate the functions or use the ecsmock fixture instead."
            )
        original = cls.setUp
        factory = self

        @functools.wraps(original)
        def set_up(test: unittest.TestCase) -> None:
            test.ecsmock = factory.start()  # type: ignore[attr-defined]
            test.addCleanup(factory.stop)
            original(test)

        cls.setUp = set_up  # type: ignore[method-assign,assignment]
        return cls


mock_ecs = MockEcs()


def active_mock() -> EcsMock:
    """The handle of the innermost active mock."""
    handle = _active.current()
    if handle is None:
        raise EcsmockUsageError("no mock_ecs is active.")
    return handle
