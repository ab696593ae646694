"""Amazon ECS: clusters and task definitions (container instances, tasks and services
join the same backend later)."""

from __future__ import annotations
