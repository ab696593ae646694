"""Where pytest-ecsmock's time goes above botocore's own cost (workloads 1 and 2).

    python bench/overhead.py              # stages, in microseconds
    python bench/overhead.py --cprofile   # also cProfile's view of our functions

Workload 1 (a hot ``describe_clusters``) is measured with *probes*: the functions of
our path are wrapped with a clock, in the real call, which costs about half a
microsecond each.  (A function timed alone in a tight loop looks two to three times
faster than inside a real call, where botocore's work between our steps has taken
the processor caches; cProfile, for its part, slows every Python call and inflates
small functions several times.)  Batches of the floor, of ours and of ours with probes
take turns and the median batch of each is kept, so that a batch slowed down by the
machine does not count.  Figures are also given as a share of the floor's call, which
a busy machine changes less than the microseconds.

Workload 2 (enter a mock, create a client, one call, leave) is cut into its stages and
each stage is timed beside the same stage of the floor.

The stages name internal functions: this is a developer's tool, to be kept in step
with the code it measures.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import pstats
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # bench/run.py: the environment, the floor, the contenders

clock = time.perf_counter


def swap(events: Any, event: str, old: Any, new: Any) -> None:
    events.unregister(event, old)
    events.register_first(event, new)


def per_call(func: Callable[[], Any], calls: int) -> float:
    start = clock()
    for _ in range(calls):
        func()
    return (clock() - start) / calls


def median_per_call(func: Callable[[], Any], calls: int, repeats: int = 7) -> float:
    values = []
    for _ in range(repeats):
        gc.collect()
        values.append(per_call(func, calls))
    return statistics.median(values)


# ---------------------------------------------------------------- workload 1

#: seconds spent in each probe during the current batch
spent: dict[str, float] = defaultdict(float)
#: the probes' labels in the order they were put on, which is the order to show
labels: list[str] = []


def timed(label: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` with a probe: its inclusive time is added to ``spent[label]``."""
    if label not in labels:
        labels.append(label)

    @functools.wraps(func)
    def probe(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - start

    return probe


def patch(owner: Any, name: str, label: str, undo: list[Callable[[], None]]) -> None:
    """Put a probe on ``owner.name`` (or ``owner[name]``); remember how to take it off."""
    is_dict = isinstance(owner, dict)
    original = owner.get(name) if is_dict else getattr(owner, name, None)
    if original is None:
        print(f"  (probe {label.strip()} skipped: no {name} any more)")
        return
    if is_dict:
        owner[name] = timed(label, original)
        undo.append(lambda: owner.__setitem__(name, original))
    else:
        # a class keeps its classmethods and staticmethods as such: put those back
        raw = vars(owner).get(name, original) if isinstance(owner, type) else original
        setattr(owner, name, timed(label, original))
        undo.append(lambda: setattr(owner, name, raw))


def hot(calls: int, use_cprofile: bool) -> None:
    import boto3

    from pytest_ecsmock import dispatch, interceptor, mock_ecs, protocols
    from pytest_ecsmock.protocols import aws_json
    from pytest_ecsmock.services.base import service_def

    contenders = {c.name: c for c in run.make_contenders()}
    floor, ours = contenders["floor"], contenders["ours"]
    with floor.activate():
        floor_client = boto3.client("ecs", region_name=run.REGION)
        ours.detach(floor_client)
        with mock_ecs() as mock:
            client = boto3.client("ecs", region_name=run.REGION)
            floor.detach(client)
            client.create_cluster(clusterName=run.CLUSTER)

            def ours_call() -> None:
                client.describe_clusters(clusters=[run.CLUSTER])

            def floor_call() -> None:
                floor_client.describe_clusters(clusters=[run.CLUSTER])

            for _ in range(50):
                ours_call()
                floor_call()

            def install_probes() -> list[Callable[[], None]]:
                undo: list[Callable[[], None]] = []
                events = client.meta.events
                for event, handler, _ in interceptor.HANDLERS:
                    probe = timed(f"handler {handler.__name__}", handler)
                    swap(events, event, handler, probe)
                    undo.append(functools.partial(swap, events, event, probe, handler))
                patch(interceptor, "_served", "  _served (in sign)", undo)
                patch(interceptor, "_served_by", "  _served_by (in sign and answer: both)", undo)
                patch(interceptor, "_where", "  _where (account, region)", undo)
                patch(interceptor, "_http_request", "  _http_request (copy the request)", undo)
                patch(interceptor, "serve", "  dispatch.serve", undo)
                patch(mock.ids, "request_id", "    ids.request_id (seeded uuid4)", undo)
                codec = type(protocols.codec("json"))
                patch(codec, "decode_request", "    codec.decode_request", undo)
                patch(aws_json, "parse_json", "      parse_json (the body)", undo)
                patch(aws_json, "decode_json", "      decode_json (checked, converted)", undo)
                operations = service_def("ecs").operations
                patch(operations, "DescribeClusters", "    handler + backend", undo)
                patch(codec, "encode_result", "    codec.encode_result", undo)
                patch(aws_json, "encode_json_text", "      encode_json_text (the body)", undo)
                patch(dispatch.Call, "_make", "    Call._make(...)", undo)
                patch(mock, "record", "    mock.record", undo)
                patch(interceptor, "AWSResponse", "  AWSResponse(...) + _Body", undo)
                return undo

            # batches of the three in turn: the floor, ours, ours with probes; the
            # median batch of each is kept, so a batch the machine slowed down is dropped
            batch = 20
            floor_batches: list[float] = []
            ours_batches: list[float] = []
            probe_batches: dict[str, list[float]] = defaultdict(list)
            for _ in range(max(1, calls // batch)):
                floor_batches.append(per_call(floor_call, batch))
                ours_batches.append(per_call(ours_call, batch))
                undo = install_probes()
                spent.clear()
                for _ in range(batch):
                    ours_call()
                for restore in reversed(undo):
                    restore()
                for label, total in spent.items():
                    probe_batches[label].append(total / batch)
            floor_us = statistics.median(floor_batches) * 1e6
            ours_us = statistics.median(ours_batches) * 1e6

            print("\nworkload 1: hot describe_clusters")
            print(f"  floor {floor_us:8.1f} us/call   ours {ours_us:8.1f} us/call")
            print(
                f"  overhead to explain: {ours_us - floor_us:.1f} us/call "
                f"({(ours_us - floor_us) / floor_us:.1%} of the floor)"
            )
            print("  probes, in the real call (inclusive; indented = part of the handlers above)")
            print(f"    {'':<40} {'us/call':>8} {'of floor':>9}")
            handlers = 0.0
            for label in labels:
                values = probe_batches.get(label)
                if not values:
                    continue
                value = statistics.median(values) * 1e6
                if label.startswith("handler "):
                    handlers += value
                print(f"    {label:<40} {value:8.1f} {value / floor_us:9.1%}")
            print(f"  our three handlers: {handlers:.1f} us/call; each probe adds ~0.5 us")

            if use_cprofile:
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(calls):
                    ours_call()
                profile.disable()
                show_cprofile(profile, calls, "workload 1")


# ---------------------------------------------------------------- workload 2


def cold(repeats: int, use_cprofile: bool) -> None:
    import boto3

    contenders = {c.name: c for c in run.make_contenders()}
    stages = ("enter", "client", "call", "leave")
    times: dict[str, dict[str, list[float]]] = {
        name: {stage: [] for stage in stages} for name in ("floor", "ours")
    }

    def once(name: str) -> None:
        mark = clock()
        context = contenders[name].activate()
        context.__enter__()
        now = clock()
        times[name]["enter"].append(now - mark)
        mark = now
        client = boto3.client("ecs", region_name=run.REGION)
        now = clock()
        times[name]["client"].append(now - mark)
        mark = now
        client.describe_clusters(clusters=[run.CLUSTER])
        now = clock()
        times[name]["call"].append(now - mark)
        mark = now
        context.__exit__(None, None, None)
        times[name]["leave"].append(clock() - mark)

    for _ in range(3):
        once("floor")
        once("ours")
    for values in times.values():
        for stage in stages:
            values[stage].clear()
    for _ in range(repeats):
        gc.collect()
        once("floor")
        gc.collect()
        once("ours")

    print("\nworkload 2: enter, client, call, leave (median us per stage)")
    print(f"  {'stage':<8} {'floor':>10} {'ours':>10} {'ours-floor':>11}")
    for stage in stages:
        floor_us = statistics.median(times["floor"][stage]) * 1e6
        ours_us = statistics.median(times["ours"][stage]) * 1e6
        print(f"  {stage:<8} {floor_us:10.1f} {ours_us:10.1f} {ours_us - floor_us:11.1f}")

    from pytest_ecsmock import mock_ecs
    from pytest_ecsmock.mock import EcsMock

    def enter_leave() -> None:
        with mock_ecs():
            pass

    print("  parts of ours (us, median of repeats):")
    print(f"    EcsMock()                    {median_per_call(EcsMock, 200) * 1e6:8.1f}")
    print(f"    with mock_ecs(): pass        {median_per_call(enter_leave, 200) * 1e6:8.1f}")
    with mock_ecs() as handle:

        def new_backend() -> None:
            handle.state.clear()
            handle.state.backend("ecs", handle.account_id, handle.region)

        print(f"    first ECS backend of a mock  {median_per_call(new_backend, 200) * 1e6:8.1f}")

    if use_cprofile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(repeats):
            with mock_ecs():
                client = boto3.client("ecs", region_name=run.REGION)
                client.describe_clusters(clusters=[run.CLUSTER])
        profile.disable()
        show_cprofile(profile, repeats, "workload 2")


def show_cprofile(profile: cProfile.Profile, calls: int, title: str) -> None:
    """Our functions by own time, per call, as cProfile sees them (inflated)."""
    stats = pstats.Stats(profile)
    rows = []
    for (filename, line, name), (_, ncalls, own, total, _) in stats.stats.items():  # type: ignore[attr-defined]
        if "pytest_ecsmock" in filename:
            short = filename.split("pytest_ecsmock/", 1)[1]
            rows.append((own, total, ncalls, f"{short}:{line}({name})"))
    rows.sort(reverse=True)
    print(f"\n  cProfile, {title}: our functions by own time (us per call, inflated)")
    print(f"    {'own':>8} {'cumul':>8} {'calls':>6}  function")
    for own, total, ncalls, where in rows[:20]:
        print(
            f"    {own / calls * 1e6:8.1f} {total / calls * 1e6:8.1f} {ncalls // calls:6}  {where}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000, help="hot calls to probe")
    parser.add_argument("--repeats", type=int, default=30, help="cold cycles per contender")
    parser.add_argument("--cprofile", action="store_true", help="add cProfile's tables")
    args = parser.parse_args()
    run.isolate_environment()
    hot(args.calls, args.cprofile)
    cold(args.repeats, args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
