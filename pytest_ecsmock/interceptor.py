"""The one global botocore hook set, inert unless a mock is active.

Importing this module puts three handlers in botocore's built-in handler table with
``REGISTER_FIRST``, so every botocore session created afterwards (and boto3's default
session, if it exists already) runs them before any other handler of the same event,
moto's included, whatever the import order:

* ``before-call`` remembers the operation model the client already holds, so the
  mock never reads a botocore model file;
* ``before-sign`` signs requests with fake credentials (unless the client holds
  credentials from :meth:`EcsMock.credentials`, or moto is to answer), so real
  credentials are never loaded or refreshed and a client without any still works;
* ``before-send`` answers the request: ours for the services the mock serves;
  moto's (by returning nothing) when moto's ``mock_aws`` is active too; otherwise it
  raises :class:`UnmockedServiceError` in the test, so that nothing reaches AWS.

botocore calls *every* ``before-send`` handler and keeps the first answer, so moto's
handler would also run on a request we answered (and create the same cluster in
moto).  While moto is imported, its handler is wrapped to skip the requests we
answered.

Two more patches, also inert unless a mock is active: botocore's waiter and endpoint
sleep on the simulated clock, and ``Endpoint._send`` refuses to send a request (a
client created before this module was imported has none of our handlers).
"""

from __future__ import annotations

import functools
import re
import sys
import threading
from collections.abc import Callable
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

import botocore.endpoint
import botocore.handlers
import botocore.waiter
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.credentials import Credentials, RefreshableCredentials
from botocore.exceptions import ClientError
from botocore.model import OperationModel

from pytest_ecsmock import _active, _models
from pytest_ecsmock.dispatch import serve
from pytest_ecsmock.errors import UninterceptedClientError, UnmockedServiceError
from pytest_ecsmock.protocols import HttpRequest

#: what a request carries when its client holds no credentials of ours
FAKE_CREDENTIALS = Credentials("ECSMOCKACCESSKEY", "ecsmock-secret-key")
#: access keys made by ``EcsMock.credentials``: the account id follows the prefix
ACCESS_KEY_PREFIX = "ECSMOCK"
_ACCOUNT_KEY = re.compile(rf"{ACCESS_KEY_PREFIX}(\d{{12}})")

_CREDENTIAL_SCOPE = re.compile(r"Credential=([^/,\s]+)/\d{8}/([a-z0-9-]+)/")
_REGION_IN_HOST = re.compile(r"\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com")

_thread = threading.local()


class _Body(BytesIO):
    def stream(self, **_: Any) -> Any:
        contents = self.read()
        while contents:
            yield contents
            contents = self.read()


#: ``event.<service-id>.<Operation>`` -> (our service key, or None; the operation);
#: at most one entry per operation of botocore's models
_events: dict[str, tuple[str | None, str]] = {}


def _event(event_name: str) -> tuple[str | None, str]:
    """What an event name names: one of our services (or None) and the operation."""
    found = _events.get(event_name)
    if found is None:
        parts = event_name.split(".")
        service = _models.SERVICE_IDS.get(parts[1]) if len(parts) > 2 else None
        found = _events[event_name] = (service, parts[-1])
    return found


def _served(event_name: str) -> str | None:
    """Our service key for ``event.<service-id>.<Operation>`` if the active mock serves it."""
    mock = _active.current()
    return None if mock is None else _served_by(mock, _event(event_name)[0])


def _served_by(mock: Any, service: str | None) -> str | None:
    if service is None or service not in mock.services:
        return None
    if service == "iam" and not mock.services_chosen and moto_is_active():
        return None  # beside moto, IAM is moto's unless the user asked for ours
    return service


def remember_operation(model: OperationModel, **_: Any) -> None:
    if _active.stack:
        _thread.operation = model


def sign_with_fake_credentials(
    request: Any = None, request_signer: Any = None, event_name: str = "", **_: Any
) -> None:
    if request is None or request_signer is None or not _active.stack:
        return
    if moto_is_active() and _served(event_name) is None:
        return  # moto's request: moto reads the account from the client's credentials
    held = getattr(request_signer, "_credentials", None)
    if (
        held is not None
        and not isinstance(held, RefreshableCredentials)  # reading those may refresh them
        and _names_account(held.access_key)
    ):
        return  # minted by EcsMock.credentials: it names the account
    signing = request.context.get("signing")
    if signing is None:
        request.context["signing"] = {"request_credentials": FAKE_CREDENTIALS}
    else:
        signing["request_credentials"] = FAKE_CREDENTIALS


#: access key -> whether EcsMock.credentials minted it (a client keeps its key)
_minted: dict[str, bool] = {}


def _names_account(access_key: Any) -> bool:
    found = _minted.get(access_key)
    if found is None:
        found = _ACCOUNT_KEY.fullmatch(str(access_key)) is not None
        if len(_minted) >= 256:
            _minted.clear()
        _minted[access_key] = found
    return found


def moto_is_active() -> bool:
    models = sys.modules.get("moto.core.models")
    stubber = getattr(models, "botocore_stubber", None)
    return bool(getattr(stubber, "enabled", False))


def answer(request: AWSPreparedRequest, event_name: str = "", **_: Any) -> AWSResponse | None:
    mock = _active.current()
    if mock is None:
        return None
    named, name = _event(event_name)
    service = _served_by(mock, named)
    if service is None:
        if moto_is_active():
            return None
        raise UnmockedServiceError(event_name.split(".")[1], mock.services)
    operation: OperationModel | None = getattr(_thread, "operation", None)
    if (
        operation is None
        or operation.name != name
        or operation.service_model.service_name != _models.SERVICE_NAMES[service]
    ):
        operation = _models.operation_model(service, name)
    else:
        _models.remember(service, operation.service_model)
    account_id, region = _where(mock, request)
    response, call = serve(
        mock,
        service,
        _http_request(request),
        account_id=account_id,
        region=region,
        operation=operation,
    )
    _thread.answered = request
    if _guarded_stubber is None and "moto.core.botocore_stubber" in sys.modules:
        _guard_moto()  # moto may have been imported since
    if call.internal_error is not None and call.error is not None:
        # raised, not sent: botocore would retry a 500 and run the handler again
        error: Any = {
            "Error": {"Code": call.error.code, "Message": call.error.message},
            "ResponseMetadata": {
                "RequestId": call.request_id,
                "HTTPStatusCode": call.error.status,
                "HTTPHeaders": dict(response.headers),
                "RetryAttempts": 0,
            },
        }
        raise ClientError(error, name)
    return AWSResponse(request.url, response.status, response.headers, _Body(response.body))  # type: ignore[arg-type]


#: the credential part of an Authorization header (what precedes its signature) ->
#: the account its access key names (None: the mock's) and the region of its scope
_scopes: dict[str, tuple[str | None, str] | None] = {}


def _where(mock: Any, request: AWSPreparedRequest) -> tuple[str, str]:
    """The account (from the access key) and region (from the signature) of a request."""
    try:  # not .get(): Mapping.get is one more Python call around the lookup
        authorization = request.headers["Authorization"]
    except KeyError:
        authorization = b""
    if isinstance(authorization, bytes):
        authorization = authorization.decode("latin-1")
    # the signature changes on every call, the rest of the header rarely
    key = authorization.partition("Signature=")[0]
    try:
        found = _scopes[key]
    except KeyError:
        found = None
        scope = _CREDENTIAL_SCOPE.search(key)
        if scope is not None:
            minted = _ACCOUNT_KEY.fullmatch(scope.group(1))
            found = (minted.group(1) if minted else None), scope.group(2)
        if len(_scopes) >= 256:
            _scopes.clear()
        _scopes[key] = found
    if found is not None:
        return found[0] or mock.account_id, found[1]
    in_host = _REGION_IN_HOST.search(urlsplit(request.url).netloc)
    return mock.account_id, in_host.group(1) if in_host else mock.region


def _http_request(request: AWSPreparedRequest) -> HttpRequest:
    body: Any = request.body
    data: bytes
    if isinstance(body, bytes):
        data = body
    elif body is None:
        data = b""
    elif isinstance(body, str):
        data = body.encode("utf-8")
    elif hasattr(body, "read"):
        data = body.read()
        if hasattr(body, "seek"):
            body.seek(0)
    else:
        data = bytes(body)
    # the headers as they are: the codec copies them only if it reads them
    headers: Any = request.headers
    return HttpRequest(request.method, request.url, headers, data)


# ---------------------------------------------------------------------- moto


def _moto_stubber_class() -> Any:
    module = sys.modules.get("moto.core.botocore_stubber")
    return getattr(module, "BotocoreStubber", None)


#: moto's stubber class, once its handler skips the requests we answered
_guarded_stubber: Any = None


def _guard_moto() -> None:
    """Make moto's before-send handler skip the requests we answered.  Idempotent, and
    a no-op while moto is not imported."""
    global _guarded_stubber
    cls = _moto_stubber_class()
    original: Callable[..., Any] | None = getattr(cls, "__call__", None) if cls else None  # noqa: B004
    if original is None:
        return
    _guarded_stubber = cls
    if getattr(original, "_ecsmock_guard", False):
        return

    @functools.wraps(original)
    def guarded(self: Any, event_name: str, request: Any, **kwargs: Any) -> Any:
        if getattr(_thread, "answered", None) is request:
            return None
        return original(self, event_name, request, **kwargs)

    guarded._ecsmock_guard = True  # type: ignore[attr-defined]
    cls.__call__ = guarded


# ---------------------------------------------------------------------- sleeping and sending


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
            mock.clock.advance(seconds)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def _refuse_when_active(send: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    if getattr(send, "_ecsmock_guard", False):
        return send

    @functools.wraps(send)
    def guarded_send(endpoint: Any, request: Any) -> Any:
        if _active.stack and not moto_is_active():
            raise UninterceptedClientError(request.url)
        return send(endpoint, request)

    guarded_send._ecsmock_guard = True  # type: ignore[attr-defined]
    return guarded_send


HANDLERS = [
    ("before-call", remember_operation, botocore.handlers.REGISTER_FIRST),
    ("before-sign", sign_with_fake_credentials, botocore.handlers.REGISTER_FIRST),
    ("before-send", answer, botocore.handlers.REGISTER_FIRST),
]


def install() -> None:
    """Put the handlers in botocore's built-in table and in boto3's default session if
    one exists already; patch sleeping and sending.  Idempotent."""
    table = botocore.handlers.BUILTIN_HANDLERS
    for spec in HANDLERS:
        if spec not in table:
            table.append(spec)
    for module in (botocore.waiter, botocore.endpoint):
        if not isinstance(module.time, _SimulatedSleep):
            module.time = _SimulatedSleep(module.time)  # type: ignore[attr-defined]
    endpoint = botocore.endpoint.Endpoint
    setattr(endpoint, "_send", _refuse_when_active(getattr(endpoint, "_send")))  # noqa: B009, B010
    boto3 = sys.modules.get("boto3")
    session = getattr(boto3, "DEFAULT_SESSION", None)
    if session is not None:
        events = session._session.get_component("event_emitter")
        for event, handler, _ in HANDLERS:
            # the unique id makes a second install() a no-op
            events.register_first(event, handler, unique_id=f"pytest-ecsmock-{event}")
    _guard_moto()


install()
