"""The EC2 instance types a container instance can be: vCPUs, memory, network
interfaces and CPU architecture, for the common general purpose (t, m), compute
optimised (c) and memory optimised (r) families.

Figures are EC2's published ones. ``max_enis`` is the number of network interfaces the
type can attach; an awsvpc task takes one, and the instance keeps its primary one, so
``max_enis - 1`` awsvpc tasks fit. With ENI trunking (ECS's ``awsvpcTrunking`` account
setting) a trunk interface carries ``trunk_branches`` task interfaces instead; burstable
(t) types do not support trunking.
"""

from __future__ import annotations

from dataclasses import dataclass

X86 = "x86_64"
ARM = "arm64"

#: size -> vCPUs, for the families whose memory is a fixed number of GiB per vCPU
VCPUS = {
    "medium": 1,
    "large": 2,
    "xlarge": 4,
    "2xlarge": 8,
    "4xlarge": 16,
    "8xlarge": 32,
    "9xlarge": 36,
    "12xlarge": 48,
    "16xlarge": 64,
    "18xlarge": 72,
    "24xlarge": 96,
    "32xlarge": 128,
    "48xlarge": 192,
}
#: size -> network interfaces of the m, c and r families (EC2 "Network interfaces")
ENIS = {
    "medium": 2,
    "large": 3,
    "xlarge": 4,
    "2xlarge": 4,
    "4xlarge": 8,
    "8xlarge": 8,
    "9xlarge": 8,
    "12xlarge": 8,
    "16xlarge": 15,
    "18xlarge": 15,
    "24xlarge": 15,
    "32xlarge": 15,
    "48xlarge": 50,
}
#: size -> awsvpc tasks with ENI trunking (ECS developer guide, "ENI trunking")
TRUNK_BRANCHES = {
    "medium": 4,
    "large": 10,
    "xlarge": 20,
    "2xlarge": 40,
    "4xlarge": 60,
    "8xlarge": 60,
    "9xlarge": 60,
    "12xlarge": 60,
    "16xlarge": 120,
    "18xlarge": 120,
    "24xlarge": 120,
    "32xlarge": 120,
    "48xlarge": 120,
}
XEON = ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge")
GRAVITON = ("medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge")
C5 = ("large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "12xlarge", "18xlarge", "24xlarge")
#: family -> (GiB per vCPU, architecture, sizes)
SCALED_FAMILIES: dict[str, tuple[int, str, tuple[str, ...]]] = {
    "m5": (4, X86, XEON),
    "m5a": (4, X86, XEON),
    "m6i": (4, X86, (*XEON, "32xlarge")),
    "m7i": (4, X86, (*XEON, "48xlarge")),
    "m6g": (4, ARM, GRAVITON),
    "m7g": (4, ARM, GRAVITON),
    "c5": (2, X86, C5),
    "c6i": (2, X86, (*XEON, "32xlarge")),
    "c6g": (2, ARM, GRAVITON),
    "c7g": (2, ARM, GRAVITON),
    "r5": (8, X86, XEON),
    "r6i": (8, X86, (*XEON, "32xlarge")),
    "r6g": (8, ARM, GRAVITON),
}
#: burstable sizes -> (vCPUs, memory MiB, network interfaces) of t3, t3a and t4g
BURSTABLE = {
    "nano": (2, 512, 2),
    "micro": (2, 1024, 2),
    "small": (2, 2048, 3),
    "medium": (2, 4096, 3),
    "large": (2, 8192, 3),
    "xlarge": (4, 16384, 4),
    "2xlarge": (8, 32768, 4),
}
#: t2 differs from the later burstable families in its vCPUs and interfaces
T2 = {
    "nano": (1, 512, 2),
    "micro": (1, 1024, 2),
    "small": (1, 2048, 2),
    "medium": (2, 4096, 3),
    "large": (2, 8192, 3),
    "xlarge": (4, 16384, 3),
    "2xlarge": (8, 32768, 3),
}
BURSTABLE_FAMILIES = {
    "t2": (T2, X86),
    "t3": (BURSTABLE, X86),
    "t3a": (BURSTABLE, X86),
    "t4g": (BURSTABLE, ARM),
}


@dataclass(frozen=True)
class InstanceType:
    name: str
    vcpus: int
    #: the memory EC2 advertises, in MiB
    memory_mib: int
    max_enis: int
    #: awsvpc tasks a trunk interface can carry; None where trunking is not supported
    trunk_branches: int | None
    architecture: str

    @property
    def family(self) -> str:
        return self.name.partition(".")[0]

    @property
    def awsvpc_task_limit(self) -> int:
        """awsvpc tasks without trunking: every interface but the primary one."""
        return self.max_enis - 1


class UnknownInstanceType(LookupError):
    """An instance type outside the table; ``str()`` says which types are known."""

    def __init__(self, name: str) -> None:
        families = ", ".join(sorted({*BURSTABLE_FAMILIES, *SCALED_FAMILIES}))
        super().__init__(
            f"The EC2 instance type '{name}' is not supported by pytest-ecsmock yet; it knows "
            f"the families {families} in their common sizes (such as m5.large or "
            "t3.micro). Please open an issue if you need another one."
        )
        self.name = name


def _build() -> dict[str, InstanceType]:
    table: dict[str, InstanceType] = {}
    for family, (sizes, architecture) in BURSTABLE_FAMILIES.items():
        for size, (vcpus, memory, enis) in sizes.items():
            name = f"{family}.{size}"
            table[name] = InstanceType(name, vcpus, memory, enis, None, architecture)
    for family, (gib_per_vcpu, architecture, scaled_sizes) in SCALED_FAMILIES.items():
        for size in scaled_sizes:
            name = f"{family}.{size}"
            vcpus = VCPUS[size]
            table[name] = InstanceType(
                name,
                vcpus,
                vcpus * gib_per_vcpu * 1024,
                ENIS[size],
                TRUNK_BRANCHES[size],
                architecture,
            )
    return table


INSTANCE_TYPES = _build()


def instance_type(name: str) -> InstanceType:
    """The instance type called ``name``; raises :class:`UnknownInstanceType`."""
    found = INSTANCE_TYPES.get(name)
    if found is None:
        raise UnknownInstanceType(name)
    return found
