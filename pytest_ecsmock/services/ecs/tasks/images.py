"""How the simulated containers of an image behave: whether the image can be pulled,
whether the container exits on its own, whether it passes its health checks.

A test says so with ``ecsmock.backend("ecs").simulate_image(...)`` (docs/services/ecs.md,
"How the simulated containers behave"). A task takes the pull and exit behaviour of its
images when it is run; health checks read the image's behaviour each time they run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pytest_ecsmock.errors import DOCS, EcsmockUsageError
from pytest_ecsmock.services.ecs.tasks import container_health

if TYPE_CHECKING:
    from pytest_ecsmock.services.ecs.tasks.store import TaskStore

HEALTH_RESULTS = ("healthy", "unhealthy")
DEFAULT_EXIT_CODE = 1
#: the longest a container may run before it exits (10 years): beyond any test, and far
#: from the end of the clock's calendar (1e12 s overflowed it in the RUNNING step)
MAX_EXITS_AFTER = 10 * 365 * 24 * 3600
SEE_DOCS = f"see {DOCS}/services/ecs.md#how-the-simulated-containers-behave"


@dataclass(frozen=True)
class ImageBehaviour:
    pull_fails: bool = False
    #: seconds after the start at which the container exits (None: it runs until stopped)
    exits_after: float | None = None
    exit_code: int = DEFAULT_EXIT_CODE
    passes_health_checks: bool = True


#: what a container does unless a test says otherwise
NORMAL = ImageBehaviour()


class ImageBehaviours:
    """The behaviours set by tests, by exact image reference or by a prefix pattern
    ending in ``*``; an exact reference wins over patterns, a longer pattern over a
    shorter one."""

    def __init__(self) -> None:
        self._exact: dict[str, ImageBehaviour] = {}
        self._prefixes: dict[str, ImageBehaviour] = {}

    def set(self, pattern: str, behaviour: ImageBehaviour) -> None:
        if pattern.endswith("*"):
            self._prefixes[pattern[:-1]] = behaviour
        else:
            self._exact[pattern] = behaviour

    def of(self, image: str) -> ImageBehaviour:
        if image in self._exact:
            return self._exact[image]
        matching = [prefix for prefix in self._prefixes if image.startswith(prefix)]
        if not matching:
            return NORMAL
        return self._prefixes[max(matching, key=len)]


def simulate_image(
    store: TaskStore,
    image: str,
    *,
    pull_fails: bool = False,
    exits_after: float | None = None,
    exit_code: int | None = None,
    health: str = "healthy",
) -> None:
    """Check what a test asks for, keep it, and let running containers of the image
    follow a change of health at their next check."""
    behaviour = _behaviour(image, pull_fails, exits_after, exit_code, health)
    store.images.set(image, behaviour)
    container_health.resume(store)


def _behaviour(
    image: object, pull_fails: object, exits_after: object, exit_code: object, health: object
) -> ImageBehaviour:
    """The behaviour asked for, checked as the test wrote it (types included)."""
    if not isinstance(image, str) or not image:
        raise _usage(f"image must be an image reference such as 'nginx:1.27', not {image!r}")
    if "*" in image[:-1]:
        raise _usage(f"image {image!r} may hold '*' only at its end (a prefix pattern)")
    if not isinstance(pull_fails, bool):
        raise _usage(f"pull_fails must be True or False, not {pull_fails!r}")
    if health not in HEALTH_RESULTS:
        raise _usage(f"health must be 'healthy' or 'unhealthy', not {health!r}")
    seconds = None if exits_after is None else _seconds(exits_after)
    code = DEFAULT_EXIT_CODE if exit_code is None else _exit_code(exit_code, seconds)
    if pull_fails and (seconds is not None or health != "healthy"):
        raise _usage(
            "pull_fails=True cannot be combined with exits_after or health: a container "
            "whose image cannot be pulled never runs"
        )
    return ImageBehaviour(
        pull_fails=pull_fails,
        exits_after=seconds,
        exit_code=code,
        passes_health_checks=health == "healthy",
    )


def _seconds(value: object) -> float:
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value <= MAX_EXITS_AFTER
    ):
        return float(value)
    raise _usage(
        f"exits_after must be a number of seconds from 0 to {MAX_EXITS_AFTER} (10 years), "
        f"not {value!r}"
    )


def _exit_code(value: object, exits_after: float | None) -> int:
    if exits_after is None:
        raise _usage("exit_code needs exits_after: a container that never exits has no code")
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 256:
        return value
    raise _usage(f"exit_code must be a whole number from 0 to 255, not {value!r}")


def _usage(problem: str) -> EcsmockUsageError:
    return EcsmockUsageError(f"simulate_image: {problem} ({SEE_DOCS}).")


# ---------------------------------------------------------------------- pull errors


def pull_error(image: str, containerd: bool) -> str:
    """The reason ECS gives for an image whose manifest is not found: Fargate platform
    1.4.0 pulls with containerd, EC2 instances (and Fargate 1.3.0) with Docker."""
    if containerd:
        ref = _qualified(image)
        return (
            "CannotPullContainerError: pull image manifest has been retried 1 time(s): "
            f"failed to resolve ref {ref}: {ref}: not found"
        )
    detail = "Requested image not found" if ".dkr.ecr." in image else "manifest unknown"
    return (
        "CannotPullContainerError: Error response from daemon: manifest for "
        f"{_tagged(image)} not found: manifest unknown: {detail}"
    )


def _tagged(image: str) -> str:
    name = image.rpartition("/")[2]
    return image if ":" in name or "@" in name else f"{image}:latest"


def _qualified(image: str) -> str:
    """containerd's full reference: Docker Hub names get ``docker.io`` (and
    ``library/`` for official images)."""
    first, slash, _ = image.partition("/")
    has_registry = slash and ("." in first or ":" in first or first == "localhost")
    if has_registry:
        return _tagged(image)
    return _tagged(f"docker.io/{image}" if slash else f"docker.io/library/{image}")
