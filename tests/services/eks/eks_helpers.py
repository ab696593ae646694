"""Values the EKS tests share (a uniquely named module: test directories are not packages)."""

from __future__ import annotations

ROLE = "arn:aws:iam::123456789012:role/eks-cluster"
SUBNETS = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
