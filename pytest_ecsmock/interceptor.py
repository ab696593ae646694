"""The one global botocore hook set, inert unless a mock is active.

Every botocore session made after this module is imported gets these handlers first
in line (``REGISTER_FIRST`` in botocore's built-in handler table), before moto's if
moto is installed, whatever the import order:

* ``before-call`` remembers the operation model the client already holds, so the
  mock never reads a botocore model file again;
* ``before-sign`` gives a client that found no credentials fake ones, so clients
  made before the mock (with no credentials around) still work;
* ``before-send`` answers the request: ours for the services we serve, moto's (by
  returning nothing) when moto's ``mock_aws`` is active too; otherwise it raises
  :class:`UnmockedServiceError` in the test, so that nothing reaches AWS.
"""

from __future__ import annotations

import re
import sys
import threading
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

import botocore.endpoint
import botocore.handlers
import botocore.waiter
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.credentials import Credentials
from botocore.model import OperationModel

from pytest_ecsmock import _active, _models
from pytest_ecsmock.dispatch import dispatch
from pytest_ecsmock.errors import UnmockedServiceError
from pytest_ecsmock.protocols import HttpRequest

FAKE_CREDENTIALS = Credentials("ECSMOCKACCESSKEY", "ecsmock-secret-key")

_CREDENTIAL_SCOPE = re.compile(r"Credential=([^/,\s]+)/\d{8}/([a-z0-9-]+)/")
_REGION_IN_HOST = re.compile(r"\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com")

_calls = threading.local()


class _Body(BytesIO):
    def stream(self, **_: Any) -> Any:
        contents = self.read()
        while contents:
            yield contents
            contents = self.read()


def remember_operation(model: OperationModel, **_: Any) -> None:
    if _active.stack:
        _calls.operation = model


def fill_credentials(request_signer: Any = None, **_: Any) -> None:
    if _active.stack and request_signer is not None and request_signer._credentials is None:
        request_signer._credentials = FAKE_CREDENTIALS


def moto_is_active() -> bool:
    models = sys.modules.get("moto.core.models")
    stubber = getattr(models, "botocore_stubber", None)
    return bool(getattr(stubber, "enabled", False))


def answer(request: AWSPreparedRequest, event_name: str = "", **_: Any) -> AWSResponse | None:
    mock = _active.current()
    if mock is None:
        return None
    operation: OperationModel | None = getattr(_calls, "operation", None)
    service_id = event_name.split(".")[1] if event_name.count(".") >= 2 else ""
    service = _models.SERVICE_IDS.get(service_id)
    if service is None or service not in mock.services:
        if moto_is_active():
            return None
        raise UnmockedServiceError(service or service_id)
    name = event_name.rsplit(".", 1)[1]
    if (
        operation is None
        or operation.name != name
        or operation.service_model.service_name != _models.SERVICE_NAMES[service]
    ):
        operation = _models.operation_model(service, name)
    else:
        _models.remember(service, operation.service_model)
    account_id, region = _where(mock, request)
    response = dispatch(
        mock,
        service,
        _http_request(request),
        account_id=account_id,
        region=region,
        operation=operation,
    )
    return AWSResponse(request.url, response.status, response.headers, _Body(response.body))  # type: ignore[arg-type]


def _where(mock: Any, request: AWSPreparedRequest) -> tuple[str, str]:
    authorization = request.headers.get("Authorization", b"")
    if isinstance(authorization, bytes):
        authorization = authorization.decode("latin-1")
    scope = _CREDENTIAL_SCOPE.search(authorization)
    if scope is not None:
        return mock.account_for_access_key(scope.group(1)), scope.group(2)
    host = urlsplit(request.url).netloc
    found = _REGION_IN_HOST.search(host)
    return mock.account_id, found.group(1) if found else mock.region


def _http_request(request: AWSPreparedRequest) -> HttpRequest:
    body: Any = request.body
    data: bytes
    if body is None:
        data = b""
    elif isinstance(body, bytes):
        data = body
    elif isinstance(body, str):
        data = body.encode("utf-8")
    elif hasattr(body, "read"):
        data = body.read()
        if hasattr(body, "seek"):
            body.seek(0)
    else:
        data = bytes(body)
    raw_headers: Any = request.headers
    headers = {
        key: value.decode("latin-1") if isinstance(value, bytes) else str(value)
        for key, value in raw_headers.items()
    }
    return HttpRequest(request.method, request.url, headers, data)


class _SimulatedSleep:
    """Stands in for the ``time`` module inside botocore's waiter and endpoint: while a
    mock is active, a sleep moves the simulated clock instead of the real one."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def sleep(self, seconds: float) -> None:
        mock = _active.current()
        if mock is None:
            self._real.sleep(seconds)
        else:
            mock.sleep(seconds)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


HANDLERS = [
    ("before-call", remember_operation, botocore.handlers.REGISTER_FIRST),
    ("before-sign", fill_credentials, botocore.handlers.REGISTER_FIRST),
    ("before-send", answer, botocore.handlers.REGISTER_FIRST),
]


def install() -> None:
    """Put the handlers in botocore's built-in table (once) and in boto3's default
    session if one exists already.  Idempotent."""
    table = botocore.handlers.BUILTIN_HANDLERS
    for spec in HANDLERS:
        if spec not in table:
            table.append(spec)
    for module in (botocore.waiter, botocore.endpoint):
        if not isinstance(module.time, _SimulatedSleep):
            module.time = _SimulatedSleep(module.time)  # type: ignore[attr-defined]
    boto3 = sys.modules.get("boto3")
    session = getattr(boto3, "DEFAULT_SESSION", None)
    if session is not None:
        events = session._session.get_component("event_emitter")
        for event, handler, _ in HANDLERS:
            events.unregister(event, handler)
            events.register_first(event, handler)


install()
