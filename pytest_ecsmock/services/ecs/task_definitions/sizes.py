"""Task-level ``cpu`` and ``memory``: the forms ECS accepts and the Fargate sizes."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pytest_ecsmock.services.ecs import errors

CPU_TEXT = re.compile(r"^\s*(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>vcpus?)?\s*\Z", re.IGNORECASE)
MEMORY_TEXT = re.compile(
    r"^\s*(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>gb|gib|mb|mib)?\s*\Z", re.IGNORECASE
)
CPU_UNITS_PER_VCPU = 1024
MIB_PER_GB = 1024
#: task CPU units ECS accepts for a task on EC2 (up to 192 vCPU)
TASK_CPU_RANGE = (128, 196608)

#: Fargate task sizes: cpu units -> (lowest MiB, highest MiB, step MiB)
FARGATE_SIZES = {
    256: (512, 2048, None),
    512: (1024, 4096, 1024),
    1024: (2048, 8192, 1024),
    2048: (4096, 16384, 1024),
    4096: (8192, 30720, 1024),
    8192: (16384, 61440, 4096),
    16384: (32768, 122880, 8192),
}
FARGATE_256_MEMORY = (512, 1024, 2048)
#: Windows containers on Fargate start at one vCPU and stop at four
FARGATE_WINDOWS_CPU = (1024, 2048, 4096)


def _scaled(amount: str, factor: int) -> int | None:
    try:
        value = Decimal(amount) * factor
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() else None


def parse_task_cpu(text: str) -> int:
    """CPU units from ``"1024"`` or ``"1 vCPU"``."""
    found = CPU_TEXT.match(text)
    units = None
    if found is not None:
        factor = CPU_UNITS_PER_VCPU if found["unit"] else 1
        units = _scaled(found["amount"], factor)
    if units is None or not TASK_CPU_RANGE[0] <= units <= TASK_CPU_RANGE[1]:
        raise errors.InvalidParameterException("Invalid 'cpu' setting for task.")
    return units


def parse_task_memory(text: str) -> int:
    """MiB from ``"2048"`` or ``"2 GB"``."""
    found = MEMORY_TEXT.match(text)
    mib = None
    if found is not None:
        unit = (found["unit"] or "").lower()
        factor = MIB_PER_GB if unit in ("gb", "gib") else 1
        mib = _scaled(found["amount"], factor)
    if mib is None or mib <= 0:
        raise errors.InvalidParameterException("Invalid 'memory' setting for task.")
    return mib


def fargate_size_exists(cpu: int, memory: int, *, windows: bool = False) -> bool:
    if windows and cpu not in FARGATE_WINDOWS_CPU:
        return False
    size = FARGATE_SIZES.get(cpu)
    if size is None:
        return False
    lowest, highest, step = size
    if step is None:
        return memory in FARGATE_256_MEMORY
    return lowest <= memory <= highest and (memory - lowest) % step == 0


def no_fargate_size(cpu: int, memory: int) -> errors.ClientException:
    return errors.ClientException(
        f"No Fargate configuration exists for given values: {cpu} CPU, {memory} memory. "
        "See the Amazon ECS documentation for the valid values."
    )
