"""How RunTask's cost grows with the cluster: time per 100 RunTask calls.

The cluster grows in stages to 500 container instances and 5,000 tasks; at each stage
100 more RunTask calls are timed.  The figure to read is how the time per 100 calls
grows against the instance count: placement looks at every instance once per call, so
it should grow no faster than the instances do (the last column stays flat or falls).
Ratios between stages measured in one run, never absolute times, are the result.

    python bench/placement.py            # stages up to 500 instances, 5,000 tasks
    python bench/placement.py --quick    # up to 100 instances, 1,000 tasks
"""

from __future__ import annotations

import argparse
import time

import boto3

from pytest_ecsmock import mock_ecs

STAGES = [(50, 500), (100, 1000), (250, 2500), (500, 5000)]
TIMED_CALLS = 100


def grow(ecs: object, backend: object, instances: int, tasks: int, have: list[int]) -> None:
    while have[0] < instances:
        backend.join_instance("", "m5.4xlarge")  # type: ignore[attr-defined]
        have[0] += 1
    while have[1] < tasks - TIMED_CALLS:
        batch = min(10, tasks - TIMED_CALLS - have[1])
        placed = ecs.run_task(taskDefinition="bench", count=batch)["tasks"]  # type: ignore[attr-defined]
        have[1] += len(placed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    stages = STAGES[:2] if parser.parse_args().quick else STAGES
    rows = []
    with mock_ecs() as mock:
        ecs = boto3.client("ecs", region_name="us-east-1")
        ecs.register_task_definition(
            family="bench",
            containerDefinitions=[
                {
                    "name": "app",
                    "image": "nginx",
                    "cpu": 64,
                    "memory": 128,
                    "portMappings": [{"containerPort": 80, "hostPort": 0}],
                }
            ],
        )
        backend = mock.backend("ecs")
        have = [0, 0]
        for instances, tasks in stages:
            grow(ecs, backend, instances, tasks, have)
            start = time.perf_counter()
            for _ in range(TIMED_CALLS):
                ecs.run_task(taskDefinition="bench")
            rows.append((instances, tasks, time.perf_counter() - start))
            have[1] += TIMED_CALLS
    base_instances, _, base_time = rows[0]
    print(f"{'instances':>9} {'tasks':>6} {'time/100 calls vs first':>24} {'per instance':>13}")
    for instances, tasks, took in rows:
        growth = took / base_time
        per_instance = growth / (instances / base_instances)
        print(f"{instances:>9} {tasks:>6} {growth:>23.2f}x {per_instance:>12.2f}x")
    print("flat or falling 'per instance' = cost grows no faster than the instance count")


if __name__ == "__main__":
    main()
