"""botocore service models, loaded once per process and shared.

Clients already hold the model they were built from; the interceptor records it here
the first time it sees a call (see ``remember``), so a mocked call never reads the
JSON files a second time.  Other entry points load the model through botocore's own
loader.
"""

from __future__ import annotations

import threading

from botocore.loaders import Loader
from botocore.model import OperationModel, ServiceModel

# our service key -> botocore service name (the folder under botocore/data)
SERVICE_NAMES = {"ecs": "ecs", "ecr": "ecr", "eks": "eks", "elbv2": "elbv2", "iam": "iam"}

# botocore's hyphenized service id (as in event names) -> our service key
SERVICE_IDS = {
    "ecs": "ecs",
    "ecr": "ecr",
    "eks": "eks",
    "elastic-load-balancing-v2": "elbv2",
    "iam": "iam",
}

_models: dict[str, ServiceModel] = {}
_lock = threading.Lock()
_loader: Loader | None = None


def remember(service: str, model: ServiceModel) -> None:
    """Keep the model a client already loaded, so we need not load it again."""
    if service not in _models:
        _models[service] = model


def service_model(service: str) -> ServiceModel:
    model = _models.get(service)
    if model is not None:
        return model
    global _loader
    with _lock:
        if service not in _models:
            if _loader is None:
                _loader = Loader()
            data = _loader.load_service_model(SERVICE_NAMES[service], "service-2")
            _models[service] = ServiceModel(data, service_name=SERVICE_NAMES[service])
        return _models[service]


def operation_model(service: str, operation: str) -> OperationModel:
    return service_model(service).operation_model(operation)
