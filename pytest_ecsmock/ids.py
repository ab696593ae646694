"""Identifiers from one seeded generator, so that a run is reproducible."""

from __future__ import annotations

import operator
import random

#: the bits ``uuid.UUID(int=..., version=4)`` clears and sets: variant 10, version 4
_KEEP = ~((0xC000 << 48) | (0xF000 << 64))
_SET = (0x8000 << 48) | (4 << 76)
#: the five groups of a UUID's 32 hex digits, cut in one call
_GROUPS = operator.itemgetter(
    slice(0, 8), slice(8, 12), slice(12, 16), slice(16, 20), slice(20, 32)
)


class IdGenerator:
    def __init__(self, seed: int | str = 0) -> None:
        self._seed = seed
        self._random = random.Random(seed)

    def reset(self) -> None:
        """Start the sequence again from the seed."""
        self._random.seed(self._seed)

    @property
    def random(self) -> random.Random:
        return self._random

    def uuid(self) -> str:
        """A version 4 UUID: the very string of ``str(uuid.UUID(int=bits, version=4))``,
        built without the ``UUID`` object (a few microseconds on every call)."""
        return "-".join(_GROUPS("%032x" % (self._random.getrandbits(128) & _KEEP | _SET)))

    def hex(self, length: int) -> str:
        return "".join(self._random.choice("0123456789abcdef") for _ in range(length))

    def digits(self, length: int) -> str:
        first = self._random.choice("123456789")
        return first + "".join(self._random.choice("0123456789") for _ in range(length - 1))

    def alnum(self, length: int, alphabet: str = "abcdefghijklmnopqrstuvwxyz0123456789") -> str:
        return "".join(self._random.choice(alphabet) for _ in range(length))

    #: a request id is a version 4 UUID (the very method: one Python call less)
    request_id = uuid
