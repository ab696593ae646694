"""Model features the five served models do not use (header lists, payload members, a
query-string map, literal queries in a URI, flattened XML lists and maps, renamed
members), on two small made-up models: the codecs read the model, so these must work
as well as what ECS or ELBv2 happen to use."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.model import ServiceModel
from botocore_wire import instants, parse, request_for
from hypothesis import HealthCheck, given, settings
from shape_strategies import values

from pytest_ecsmock.protocols import HttpRequest, codec_for

STRING = {"type": "string"}
REST = ServiceModel(
    {
        "metadata": {
            "protocol": "rest-json",
            "apiVersion": "2024-01-01",
            "endpointPrefix": "things",
            "serviceId": "Things",
            "signatureVersion": "v4",
        },
        "operations": {
            "ListThings": {
                "name": "ListThings",
                "http": {"method": "GET", "requestUri": "/things"},
                "input": {"shape": "ListThingsInput"},
            },
            "ListThingVersions": {
                "name": "ListThingVersions",
                "http": {"method": "GET", "requestUri": "/things?versions"},
                "input": {"shape": "ListThingsInput"},
            },
            "PutThing": {
                "name": "PutThing",
                "http": {"method": "PUT", "requestUri": "/things/{Name}/{Key+}"},
                "input": {"shape": "PutThingInput"},
                "output": {"shape": "PutThingOutput"},
            },
        },
        "shapes": {
            "String": STRING,
            "Integer": {"type": "integer"},
            "Strings": {"type": "list", "member": {"shape": "String"}},
            "Params": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "String"}},
            "ListThingsInput": {
                "type": "structure",
                "members": {
                    "Limit": {
                        "shape": "Integer",
                        "location": "querystring",
                        "locationName": "limit",
                    },
                    "Params": {"shape": "Params", "location": "querystring"},
                },
            },
            "PutThingInput": {
                "type": "structure",
                "required": ["Name", "Key"],
                "payload": "Body",
                "members": {
                    "Name": {"shape": "String", "location": "uri", "locationName": "Name"},
                    "Key": {"shape": "String", "location": "uri", "locationName": "Key"},
                    "Tags": {"shape": "Strings", "location": "header", "locationName": "X-Tags"},
                    "Body": {"shape": "String"},
                },
            },
            "PutThingOutput": {
                "type": "structure",
                "members": {
                    "Version": {"shape": "String", "location": "header", "locationName": "X-Ver"},
                    "Size": {"shape": "Integer"},
                },
            },
        },
    },
    service_name="things",
)

QUERY = ServiceModel(
    {
        "metadata": {
            "protocol": "query",
            "apiVersion": "2024-01-01",
            "endpointPrefix": "flat",
            "serviceId": "Flat",
            "signatureVersion": "v4",
            "xmlNamespace": "https://flat.example/doc/2024-01-01/",
        },
        "operations": {
            "DescribeFlat": {
                "name": "DescribeFlat",
                "http": {"method": "POST", "requestUri": "/"},
                "input": {"shape": "FlatInput"},
                "output": {"shape": "FlatOutput", "resultWrapper": "DescribeFlatResult"},
            }
        },
        "shapes": {
            "String": STRING,
            "Item": {"type": "string"},
            "Flat": {
                "type": "list",
                "member": {"shape": "Item", "locationName": "Item"},
                "flattened": True,
            },
            "Named": {"type": "list", "member": {"shape": "Item", "locationName": "Name"}},
            "FlatMap": {
                "type": "map",
                "key": {"shape": "String", "locationName": "K"},
                "value": {"shape": "String", "locationName": "V"},
                "flattened": True,
            },
            "Pair": {
                "type": "structure",
                "members": {"First": {"shape": "String", "locationName": "first"}},
            },
            "Pairs": {"type": "list", "member": {"shape": "Pair"}, "flattened": True},
            "FlatInput": {
                "type": "structure",
                "members": {
                    "Items": {"shape": "Flat"},
                    "Names": {"shape": "Named", "locationName": "NameList"},
                    "Attributes": {"shape": "FlatMap", "locationName": "Attribute"},
                    "Pairs": {"shape": "Pairs"},
                },
            },
            "FlatOutput": {
                "type": "structure",
                "members": {
                    "Items": {"shape": "Flat"},
                    "Names": {"shape": "Named", "locationName": "NameList"},
                    "Attributes": {"shape": "FlatMap", "locationName": "Attribute"},
                    "Pairs": {"shape": "Pairs"},
                },
            },
        },
    },
    service_name="flat",
)

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_literal_query_in_the_uri_names_the_operation() -> None:
    codec = codec_for(REST)
    plain = HttpRequest("GET", "https://things.example/things?limit=3", {})
    versions = HttpRequest("GET", "https://things.example/things?versions&limit=3", {})
    assert codec.identify(REST, plain) == "ListThings"
    assert codec.identify(REST, versions) == "ListThingVersions"


def test_query_string_map_takes_what_no_member_names() -> None:
    operation = REST.operation_model("ListThings")
    request = request_for(operation, {"Limit": 5, "Params": {"color": "red", "size": "L"}})
    assert codec_for(REST).decode_request(operation, request) == {
        "Limit": 5,
        "Params": {"color": "red", "size": "L"},
    }


@SETTINGS
@given(values(REST.operation_model("PutThing").input_shape, "json-in"))
def test_uri_header_list_and_string_payload_round_trip(params: dict[str, Any]) -> None:
    operation = REST.operation_model("PutThing")
    request = request_for(operation, params)
    expected = dict(params)
    # an empty header or payload is not sent at all
    for name in ("Tags", "Body"):
        if not expected.get(name):
            expected.pop(name, None)
    if any("," in tag or tag != tag.strip() for tag in expected.get("Tags", [])):
        return  # botocore joins header lists with commas and does not quote them
    assert codec_for(REST).identify(REST, request) == "PutThing"
    assert codec_for(REST).decode_request(operation, request) == expected


def test_a_string_payload_that_is_not_utf8_is_a_serialization_error() -> None:
    operation = REST.operation_model("PutThing")
    request = HttpRequest("PUT", "https://things.example/things/a/b/c", {}, b"\xff\xfe")
    with pytest.raises(Exception) as caught:
        codec_for(REST).decode_request(operation, request)
    assert (caught.value.code, caught.value.status) == ("SerializationException", 400)  # type: ignore[attr-defined]


def test_header_members_of_a_result_travel_in_headers() -> None:
    operation = REST.operation_model("PutThing")
    response = codec_for(REST).encode_result(operation, {"Version": "v2", "Size": 3}, "r")
    assert response.headers["X-Ver"] == "v2"
    parsed = parse(REST, response, operation.output_shape)
    assert (parsed["Version"], parsed["Size"]) == ("v2", 3)


@SETTINGS
@given(values(QUERY.operation_model("DescribeFlat").input_shape, "query-in"))
def test_flattened_and_renamed_query_members_round_trip(params: dict[str, Any]) -> None:
    operation = QUERY.operation_model("DescribeFlat")
    request = request_for(operation, params)
    expected = {key: value for key, value in params.items() if value or key == "Names"}
    if any(not pair for pair in params.get("Pairs", [])):
        return  # an empty structure in a flattened list sends nothing: its place is lost
    decoded = codec_for(QUERY).decode_request(operation, request)
    # an empty flattened list is sent as "Items=", which reads back as []
    for key in ("Items", "Pairs"):
        if params.get(key) == []:
            expected[key] = []
    assert instants(decoded) == instants(expected)


@SETTINGS
@given(values(QUERY.operation_model("DescribeFlat").output_shape, "query-out"))
def test_flattened_and_renamed_xml_results_round_trip(result: dict[str, Any]) -> None:
    operation = QUERY.operation_model("DescribeFlat")
    response = codec_for(QUERY).encode_result(operation, result, "r")
    parsed = parse(QUERY, response, operation.output_shape)
    parsed.pop("ResponseMetadata")
    # nothing in XML tells an empty flattened list or map from an absent one
    expected = {key: value for key, value in result.items() if value or key == "Names"}
    assert parsed == expected
