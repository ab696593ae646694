"""Instructions per hot call, counted by valgrind: a measure a busy machine cannot move.

    python bench/instructions.py             # the floor and ours, 200 calls each
    python bench/instructions.py --calls 400 # more calls, steadier figures

Workload 1 of ``bench/run.py`` (a hot ``describe_clusters``, moto active beside us as
there) is run under ``valgrind --tool=cachegrind`` in a child process, twice per
contender: once with ``N`` calls and once with ``2 N``.  The difference of the two
instruction counts, divided by ``N``, is the cost of one call without the set-up.
The ratio ``ours / floor`` of those counts moves with the code only; it is not the
ratio of times (caches and branch prediction are not counted), but a saving that
lowers it is real.  Needs valgrind (``apt-get install valgrind``); slow: a minute or
two.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # bench/run.py: the environment, the floor, the contenders

CHILD = """
import gc, sys
sys.path.insert(0, {bench!r})
import run
run.isolate_environment()
contenders = {{c.name: c for c in run.make_contenders()}}
run.floor_answers("found")
from contextlib import ExitStack
with ExitStack() as stack:
    chosen = contenders[{name!r}]
    for contender in contenders.values():
        # in run.py's order: each client is made right after its contender is on
        stack.enter_context(contender.activate())
        if contender is chosen:
            client = run.new_client()
    for other in contenders.values():
        if other is not chosen:
            other.detach(client)
    client.create_cluster(clusterName=run.CLUSTER)
    for _ in range(50):
        client.describe_clusters(clusters=[run.CLUSTER])
    gc.collect()
    for _ in range({calls}):
        client.describe_clusters(clusters=[run.CLUSTER])
"""


def instructions(name: str, calls: int) -> int:
    """Instructions of the whole child run with ``calls`` hot calls of ``name``."""
    env = {key: value for key, value in os.environ.items() if key not in run.UNSET}
    env.update(run.ENV, PYTHONHASHSEED="0")
    program = CHILD.format(bench=str(Path(__file__).resolve().parent), name=name, calls=calls)
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [
                "valgrind",
                "--tool=cachegrind",
                "--cache-sim=no",
                f"--cachegrind-out-file={folder}/out",
                sys.executable,
                "-c",
                program,
            ],
            env=env,
            cwd=run.ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"the run of {name} under valgrind failed:\n{done.stderr}")
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{done.stderr}")
    return int(found.group(1).replace(",", ""))


def per_call(name: str, calls: int) -> float:
    return (instructions(name, 2 * calls) - instructions(name, calls)) / calls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=200, help="N: runs of N and 2 N calls")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing to count.")
        return 0
    floor = per_call("floor", args.calls)
    ours = per_call("ours", args.calls)
    print(f"instructions per hot describe_clusters ({args.calls} calls):")
    print(f"  floor {floor:12,.0f}")
    print(f"  ours  {ours:12,.0f}  ({ours - floor:,.0f} above the floor)")
    print(f"  ours / floor {ours / floor:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
