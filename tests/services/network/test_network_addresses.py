"""Private addresses and network interfaces, used as plain Python."""

from __future__ import annotations

import re

import pytest

from pytest_ecsmock.services.network import NoFreeAddress, UnknownInterface, UnknownSubnet


def test_addresses_are_handed_out_lowest_first_after_the_reserved_four(registry):
    registry.add_subnet("subnet-0a", cidr_block="172.31.5.0/24", availability_zone="us-east-1a")

    first = registry.allocate_address("subnet-0a")
    second = registry.allocate_address("subnet-0a")

    assert (first, second) == ("172.31.5.4", "172.31.5.5")
    assert registry.addresses_in_use("subnet-0a") == [first, second]


def test_a_released_address_is_handed_out_again(registry):
    first = registry.allocate_address("subnet-0a")
    registry.allocate_address("subnet-0a")

    assert registry.release_address("subnet-0a", first)
    assert not registry.release_address("subnet-0a", first)
    assert registry.allocate_address("subnet-0a") == first


def test_using_an_undeclared_subnet_for_an_address_places_it(registry):
    address = registry.allocate_address("subnet-0a")

    subnet = registry.find_subnet("subnet-0a")
    assert subnet is not None
    assert (subnet.availability_zone, subnet.cidr_block) == ("us-east-1a", "172.31.0.0/20")
    assert address == "172.31.0.4"


def test_a_chosen_address_is_taken_if_free(registry):
    registry.add_subnet("subnet-0a", cidr_block="10.0.1.0/24", vpc_id="vpc-0app")

    assert registry.allocate_address("subnet-0a", "10.0.1.50") == "10.0.1.50"
    assert registry.allocate_address("subnet-0a") == "10.0.1.4"


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("10.0.2.9", "10.0.2.9 is not in the subnet's CIDR block 10.0.1.0/24"),
        ("10.0.1.2", "10.0.1.2 is reserved by EC2 in 10.0.1.0/24"),
        ("10.0.1.255", "10.0.1.255 is reserved by EC2 in 10.0.1.0/24"),
        ("10.0.1.50", "10.0.1.50 is already in use in 10.0.1.0/24"),
        ("ten", "'ten' is not an IPv4 address"),
    ],
)
def test_a_chosen_address_that_cannot_be_had_is_refused(registry, address, message):
    registry.add_subnet("subnet-0a", cidr_block="10.0.1.0/24", vpc_id="vpc-0app")
    registry.allocate_address("subnet-0a", "10.0.1.50")

    with pytest.raises(ValueError, match=re.escape(message)):
        registry.allocate_address("subnet-0a", address)
    assert registry.addresses_in_use("subnet-0a") == ["10.0.1.50"]


def test_a_full_subnet_has_no_free_address(registry):
    registry.add_subnet("subnet-0a", cidr_block="10.0.1.0/28", vpc_id="vpc-0app")
    handed = [registry.allocate_address("subnet-0a") for _ in range(11)]

    with pytest.raises(NoFreeAddress) as caught:
        registry.allocate_address("subnet-0a")

    assert handed[0] == "10.0.1.4"
    assert handed[-1] == "10.0.1.14"
    assert caught.value.subject == "subnet-0a"
    assert "not enough free addresses in subnet 'subnet-0a'" in str(caught.value)


def test_an_unknown_subnet_has_no_addresses(registry):
    with pytest.raises(UnknownSubnet):
        registry.allocate_address("private-a")
    assert registry.addresses_in_use("private-a") == []
    assert registry.subnets() == []


def test_a_subnet_with_addresses_in_use_cannot_be_declared_again(registry):
    registry.allocate_address("subnet-0a")

    with pytest.raises(ValueError, match="subnet-0a has addresses in use"):
        registry.add_subnet("subnet-0a", availability_zone="us-east-1b")


def test_an_interface_has_an_address_an_id_and_a_mac(registry):
    registry.add_subnet("subnet-0a", vpc_id="vpc-0app", cidr_block="10.0.1.0/24")

    eni = registry.create_interface("subnet-0a", description="task", security_groups=["sg-0web"])

    assert re.fullmatch(r"eni-[0-9a-f]{17}", eni.interface_id)
    assert re.fullmatch(r"0e(:[0-9a-f]{2}){5}", eni.mac_address)
    assert (eni.subnet_id, eni.vpc_id, eni.availability_zone) == (
        "subnet-0a",
        "vpc-0app",
        "us-east-1a",
    )
    assert eni.private_ip_address == "10.0.1.4"
    assert eni.private_dns_name == "ip-10-0-1-4.ec2.internal"
    assert (eni.security_groups, eni.description) == (["sg-0web"], "task")
    assert registry.interface(eni.interface_id) is eni
    assert registry.interfaces() == [eni]
    assert registry.interfaces("subnet-0b") == []


def test_an_interface_without_groups_has_its_vpcs_default_group(make_registry):
    registry = make_registry(region="eu-west-1")

    eni = registry.create_interface("subnet-0a")

    assert eni.security_groups == [registry.default_security_group(registry.default_vpc_id)]
    assert eni.private_dns_name == "ip-172-31-0-4.eu-west-1.compute.internal"


def test_interface_ids_are_reproducible_from_the_seed(make_registry):
    one, same, other = make_registry(seed=7), make_registry(seed=7), make_registry(seed=8)

    made = [one.create_interface("subnet-0a") for _ in range(3)]
    again = [same.create_interface("subnet-0a") for _ in range(3)]
    different = other.create_interface("subnet-0a")

    assert made == again
    assert len({(e.interface_id, e.mac_address) for e in made}) == 3
    assert different.interface_id != made[0].interface_id


def test_deleting_an_interface_gives_its_address_back(registry):
    eni = registry.create_interface("subnet-0a")
    registry.create_interface("subnet-0a")

    assert registry.delete_interface(eni.interface_id) is eni

    assert registry.create_interface("subnet-0a").private_ip_address == eni.private_ip_address
    with pytest.raises(UnknownInterface) as caught:
        registry.interface(eni.interface_id)
    assert caught.value.subject == eni.interface_id
    with pytest.raises(UnknownInterface):
        registry.delete_interface(eni.interface_id)


def test_a_refused_interface_changes_nothing(make_registry):
    registry, untouched = make_registry(seed=3), make_registry(seed=3)
    registry.add_subnet("subnet-0a", cidr_block="10.0.1.0/28", vpc_id="vpc-0app")
    untouched.add_subnet("subnet-0a", cidr_block="10.0.1.0/28", vpc_id="vpc-0app")

    with pytest.raises(UnknownSubnet):
        registry.create_interface("subnet-")
    with pytest.raises(ValueError, match="reserved"):
        registry.create_interface("subnet-0a", private_ip_address="10.0.1.1")

    assert registry.interfaces() == []
    assert registry.addresses_in_use("subnet-0a") == []
    assert registry.subnets() == untouched.subnets()
    assert registry.create_interface("subnet-0a") == untouched.create_interface("subnet-0a")
