"""Errors the mocked services raise, and errors about using the mock itself.

A backend raises a subclass of :class:`ServiceError` named after an error shape of the
service's botocore model (``ClusterNotFoundException``); the protocol layer takes the
wire code and the HTTP status from that shape.  The per-service classes are generated
from the models into ``services/<service>/errors.py``.
"""

from __future__ import annotations

from collections.abc import Iterable

DOCS = "https://github.com/pytest-ecsmock/pytest-ecsmock/blob/main/docs"


class ServiceError(Exception):
    """An AWS error answer: ``code`` is the model's shape name, ``message`` what AWS says."""

    code: str = "ServiceError"
    #: used only when the model does not declare the shape (generic AWS errors)
    status: int = 400

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            cls.code = cls.__name__


class GenericServiceError(ServiceError):
    """An error whose code is chosen at run time (generic codes no model declares)."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


class NotImplementedByEcsmock(ServiceError):
    """The operation exists in AWS but pytest-ecsmock does not simulate it yet."""

    code = "NotImplemented"
    status = 501

    def __init__(self, service: str, operation: str, reason: str | None = None) -> None:
        why = f" {reason}" if reason else ""
        super().__init__(
            f"{service}:{operation} is not implemented by pytest-ecsmock yet, so this call "
            f"did nothing.{why} See {DOCS}/coverage.md for what is covered; please open an "
            "issue if you need it."
        )
        self.service = service
        self.operation = operation


class InternalMockError(ServiceError):
    """A bug in pytest-ecsmock while serving a call.

    The caller gets ``InternalFailure`` with HTTP status 500, as from AWS, raised at
    once rather than sent over the wire: botocore retries a 500 up to four times,
    which would run the broken handler again and change the state each time.  The
    traceback is in the test report.
    """

    code = "InternalFailure"
    status = 500


class EcsmockWarning(UserWarning):
    """Something in a mocked test deserves a look, such as a call to an operation that
    pytest-ecsmock does not implement yet."""


class EcsmockUsageError(Exception):
    """The mock was used in a way it does not support (raised in the test, not on the wire)."""


class UnmockedServiceError(EcsmockUsageError):
    """A call to an AWS service that the active mock does not serve, with no moto behind
    it.  Raised in the test (not sent as an AWS error), so it cannot be mistaken for
    an answer from AWS."""

    def __init__(self, service: str, served: Iterable[str] = ()) -> None:
        self.service = service
        names = ", ".join(sorted(served)) or "nothing"
        super().__init__(
            f"pytest-ecsmock stopped a call to '{service}' so that it would not reach AWS: "
            f"the active mock serves {names}. Activate moto's mock_aws alongside mock_ecs "
            f"to serve other services (see {DOCS}/guide.md#other-services-moto-side-by-side)."
        )


class UninterceptedClientError(EcsmockUsageError):
    """A request that was about to leave for the network while a mock is active: the
    client that sent it does not carry pytest-ecsmock's handlers (it was made from a
    botocore session created before ``pytest_ecsmock`` was imported)."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"pytest-ecsmock stopped a request to {url} so that it would not reach AWS: "
            "the client that sent it was created before pytest_ecsmock was imported, so "
            "the mock cannot answer it. Create the client after importing pytest_ecsmock "
            f"(see {DOCS}/guide.md#how-calls-are-intercepted)."
        )
