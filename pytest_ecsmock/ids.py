"""Identifiers from one seeded generator, so that a run is reproducible."""

from __future__ import annotations

import random
import uuid


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
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    def hex(self, length: int) -> str:
        return "".join(self._random.choice("0123456789abcdef") for _ in range(length))

    def digits(self, length: int) -> str:
        first = self._random.choice("123456789")
        return first + "".join(self._random.choice("0123456789") for _ in range(length - 1))

    def alnum(self, length: int, alphabet: str = "abcdefghijklmnopqrstuvwxyz0123456789") -> str:
        return "".join(self._random.choice(alphabet) for _ in range(length))

    def request_id(self) -> str:
        return self.uuid()
