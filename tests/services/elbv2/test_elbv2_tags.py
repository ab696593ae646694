from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from elbv2_helpers import VPC, error_of, forward_to, refused


@pytest.fixture
def arns(elbv2, load_balancer, target_group):
    listener = elbv2.create_listener(
        LoadBalancerArn=load_balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(target_group["TargetGroupArn"]),
    )["Listeners"][0]
    return [
        load_balancer["LoadBalancerArn"],
        target_group["TargetGroupArn"],
        listener["ListenerArn"],
    ]


def _tags(elbv2, arn):
    described = elbv2.describe_tags(ResourceArns=[arn])["TagDescriptions"]
    return {tag["Key"]: tag["Value"] for tag in described[0]["Tags"]}


def test_tags_given_at_creation_are_described(elbv2, network):
    lb = elbv2.create_load_balancer(
        Name="web", Subnets=network[:2], Tags=[{"Key": "team", "Value": "core"}]
    )["LoadBalancers"][0]
    tg = elbv2.create_target_group(
        Name="tg", Protocol="HTTP", Port=80, VpcId=VPC, Tags=[{"Key": "app", "Value": "web"}]
    )["TargetGroups"][0]
    listener = elbv2.create_listener(
        LoadBalancerArn=lb["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward_to(tg["TargetGroupArn"]),
        Tags=[{"Key": "port", "Value": "80"}],
    )["Listeners"][0]
    described = elbv2.describe_tags(
        ResourceArns=[lb["LoadBalancerArn"], tg["TargetGroupArn"], listener["ListenerArn"]]
    )["TagDescriptions"]
    assert described == [
        {"ResourceArn": lb["LoadBalancerArn"], "Tags": [{"Key": "team", "Value": "core"}]},
        {"ResourceArn": tg["TargetGroupArn"], "Tags": [{"Key": "app", "Value": "web"}]},
        {"ResourceArn": listener["ListenerArn"], "Tags": [{"Key": "port", "Value": "80"}]},
    ]


def test_add_and_remove_tags_on_each_kind_of_resource(elbv2, arns):
    for arn in arns:
        elbv2.add_tags(ResourceArns=[arn], Tags=[{"Key": "env", "Value": "test"}, {"Key": "x"}])
        assert _tags(elbv2, arn) == {"env": "test", "x": ""}
        elbv2.add_tags(ResourceArns=[arn], Tags=[{"Key": "env", "Value": "prod"}])
        assert _tags(elbv2, arn) == {"env": "prod", "x": ""}
    elbv2.remove_tags(ResourceArns=arns, TagKeys=["x", "not-there"])
    for arn in arns:
        assert _tags(elbv2, arn) == {"env": "prod"}


def test_only_one_resource_can_be_tagged_at_a_time(elbv2, arns):
    with pytest.raises(ClientError) as caught:
        elbv2.add_tags(ResourceArns=arns[:2], Tags=[{"Key": "env", "Value": "test"}])
    assert error_of(caught) == ("ValidationError", 400, "Only one resource can be tagged at a time")


def test_duplicate_tag_keys_are_refused(elbv2, arns):
    caught = refused(
        elbv2.add_tags,
        ResourceArns=arns[:1],
        Tags=[{"Key": "env", "Value": "a"}, {"Key": "env", "Value": "b"}],
    )
    assert error_of(caught) == (
        "DuplicateTagKeys",
        400,
        "Tag key was specified more than once: env",
    )
    assert _tags(elbv2, arns[0]) == {}


def test_aws_prefixed_keys_are_reserved(elbv2, network):
    caught = refused(
        elbv2.create_load_balancer,
        Name="web",
        Subnets=network[:2],
        Tags=[{"Key": "aws:owner", "Value": "me"}],
    )
    assert error_of(caught) == (
        "ValidationError",
        400,
        "Tag key 'aws:owner' cannot start with 'aws:'",
    )


def test_more_than_fifty_tags_are_too_many(elbv2, arns):
    elbv2.add_tags(ResourceArns=arns[1:2], Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with pytest.raises(ClientError) as caught:
        elbv2.add_tags(ResourceArns=arns[1:2], Tags=[{"Key": "one-more", "Value": "v"}])
    code, status, _ = error_of(caught)
    assert (code, status) == ("TooManyTags", 400)
    assert len(_tags(elbv2, arns[1])) == 50
    elbv2.add_tags(ResourceArns=arns[1:2], Tags=[{"Key": "k0", "Value": "replaced"}])
    assert _tags(elbv2, arns[1])["k0"] == "replaced"


def test_tags_of_missing_resources_are_not_found(elbv2, arns):
    lb_arn, tg_arn, listener_arn = arns
    elbv2.delete_listener(ListenerArn=listener_arn)
    elbv2.delete_target_group(TargetGroupArn=tg_arn)
    elbv2.delete_load_balancer(LoadBalancerArn=lb_arn)
    expected = {
        lb_arn: ("LoadBalancerNotFound", "One or more load balancers not found"),
        tg_arn: ("TargetGroupNotFound", "One or more target groups not found"),
        listener_arn: ("ListenerNotFound", "One or more listeners not found"),
    }
    for arn, (code, message) in expected.items():
        with pytest.raises(ClientError) as caught:
            elbv2.describe_tags(ResourceArns=[arn])
        assert error_of(caught) == (code, 400, message)


def test_rules_are_not_found_until_rules_exist(elbv2, arns):
    rule = arns[2].replace(":listener/", ":listener-rule/") + "/0123456789abcdef"
    with pytest.raises(ClientError) as caught:
        elbv2.add_tags(ResourceArns=[rule], Tags=[{"Key": "a", "Value": "b"}])
    assert error_of(caught) == ("RuleNotFound", 400, "One or more rules not found")


def test_at_most_twenty_resources_are_described_at_once(elbv2, arns):
    with pytest.raises(ClientError) as caught:
        elbv2.describe_tags(ResourceArns=arns * 7)
    code, _, message = error_of(caught)
    assert code == "ValidationError"
    assert "Member must have length less than or equal to 20" in message


def test_a_malformed_arn_is_a_validation_error(elbv2):
    with pytest.raises(ClientError) as caught:
        elbv2.describe_tags(ResourceArns=["web"])
    assert error_of(caught) == ("ValidationError", 400, "'web' is not a valid resource ARN")
