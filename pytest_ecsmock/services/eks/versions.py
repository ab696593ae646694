"""The Kubernetes versions the simulated EKS offers.

AWS's list moves every few months; these are the versions EKS offered in standard or
extended support in May 2026. A test may change them on the backend
(``backend.versions.supported``, ``backend.versions.default``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SUPPORTED = ("1.30", "1.31", "1.32", "1.33", "1.34", "1.35")
#: what CreateCluster uses without a ``version``; EKS's default is not always the newest
DEFAULT = "1.34"
#: the EKS platform version a new cluster of each Kubernetes version starts on (simulated)
PLATFORM = {
    "1.30": "eks.38",
    "1.31": "eks.34",
    "1.32": "eks.22",
    "1.33": "eks.16",
    "1.34": "eks.9",
    "1.35": "eks.4",
}


@dataclass
class Versions:
    supported: list[str] = field(default_factory=lambda: list(SUPPORTED))
    default: str = DEFAULT
    platform: dict[str, str] = field(default_factory=lambda: dict(PLATFORM))

    def platform_version(self, version: str) -> str:
        return self.platform.get(version, "eks.1")
