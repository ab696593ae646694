"""The registry of VPCs, subnets and security groups, used as plain Python."""

from __future__ import annotations

import ipaddress
import re

import pytest

from pytest_ecsmock.services.network import UnknownSubnet
from pytest_ecsmock.services.network.addresses import carve


def test_the_default_vpc_is_stable_for_an_account_and_region(make_registry):
    first, again = make_registry(), make_registry(seed=99)
    other_region = make_registry(region="eu-west-1")

    assert first.default_vpc_id == again.default_vpc_id
    assert first.default_vpc_id != other_region.default_vpc_id
    assert first.default_vpc_id.startswith("vpc-")
    vpc = first.vpc(first.default_vpc_id)
    assert vpc is not None
    assert (vpc.cidr_block, vpc.is_default) == ("172.31.0.0/16", True)


@pytest.mark.parametrize(
    ("region", "zones"),
    [
        ("us-east-1", [f"us-east-1{z}" for z in "abcdef"]),
        ("us-west-1", ["us-west-1a", "us-west-1c"]),
        ("eu-west-3", ["eu-west-3a", "eu-west-3b", "eu-west-3c"]),
    ],
)
def test_each_region_has_its_zones(make_registry, region, zones):
    assert make_registry(region=region).zones == zones


def test_looking_up_places_nothing(registry):
    first = registry.lookup(["subnet-01", "subnet-02"])
    again = registry.lookup(["subnet-02"])

    assert [s.availability_zone for s in first] == ["us-east-1a", "us-east-1b"]
    assert again[0].availability_zone == "us-east-1a"
    assert registry.find_subnet("subnet-01") is None
    assert registry.subnets() == []


def test_remembered_subnets_keep_their_zone_and_new_ones_go_round(make_registry):
    registry = make_registry(region="us-west-1")
    registry.remember(registry.lookup(["subnet-01", "subnet-02"]))

    later = registry.lookup(["subnet-03", "subnet-02", "subnet-04"])

    assert [(s.subnet_id, s.availability_zone) for s in later] == [
        ("subnet-03", "us-west-1a"),
        ("subnet-02", "us-west-1c"),
        ("subnet-04", "us-west-1c"),
    ]
    assert registry.find_subnet("subnet-02") == later[1]


def test_a_subnet_named_twice_in_one_call_is_one_subnet(registry):
    one, same = registry.lookup(["subnet-0a", "subnet-0a"])

    assert one == same
    registry.remember([one, same])
    assert registry.lookup(["subnet-0b"])[0].availability_zone == "us-east-1b"


def test_subnet_and_use_place_on_first_use(registry):
    placed = registry.subnet("subnet-0a")

    assert registry.find_subnet("subnet-0a") == placed
    assert registry.use(["subnet-0a", "subnet-0b"])[1].availability_zone == "us-east-1b"
    assert [s.subnet_id for s in registry.subnets()] == ["subnet-0a", "subnet-0b"]


def test_undeclared_subnets_get_blocks_of_the_default_vpc(registry):
    subnets = registry.use([f"subnet-{n:02}" for n in range(10)])

    blocks = [s.cidr_block for s in subnets]
    assert blocks[:3] == ["172.31.0.0/20", "172.31.16.0/20", "172.31.32.0/20"]
    assert blocks[7] == "172.31.112.0/20"
    assert blocks[8:] == ["172.31.128.0/24", "172.31.129.0/24"]
    assert {s.vpc_id for s in subnets} == {registry.default_vpc_id}
    assert not any(s.declared for s in subnets)


def test_an_id_that_cannot_be_a_subnet_is_unknown(registry):
    with pytest.raises(UnknownSubnet) as caught:
        registry.lookup(["subnet-01", "private-a"])

    assert caught.value.subnet_id == "private-a"
    with pytest.raises(UnknownSubnet):
        registry.subnet("private-a")
    assert registry.subnets() == []


def test_a_declared_subnet_takes_the_defaults_it_is_not_given(registry):
    subnet = registry.add_subnet("subnet-0a")

    assert subnet.vpc_id == registry.default_vpc_id
    assert subnet.availability_zone == "us-east-1a"
    assert subnet.cidr_block == "172.31.0.0/20"
    assert subnet.declared
    assert registry.subnet("subnet-0b").availability_zone == "us-east-1b"


def test_subnets_of_a_declared_vpc_are_carved_from_its_block(registry):
    registry.add_vpc("vpc-0app", "10.1.0.0/16")
    a = registry.add_subnet("subnet-0a", vpc_id="vpc-0app", availability_zone="us-east-1c")
    b = registry.add_subnet("subnet-0b", vpc_id="vpc-0app", cidr_block="10.1.200.0/24")
    c = registry.add_subnet("subnet-0c", vpc_id="vpc-0app")

    assert (a.availability_zone, a.cidr_block) == ("us-east-1c", "10.1.0.0/20")
    assert b.cidr_block == "10.1.200.0/24"
    assert c.cidr_block == "10.1.16.0/20"
    assert [s.subnet_id for s in registry.subnets("vpc-0app")] == [
        "subnet-0a",
        "subnet-0b",
        "subnet-0c",
    ]


def test_a_vpc_only_named_by_a_subnet_has_no_known_block(registry):
    subnet = registry.add_subnet("subnet-0a", vpc_id="vpc-1", availability_zone="us-east-1a")

    assert registry.vpc_cidr("vpc-1") is None
    assert subnet.cidr_block == "10.0.0.0/20"
    assert registry.vpc_cidr("vpc-unheard-of") is None


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"cidr_block": "10.2.0.0/24"}, "is not within vpc-0app (10.1.0.0/16)"),
        ({"cidr_block": "10.1.0.128/25"}, "overlaps subnet-0a (10.1.0.0/24)"),
        ({"cidr_block": "10.1.1.1/24"}, "is not an IPv4 CIDR block"),
        ({"cidr_block": "10.1.1.0/29"}, "must have a prefix between /16 and /28"),
        ({"availability_zone": "eu-west-1a"}, "is not a zone of us-east-1"),
        ({"availability_zone": "us-east-10a"}, "is not a zone of us-east-1"),
        ({"vpc_id": "app"}, "'app' is not a VPC id"),
    ],
)
def test_declarations_ec2_would_refuse_are_refused(registry, settings, message):
    registry.add_vpc("vpc-0app", "10.1.0.0/16")
    registry.add_subnet("subnet-0a", vpc_id="vpc-0app", cidr_block="10.1.0.0/24")
    settings.setdefault("vpc_id", "vpc-0app")

    with pytest.raises(ValueError, match=re.escape(message)):
        registry.add_subnet("subnet-0b", **settings)

    assert registry.find_subnet("subnet-0b") is None


def test_a_subnet_id_must_look_like_one(registry):
    with pytest.raises(ValueError, match="'net-1' is not a subnet id"):
        registry.add_subnet("net-1", availability_zone="us-east-1a")


def test_declaring_a_used_subnet_moves_it(registry):
    registry.subnet("subnet-0a")

    moved = registry.add_subnet("subnet-0a", vpc_id="vpc-0app", availability_zone="us-east-1f")

    assert registry.subnet("subnet-0a") == moved
    assert registry.subnets(registry.default_vpc_id) == []


def test_local_zones_may_be_declared(registry):
    subnet = registry.add_subnet("subnet-0a", availability_zone="us-east-1-bos-1a")

    assert subnet.availability_zone == "us-east-1-bos-1a"


def test_a_vpc_block_must_hold_the_subnets_it_already_has(registry):
    registry.add_subnet("subnet-0a", vpc_id="vpc-0app", availability_zone="us-east-1a")

    with pytest.raises(ValueError, match=r"vpc-0app already has subnets outside 192\.168"):
        registry.add_vpc("vpc-0app", "192.168.0.0/16")
    assert registry.add_vpc("vpc-0app", "10.0.0.0/16").cidr_block == "10.0.0.0/16"
    assert registry.vpc_cidr("vpc-0app") == "10.0.0.0/16"


@pytest.mark.parametrize(
    ("vpc_id", "cidr", "message"),
    [
        ("app", "10.0.0.0/16", "'app' is not a VPC id"),
        ("vpc-0app", "10.0.0.0/8", "must have a prefix between /16 and /28"),
        ("vpc-0app", "10.0.0.1/16", "is not an IPv4 CIDR block"),
    ],
)
def test_vpc_declarations_ec2_would_refuse_are_refused(registry, vpc_id, cidr, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        registry.add_vpc(vpc_id, cidr)

    assert registry.vpc(vpc_id) is None


def test_security_groups_know_their_vpc(registry):
    registry.add_security_group("sg-0web", vpc_id="vpc-0app")
    registry.add_security_group("sg-0db")

    assert registry.security_group_vpc("sg-0web") == "vpc-0app"
    assert registry.security_group_vpc("sg-0db") == registry.default_vpc_id
    assert registry.security_group_vpc("sg-0unknown") is None
    assert registry.is_security_group_id("sg-0unknown")
    assert not registry.is_security_group_id("default")
    with pytest.raises(ValueError, match="'web' is not a security group id"):
        registry.add_security_group("web", vpc_id="vpc-0app")


def test_a_vpc_has_one_stable_default_security_group(make_registry):
    one, other = make_registry(), make_registry(region="eu-west-1")

    group = one.default_security_group("vpc-0app")

    assert group == other.default_security_group("vpc-0app")
    assert group != one.default_security_group("vpc-0other")
    assert one.is_security_group_id(group)


def test_carving_never_overlaps_and_stops_when_full():
    space = ipaddress.IPv4Network("10.0.0.0/27")
    taken: list[ipaddress.IPv4Network] = []
    while (block := carve(space, taken)) is not None:
        assert not any(block.overlaps(t) for t in taken)
        assert block.subnet_of(space)
        taken.append(block)

    assert [str(b) for b in taken] == ["10.0.0.0/28"]
    smallest = ipaddress.IPv4Network("10.0.0.0/28")
    assert carve(smallest, []) == smallest
    assert carve(smallest, [smallest]) is None
