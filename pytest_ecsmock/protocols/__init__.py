"""Model-driven codecs, one per AWS protocol, chosen by the model's protocol.

Each codec's module is imported when a model of its protocol is first served: a test
of ECS alone never imports the XML of the query protocol.
"""

from __future__ import annotations

import importlib
import threading

from botocore.model import ServiceModel

from pytest_ecsmock.protocols.base import Codec, HttpRequest, HttpResponse

#: protocol -> (module, class) of its codec
CODEC_CLASSES: dict[str, tuple[str, str]] = {
    "json": ("pytest_ecsmock.protocols.aws_json", "AwsJsonCodec"),
    "rest-json": ("pytest_ecsmock.protocols.rest_json", "RestJsonCodec"),
    "query": ("pytest_ecsmock.protocols.query", "QueryCodec"),
}

_lock = threading.Lock()
_codecs: dict[str, Codec] = {}


def codec(protocol: str) -> Codec:
    """The codec of ``protocol`` (``json``, ``rest-json``, ``query``)."""
    found = _codecs.get(protocol)
    if found is not None:
        return found
    module, name = CODEC_CLASSES[protocol]
    with _lock:
        if protocol not in _codecs:
            _codecs[protocol] = getattr(importlib.import_module(module), name)()
        return _codecs[protocol]


def codec_for(service_model: ServiceModel) -> Codec:
    return _codecs.get(service_model.resolved_protocol) or codec(service_model.resolved_protocol)


__all__ = ["CODEC_CLASSES", "Codec", "HttpRequest", "HttpResponse", "codec", "codec_for"]
