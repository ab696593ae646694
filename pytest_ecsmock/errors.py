"""Errors the mocked services raise, and errors about using the mock itself.

A backend raises a subclass of :class:`ServiceError` named after an error shape of the
service's botocore model (``ClusterNotFoundException``); the protocol layer takes the
wire code and the HTTP status from that shape.  The per-service classes are generated
from the models into ``services/<service>/errors.py``.
"""

from __future__ import annotations

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

    def __init__(self, service: str, operation: str) -> None:
        super().__init__(
            f"{service}:{operation} is not implemented by pytest-ecsmock yet, so this call "
            f"did nothing. See {DOCS}/coverage.md for what is covered; please open an issue "
            "if you need it."
        )
        self.service = service
        self.operation = operation


class InternalMockError(ServiceError):
    """A bug in pytest-ecsmock: reported to botocore as a 500, and in the test report."""

    code = "InternalFailure"
    status = 500


class EcsmockUsageError(Exception):
    """The mock was used in a way it does not support (raised in the test, not on the wire)."""


class UnmockedServiceError(EcsmockUsageError):
    """A call to an AWS service that pytest-ecsmock does not serve, with no moto behind
    it.  Raised in the test (not sent as an AWS error), so it cannot be mistaken for
    an answer from AWS."""

    def __init__(self, service: str) -> None:
        self.service = service
        super().__init__(
            f"pytest-ecsmock serves ecs, ecr, eks, elbv2 and iam; this call to '{service}' was "
            "stopped so that it would not reach AWS. Activate moto's mock_aws alongside "
            f"mock_ecs to serve other services (see {DOCS}/guide.md#other-services)."
        )
