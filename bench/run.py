"""pytest-ecsmock against moto and against botocore's own cost, side by side.

Three contenders answer the same boto3 calls in one process:

* ``ours``  -- ``pytest_ecsmock.mock_ecs``;
* ``moto``  -- ``moto.mock_aws`` (skipped if moto is not installed);
* ``floor`` -- a before-send handler (on boto3's default session) that returns a
  constant, pre-encoded DescribeClusters answer in a real ``AWSResponse``: what
  botocore itself costs (building the request, signing it, parsing the answer), with
  no mock behind it.

Three workloads:

1. hot: ``describe_clusters`` on an existing cluster, client and mock already active;
2. cold mock: enter the mock, create a client, make one call, leave;
3. fresh process: in a new interpreter, import, activate, create a client, make one
   call (timed from the first line of that code to the answer).

Rounds are interleaved (every contender runs once per round, in a rotating order) and
the ratio of each round is taken before the median, so that the noise of a shared
machine falls on all contenders alike.  The headline is the ratio to the floor; the
script never fails on speed (exit status 0 either way).

    python bench/run.py            # the full run (about a minute)
    python bench/run.py --quick    # a fast, rougher run
    python bench/run.py --details  # also print the absolute medians
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REGION = "us-east-1"
CLUSTER = "bench"

#: what every contender, and every child process, runs with: fake credentials, no
#: user configuration, and a proxy that does not exist, so nothing can reach AWS
ENV = {
    "AWS_ACCESS_KEY_ID": "BENCHACCESSKEY",
    "AWS_SECRET_ACCESS_KEY": "bench-secret-key",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
}
UNSET = ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE", "NO_PROXY", "no_proxy")

ARN = f"arn:aws:ecs:{REGION}:123456789012:cluster/{CLUSTER}"
#: the floor's constant answers to ``describe_clusters(clusters=[CLUSTER])``, as AWS
#: sends them: "found" once the cluster exists (workload 1), "missing" in a fresh
#: account (workloads 2 and 3), so that botocore parses the same answer from everyone
FLOOR_BODIES = {
    "found": json.dumps(
        {
            "clusters": [
                {
                    "clusterArn": ARN,
                    "clusterName": CLUSTER,
                    "status": "ACTIVE",
                    "registeredContainerInstancesCount": 0,
                    "runningTasksCount": 0,
                    "pendingTasksCount": 0,
                    "activeServicesCount": 0,
                    "statistics": [],
                    "tags": [],
                    "capacityProviders": [],
                    "defaultCapacityProviderStrategy": [],
                }
            ],
            "failures": [],
        },
        separators=(",", ":"),
    ).encode(),
    "missing": json.dumps(
        {"clusters": [], "failures": [{"arn": ARN, "reason": "MISSING"}]},
        separators=(",", ":"),
    ).encode(),
}
FLOOR_HEADERS = {
    "x-amzn-RequestId": "8f1c2a39-0c4e-4b8e-9d52-5f0d1f6f3c11",
    "Content-Type": "application/x-amz-json-1.1",
}

#: the floor handler, as source, so that a child process defines the very same one;
#: ``floor_body[0]`` is the answer it gives
FLOOR_SOURCE = f"""
from botocore.awsrequest import AWSResponse

FLOOR_BODIES = {FLOOR_BODIES!r}
FLOOR_HEADERS = {FLOOR_HEADERS!r}
floor_body = [FLOOR_BODIES["missing"]]


class FloorRaw:
    def __init__(self, body):
        self._body = body

    def stream(self, **_):
        yield self._body


def floor_answer(request, **_):
    return AWSResponse(request.url, 200, FLOOR_HEADERS, FloorRaw(floor_body[0]))
"""
#: the floor's namespace in this process (see ``make_contenders``)
FLOOR: dict[str, Any] = {}


def floor_answers(which: str) -> None:
    """Which of ``FLOOR_BODIES`` the floor gives from now on."""
    FLOOR["floor_body"][0] = FLOOR_BODIES[which]


def same_answers(answers: dict[str, dict[str, Any]]) -> None:
    """Say so (on stderr) if the contenders' answers differ: the floor's constant
    would then no longer be the answer botocore parses for the others."""
    floor = answers.get("floor")
    for name, answer in answers.items():
        if name != "ours":  # moto answers in its own way; the floor copies ours
            continue
        answer = {key: value for key, value in answer.items() if key != "ResponseMetadata"}
        if floor is not None and answer != {
            key: value for key, value in floor.items() if key != "ResponseMetadata"
        }:
            print(f"note: {name} answers {answer}, the floor {floor}", file=sys.stderr)


# ---------------------------------------------------------------- environment


def isolate_environment() -> None:
    """Fake credentials, no user files, and a botocore that cannot send anything."""
    for key in UNSET:
        os.environ.pop(key, None)
    os.environ.update(ENV)

    import botocore.httpsession

    def refuse(self: Any, request: Any) -> Any:
        raise RuntimeError(f"the benchmark must not reach the network: {request.url}")

    botocore.httpsession.URLLib3Session.send = refuse  # type: ignore[method-assign]


# ---------------------------------------------------------------- contenders


@dataclass
class Contender:
    name: str
    #: a context manager factory: the mock (or, for the floor, nothing)
    activate: Callable[[], AbstractContextManager[Any]]
    #: the lines a child process runs: import and activate, then CALL (indented)
    child: str = ""
    #: the botocore handlers this contender puts on every client, as (event, handler)
    handlers: list[tuple[str, Any]] = field(default_factory=list)

    def detach(self, client: Any) -> None:
        """Take this contender's handlers off a client another contender answers."""
        for event, handler in self.handlers:
            client.meta.events.unregister(event, handler)


def make_contenders() -> list[Contender]:
    from pytest_ecsmock import interceptor, mock_ecs

    exec(FLOOR_SOURCE, FLOOR)
    floor_answer = FLOOR["floor_answer"]

    @contextmanager
    def floor() -> Iterator[None]:
        """The floor's "mock": its handler on boto3's default session, for the clients
        made while it is on."""
        import boto3

        events = boto3._get_default_session().events
        events.register_first("before-send", floor_answer)
        try:
            yield
        finally:
            events.unregister("before-send", floor_answer)

    contenders = [
        Contender(
            "floor",
            floor,
            child=FLOOR_SOURCE
            + "import boto3\n"
            + "boto3._get_default_session().events.register_first('before-send', floor_answer)\n"
            + "if True:\n"
            + "    client = boto3.client('ecs', region_name=REGION)\n"
            + "    CALL\n",
            handlers=[("before-send", floor_answer)],
        ),
        Contender(
            "ours",
            mock_ecs,
            child="import boto3\n"
            + "from pytest_ecsmock import mock_ecs\n"
            + "with mock_ecs():\n"
            + "    client = boto3.client('ecs', region_name=REGION)\n"
            + "    CALL\n",
            handlers=[(event, handler) for event, handler, _ in interceptor.HANDLERS],
        ),
    ]
    try:
        from moto import mock_aws
        from moto.core.models import botocore_stubber
    except ImportError:
        print("moto is not installed: its columns are left empty.\n")
    else:
        contenders.append(
            Contender(
                "moto",
                mock_aws,
                child="import boto3\n"
                + "from moto import mock_aws\n"
                + "with mock_aws():\n"
                + "    client = boto3.client('ecs', region_name=REGION)\n"
                + "    CALL\n",
                handlers=[("before-send", botocore_stubber)],
            )
        )
    return contenders


def new_client() -> Any:
    import boto3

    return boto3.client("ecs", region_name=REGION)


def rotated(contenders: list[Contender], turn: int) -> list[Contender]:
    """The order of ``turn``: every permutation in turn, so that each contender
    follows each other one equally often (a contender slows the one after it down a
    little, moto's long runs more than a little)."""
    orders = list(itertools.permutations(contenders))
    return list(orders[turn % len(orders)])


# ---------------------------------------------------------------- workloads


@dataclass
class Samples:
    """Seconds per operation, one value per round and contender."""

    rounds: list[dict[str, float]] = field(default_factory=list)

    def ratio(self, top: str, bottom: str) -> tuple[float, float, float] | None:
        """Median, lowest and highest of the per-round ratios ``top / bottom``."""
        ratios = [r[top] / r[bottom] for r in self.rounds if top in r and bottom in r]
        if not ratios:
            return None
        return statistics.median(ratios), min(ratios), max(ratios)

    def median(self, name: str) -> float | None:
        values = [r[name] for r in self.rounds if name in r]
        return statistics.median(values) if values else None


def hot_call(contenders: list[Contender], rounds: int, batches: int, calls: int) -> Samples:
    """Workload 1: the same describe_clusters, over and over, on a live mock.

    All mocks are active at once, each client answered by its own contender only (the
    other contenders' handlers are taken off it), so that the contenders can take turns
    every few calls: a burst of load on the machine then falls on all of them alike.
    """
    samples = Samples()
    floor_answers("found")
    with ExitStack() as stack:
        stack.callback(floor_answers, "missing")
        clients: dict[str, Any] = {}
        for contender in contenders:
            stack.enter_context(contender.activate())
            client = new_client()
            for other in contenders:
                if other is not contender:
                    other.detach(client)
            client.create_cluster(clusterName=CLUSTER)
            for _ in range(20):  # warm up: models, caches, first-call paths
                client.describe_clusters(clusters=[CLUSTER])
            clients[contender.name] = client
        same_answers({name: c.describe_clusters(clusters=[CLUSTER]) for name, c in clients.items()})
        for _ in range(rounds):
            gc.collect()
            spent = dict.fromkeys(clients, 0.0)
            for batch in range(batches):
                for contender in rotated(contenders, batch):
                    describe = clients[contender.name].describe_clusters
                    start = time.perf_counter()
                    for _ in range(calls):
                        describe(clusters=[CLUSTER])
                    spent[contender.name] += time.perf_counter() - start
            samples.rounds.append(
                {name: total / (batches * calls) for name, total in spent.items()}
            )
    return samples


def cold_mock(contenders: list[Contender], rounds: int, repeats: int) -> Samples:
    """Workload 2: enter the mock, create a client, one call, leave.

    The contenders take turns at every repetition, each starting after a full garbage
    collection, so that neither a burst of load nor what the previous contender left
    behind falls on one of them alone.
    """
    samples = Samples()
    floor_answers("missing")
    for number in range(rounds + 1):  # round 0 warms every contender up, unrecorded
        spent = {contender.name: 0.0 for contender in contenders}
        answers: dict[str, dict[str, Any]] = {}
        for repeat in range(repeats):
            for contender in rotated(contenders, number + repeat):
                gc.collect()
                start = time.perf_counter()
                with contender.activate():
                    client = new_client()
                    answers[contender.name] = client.describe_clusters(clusters=[CLUSTER])
                spent[contender.name] += time.perf_counter() - start
        if not number:
            same_answers(answers)
        if number:
            samples.rounds.append({name: total / repeats for name, total in spent.items()})
    return samples


CHILD_TEMPLATE = """\
import time
_start = time.perf_counter()
REGION = {region!r}
{body}
print(repr(_answer - _start))
"""


def child_program(contender: Contender) -> str:
    call = f"client.describe_clusters(clusters=[{CLUSTER!r}]); _answer = time.perf_counter()"
    body = contender.child.replace("CALL", call)
    # the clock stops right after the answer, inside the mock
    return CHILD_TEMPLATE.format(region=REGION, body=body.rstrip())


def first_call(contenders: list[Contender], repeats: int) -> Samples:
    """Workload 3: a fresh interpreter per run; from its first line to the answer."""
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    env.update(ENV)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    programs = {c.name: child_program(c) for c in contenders}
    samples = Samples()
    for number in range(repeats + 1):  # run 0 warms the file system cache, unrecorded
        results: dict[str, float] = {}
        for contender in rotated(contenders, number):
            done = subprocess.run(
                [sys.executable, "-c", programs[contender.name]],
                env=env,
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
            if done.returncode != 0:
                raise RuntimeError(
                    f"the fresh-process run of {contender.name} failed:\n{done.stderr}"
                )
            results[contender.name] = float(done.stdout.strip().splitlines()[-1])
        if number:
            samples.rounds.append(results)
    return samples


# ---------------------------------------------------------------- report


@dataclass
class Workload:
    title: str
    target: float
    moto_measured: float
    run: Callable[[list[Contender]], Samples]
    unit: tuple[str, float]


def show(ratio: tuple[float, float, float] | None) -> str:
    if ratio is None:
        return "n/a"
    median, low, high = ratio
    return f"{median:.2f}x ({low:.2f}-{high:.2f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds: rougher, faster")
    parser.add_argument("--details", action="store_true", help="also print absolute medians")
    parser.add_argument(
        "--workloads", default="1,2,3", help="which workloads to run, e.g. 1,2 (default: all)"
    )
    args = parser.parse_args(argv)

    isolate_environment()
    contenders = make_contenders()
    quick = args.quick
    workloads = {
        "1": Workload(
            "1 hot describe_clusters",
            1.2,
            2.9,
            lambda cs: hot_call(
                cs, rounds=3 if quick else 9, batches=12 if quick else 18, calls=10
            ),
            ("us", 1e6),
        ),
        "2": Workload(
            "2 enter, client, call, leave",
            1.3,
            18.0,
            lambda cs: cold_mock(cs, rounds=3 if quick else 10, repeats=6),
            ("ms", 1e3),
        ),
        "3": Workload(
            "3 first call, fresh process",
            1.5,
            4.9,
            lambda cs: first_call(cs, repeats=6 if quick else 12),
            ("ms", 1e3),
        ),
    }
    chosen = [workloads[key.strip()] for key in args.workloads.split(",") if key.strip()]

    measured: list[tuple[Workload, Samples]] = []
    for workload in chosen:
        print(f"running {workload.title} ...", file=sys.stderr, flush=True)
        measured.append((workload, workload.run(contenders)))

    print()
    print(
        f"{'workload':<31} {'ours/floor':<20} {'moto/floor':<20} {'moto/ours':<20}"
        " target  moto before"
    )
    for workload, samples in measured:
        print(
            f"{workload.title:<31} {show(samples.ratio('ours', 'floor')):<20} "
            f"{show(samples.ratio('moto', 'floor')):<20} "
            f"{show(samples.ratio('moto', 'ours')):<20} "
            f"{workload.target:>5.1f}x {workload.moto_measured:>8.1f}x"
        )
    print("(median of the per-round ratios, lowest-highest in brackets)")
    print()
    for workload, samples in measured:
        ratio = samples.ratio("ours", "floor")
        assert ratio is not None
        verdict = "PASS" if ratio[0] <= workload.target else "FAIL"
        print(f"{verdict} {workload.title}: ours/floor {ratio[0]:.2f}x, target {workload.target}x")
    if args.details:
        print()
        for workload, samples in measured:
            unit, scale = workload.unit
            medians = ", ".join(
                f"{c.name} {value * scale:.1f} {unit}"
                for c in contenders
                if (value := samples.median(c.name)) is not None
            )
            print(f"{workload.title}: {medians}")
    print()
    print("Speed is informational: this script exits 0 whatever the ratios.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
