"""Identifiers are reproducible: a seed gives the same ids in every release."""

from __future__ import annotations

import random
import uuid

from pytest_ecsmock.ids import IdGenerator


def test_seed_0_gives_the_ids_it_always_gave() -> None:
    ids = IdGenerator(0)
    assert [ids.uuid(), ids.uuid(), ids.request_id()] == [
        "e3e70682-c209-4cac-a29f-6fbed82c07cd",
        "f728b4fa-4248-4e3a-8a5d-2f346baa9455",
        "eb1167b3-67a9-4378-bc65-c1e582e2e662",
    ]
    assert (ids.hex(8), ids.digits(6), ids.alnum(5)) == ("9fb64943", "589241", "ev49g")


def test_a_str_seed_is_reproducible_too() -> None:
    assert IdGenerator("seed").uuid() == "f13d1ab8-3c98-49fe-8f13-9fa223636efe"


def test_uuid_is_the_string_of_a_version_4_uuid_of_the_same_bits() -> None:
    ids, bits = IdGenerator(7), random.Random(7)
    for _ in range(1000):
        assert ids.uuid() == str(uuid.UUID(int=bits.getrandbits(128), version=4))


def test_reset_starts_the_sequence_again() -> None:
    ids = IdGenerator(3)
    first = [ids.uuid() for _ in range(3)]
    ids.reset()
    assert [ids.uuid() for _ in range(3)] == first
