"""Model-driven codecs, one per AWS protocol, chosen by the model's protocol."""

from __future__ import annotations

from botocore.model import ServiceModel

from pytest_ecsmock.protocols.aws_json import AwsJsonCodec
from pytest_ecsmock.protocols.base import Codec, HttpRequest, HttpResponse
from pytest_ecsmock.protocols.query import QueryCodec
from pytest_ecsmock.protocols.rest_json import RestJsonCodec

CODECS: dict[str, Codec] = {
    "json": AwsJsonCodec(),
    "rest-json": RestJsonCodec(),
    "query": QueryCodec(),
}


def codec_for(service_model: ServiceModel) -> Codec:
    return CODECS[service_model.resolved_protocol]


__all__ = ["CODECS", "Codec", "HttpRequest", "HttpResponse", "codec_for"]
