"""One request in, one response out: decode, route, serve, record, encode."""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING, Any

from pytest_ecsmock import _models
from pytest_ecsmock.calls import Call
from pytest_ecsmock.errors import InternalMockError, NotImplementedByEcsmock, ServiceError
from pytest_ecsmock.protocols import HttpRequest, HttpResponse, codec_for
from pytest_ecsmock.protocols.validate import result_problems
from pytest_ecsmock.services.base import service_def

if TYPE_CHECKING:
    from botocore.model import OperationModel

    from pytest_ecsmock.mock import EcsMock


def dispatch(
    mock: EcsMock,
    service: str,
    request: HttpRequest,
    *,
    account_id: str,
    region: str,
    operation: OperationModel | None = None,
) -> HttpResponse:
    """Serve ``request`` for ``service`` on ``mock``'s state and encode the answer."""
    return serve(mock, service, request, account_id=account_id, region=region, operation=operation)[
        0
    ]


def serve(
    mock: EcsMock,
    service: str,
    request: HttpRequest,
    *,
    account_id: str,
    region: str,
    operation: OperationModel | None = None,
) -> tuple[HttpResponse, Call]:
    """Serve ``request`` and return the encoded answer with the recorded :class:`Call`.

    ``operation`` is the model the client already has; without it the codec reads the
    operation off the request (for entry points other than botocore).  The whole call
    holds the mock's lock: calls from several threads are served one at a time.
    """
    service_model = operation.service_model if operation else _models.service_model(service)
    codec = codec_for(service_model)
    params: dict[str, Any] = {}
    name = operation.name if operation else "?"
    with mock.lock:
        request_id = mock.ids.request_id()
        now = mock.clock.now()
        try:
            if operation is None:
                name = codec.identify(service_model, request)
                operation = service_model.operation_model(name)
            params = codec.decode_request(operation, request)
            served = service_def(service)
            handler = served.operations.get(name)
            if handler is None:
                raise NotImplementedByEcsmock(service, name, served.left_out.get(name))
            backend = mock.state.backend(service, account_id, region)
            result = handler(backend, params)
            if mock.check_results:
                problems = result_problems(operation.output_shape, result)
                if problems:
                    raise AssertionError(
                        f"{service}:{name} returned a result that does not fit its "
                        "output shape:\n  " + "\n  ".join(problems)
                    )
            response = codec.encode_result(operation, result, request_id)
        except ServiceError as error:
            call = Call._make(
                service, name, params, region, account_id, now, request_id, error=error
            )
            mock.record(call)
            return codec.encode_error(service_model, error, request_id), call
        except Exception as exc:  # a bug of ours: answer like AWS, report it loudly
            internal = InternalMockError(
                f"pytest-ecsmock failed while serving {service}:{name}: "
                f"{type(exc).__name__}: {exc}. This is a bug in pytest-ecsmock; "
                "the traceback is in the test report."
            )
            call = Call._make(
                service,
                name,
                params,
                region,
                account_id,
                now,
                request_id,
                error=internal,
                internal_error=exc,
                traceback=traceback.format_exc(),
            )
            mock.record(call)
            return codec.encode_error(service_model, internal, request_id), call
        call = Call._make(service, name, params, region, account_id, now, request_id, result)
        mock.record(call)
        return response, call
