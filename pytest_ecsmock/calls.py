"""Records of the calls a mock served, in the style of ``responses.calls``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, overload

from botocore import xform_name

from pytest_ecsmock.errors import ServiceError


@dataclass(frozen=True)
class Call:
    """One call served by the mock.

    ``params`` are the decoded request parameters (member names as in the AWS model,
    ``clusterName``); ``result`` what the operation answered, or ``error`` the AWS
    error it raised; ``time`` the simulated time when the call arrived.
    """

    service: str
    operation: str
    params: dict[str, Any]
    region: str
    account_id: str
    time: datetime
    result: dict[str, Any] | None = None
    error: ServiceError | None = None
    request_id: str = ""
    #: a Python exception raised inside pytest-ecsmock while serving the call (a bug)
    internal_error: BaseException | None = field(default=None, repr=False)
    #: the formatted traceback of ``internal_error``
    traceback: str | None = field(default=None, repr=False)

    @classmethod
    def _make(
        cls,
        service: str,
        operation: str,
        params: dict[str, Any],
        region: str,
        account_id: str,
        time: datetime,
        request_id: str,
        result: dict[str, Any] | None = None,
        error: ServiceError | None = None,
        internal_error: BaseException | None = None,
        traceback: str | None = None,
    ) -> Call:
        """The very ``Call(...)``, made faster for the mock's own use (one per call):
        the frozen dataclass's ``__init__`` sets each field through
        ``object.__setattr__``, which costs a few microseconds in all."""
        call = object.__new__(cls)
        object.__setattr__(
            call,
            "__dict__",
            {
                "service": service,
                "operation": operation,
                "params": params,
                "region": region,
                "account_id": account_id,
                "time": time,
                "result": result,
                "error": error,
                "request_id": request_id,
                "internal_error": internal_error,
                "traceback": traceback,
            },
        )
        return call

    @property
    def ok(self) -> bool:
        """True when the call succeeded."""
        return self.error is None

    @property
    def error_code(self) -> str | None:
        """The AWS error code of a failed call (``ClusterNotFoundException``)."""
        return None if self.error is None else self.error.code

    def __str__(self) -> str:
        outcome = "ok" if self.error is None else f"{self.error.code}: {self.error.message}"
        return f"{self.service}:{self.operation} ({self.account_id}/{self.region}) -> {outcome}"


def _matches_operation(call: Call, operation: str) -> bool:
    # AWS's name (CreateCluster) or boto3's method name (create_cluster)
    if operation[:1].islower():
        return xform_name(call.operation) == operation
    return call.operation == operation


class CallList(Sequence[Call]):
    """An ordered, read-only view of calls with a few filters.

    ``m.calls`` is live: it grows as calls are served.  ``filter`` and slices return
    snapshots.
    """

    def __init__(self, calls: list[Call] | None = None) -> None:
        self._calls = calls if calls is not None else []

    @overload
    def __getitem__(self, index: int) -> Call: ...
    @overload
    def __getitem__(self, index: slice) -> CallList: ...
    def __getitem__(self, index: int | slice) -> Call | CallList:
        if isinstance(index, slice):
            return CallList(self._calls[index])
        return self._calls[index]

    def __len__(self) -> int:
        return len(self._calls)

    def __iter__(self) -> Iterator[Call]:
        return iter(list(self._calls))

    def __eq__(self, other: object) -> bool:
        """Equal to any list or sequence of the same calls (``m.calls.filter(...) == []``)."""
        if isinstance(other, (CallList, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"CallList({[str(call) for call in self._calls]!r})"

    @property
    def last(self) -> Call:
        """The most recent call."""
        if not self._calls:
            raise IndexError("no call was made")
        return self._calls[-1]

    def filter(
        self,
        service: str | None = None,
        operation: str | None = None,
        *,
        ok: bool | None = None,
        error_code: str | None = None,
        region: str | None = None,
        account_id: str | None = None,
    ) -> CallList:
        """The calls that match every criterion given.  ``operation`` is AWS's name
        (``CreateCluster``) or boto3's (``create_cluster``)."""

        def keep(call: Call) -> bool:
            return (
                (service is None or call.service == service)
                and (operation is None or _matches_operation(call, operation))
                and (ok is None or call.ok == ok)
                and (error_code is None or call.error_code == error_code)
                and (region is None or call.region == region)
                and (account_id is None or call.account_id == account_id)
            )

        return CallList([call for call in list(self._calls) if keep(call)])

    def operations(self) -> list[str]:
        """The operation names, in order."""
        return [call.operation for call in list(self._calls)]
