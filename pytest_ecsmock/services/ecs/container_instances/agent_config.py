"""``/etc/ecs/ecs.config``: the ECS agent's settings on an ECS-optimized AMI.

ecs-init reads the file line by line as ``NAME=value`` (split at the first ``=``, no
shell quoting: quotes stay part of the value) and starts the agent with those variables
over its own defaults. The defaults here are ecs-init's, not the bare agent's: on the
ECS-optimized AMI task IAM roles (also for host networking), task ENIs, the awslogs
execution role and the logging drivers json-file, syslog, awslogs, fluentd and none are
on unless ecs.config says otherwise.

Where the agent would refuse to start or ignore a bad value quietly, this raises
:class:`~pytest_ecsmock.errors.EcsmockUsageError` naming the variable and what it
expects, so that a mistake in a test's ecs.config is found at once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pytest_ecsmock.errors import EcsmockUsageError

DEFAULT_CLUSTER = "default"
DEFAULT_LOGGING_DRIVERS = ("json-file", "syslog", "awslogs", "fluentd", "none")
KNOWN_LOGGING_DRIVERS = (
    "json-file",
    "syslog",
    "journald",
    "gelf",
    "fluentd",
    "awslogs",
    "splunk",
    "logentries",
    "sumologic",
    "none",
    "awsfirelens",
)
DEFAULT_RESERVED_PORTS = (22, 2375, 2376, 51678, 51679)
WINDOWS_RESERVED_PORTS = (53, 135, 139, 445, 2375, 2376, 3389, 5985, 5986, 51678, 51679)
DEFAULT_DYNAMIC_PORT_RANGE = (32768, 60999)
WINDOWS_DYNAMIC_PORT_RANGE = (49152, 65535)
DEFAULT_STOP_TIMEOUT_SECONDS = 30.0
DEFAULT_CLEANUP_WAIT_SECONDS = 3 * 3600.0
ENGINE_AUTH_TYPES = {"docker": ("username", "password"), "dockercfg": ("auth",)}

#: ecs-init's defaults on the ECS-optimized AMI; ecs.config overrides them
ECS_INIT_DEFAULTS = {
    "ECS_ENABLE_TASK_IAM_ROLE": "true",
    "ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST": "true",
    "ECS_ENABLE_TASK_ENI": "true",
    "ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE": "true",
}
BOOLEAN_FLAGS = (
    "ECS_ENABLE_TASK_IAM_ROLE",
    "ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST",
    "ECS_ENABLE_TASK_ENI",
    "ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE",
    "ECS_ENABLE_HIGH_DENSITY_ENI",
    "ECS_AWSVPC_BLOCK_IMDS",
    "ECS_DISABLE_PRIVILEGED",
    "ECS_SELINUX_CAPABLE",
    "ECS_APPARMOR_CAPABLE",
    "ECS_DISABLE_DOCKER_HEALTH_CHECK",
)
OTHER_KNOWN = (
    "ECS_CLUSTER",
    "ECS_AVAILABLE_LOGGING_DRIVERS",
    "ECS_ENGINE_AUTH_TYPE",
    "ECS_ENGINE_AUTH_DATA",
    "ECS_RESERVED_MEMORY",
    "ECS_RESERVED_PORTS",
    "ECS_RESERVED_PORTS_UDP",
    "ECS_DYNAMIC_HOST_PORT_RANGE",
    "ECS_INSTANCE_ATTRIBUTES",
    "ECS_CONTAINER_INSTANCE_TAGS",
    "ECS_CONTAINER_STOP_TIMEOUT",
    "ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION",
)
TRUE_WORDS = ("1", "t", "T", "TRUE", "true", "True")
FALSE_WORDS = ("0", "f", "F", "FALSE", "false", "False")
VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")
GO_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
GO_DURATION_UNITS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}


@dataclass
class AgentConfig:
    """What an ecs.config says, with ecs-init's defaults for what it leaves out."""

    #: every variable of the file as written (later lines win), known or not
    variables: dict[str, str] = field(default_factory=dict)
    cluster: str = DEFAULT_CLUSTER
    flags: dict[str, bool] = field(default_factory=dict)
    logging_drivers: tuple[str, ...] = DEFAULT_LOGGING_DRIVERS
    #: ``docker`` or ``dockercfg`` with its registry credentials, or None
    engine_auth_type: str | None = None
    engine_auth_data: dict[str, Any] = field(default_factory=dict)
    reserved_memory: int = 0
    reserved_ports: tuple[int, ...] = DEFAULT_RESERVED_PORTS
    reserved_ports_udp: tuple[int, ...] = ()
    dynamic_port_range: tuple[int, int] = DEFAULT_DYNAMIC_PORT_RANGE
    instance_attributes: dict[str, str] = field(default_factory=dict)
    instance_tags: dict[str, str] = field(default_factory=dict)
    stop_timeout_seconds: float = DEFAULT_STOP_TIMEOUT_SECONDS
    cleanup_wait_seconds: float = DEFAULT_CLEANUP_WAIT_SECONDS

    def flag(self, name: str) -> bool:
        return self.flags.get(name, ECS_INIT_DEFAULTS.get(name) == "true")

    @property
    def unknown_variables(self) -> dict[str, str]:
        """Variables this mock does not interpret (kept, and shown here)."""
        known = {*BOOLEAN_FLAGS, *OTHER_KNOWN}
        return {name: value for name, value in self.variables.items() if name not in known}


def parse_agent_config(text: str, *, os_type: str = "linux") -> AgentConfig:
    """Read an ecs.config; raises EcsmockUsageError for what the agent cannot use."""
    variables = _read_lines(text)
    windows = os_type == "windows"
    config = AgentConfig(variables=variables)
    if windows:
        config.reserved_ports = WINDOWS_RESERVED_PORTS
        config.dynamic_port_range = WINDOWS_DYNAMIC_PORT_RANGE
    for name in BOOLEAN_FLAGS:
        if name in variables:
            config.flags[name] = _boolean(name, variables[name])
    if "ECS_CLUSTER" in variables:
        config.cluster = variables["ECS_CLUSTER"].strip() or DEFAULT_CLUSTER
    if "ECS_AVAILABLE_LOGGING_DRIVERS" in variables:
        config.logging_drivers = _logging_drivers(variables["ECS_AVAILABLE_LOGGING_DRIVERS"])
    _engine_auth(config, variables)
    if "ECS_RESERVED_MEMORY" in variables:
        config.reserved_memory = _whole_number(
            "ECS_RESERVED_MEMORY", variables["ECS_RESERVED_MEMORY"]
        )
    if "ECS_RESERVED_PORTS" in variables:
        config.reserved_ports = _ports("ECS_RESERVED_PORTS", variables["ECS_RESERVED_PORTS"])
    if "ECS_RESERVED_PORTS_UDP" in variables:
        config.reserved_ports_udp = _ports(
            "ECS_RESERVED_PORTS_UDP", variables["ECS_RESERVED_PORTS_UDP"]
        )
    if "ECS_DYNAMIC_HOST_PORT_RANGE" in variables:
        config.dynamic_port_range = _port_range(variables["ECS_DYNAMIC_HOST_PORT_RANGE"])
    if "ECS_INSTANCE_ATTRIBUTES" in variables:
        config.instance_attributes = _string_map(
            "ECS_INSTANCE_ATTRIBUTES", variables["ECS_INSTANCE_ATTRIBUTES"]
        )
    if "ECS_CONTAINER_INSTANCE_TAGS" in variables:
        config.instance_tags = _string_map(
            "ECS_CONTAINER_INSTANCE_TAGS", variables["ECS_CONTAINER_INSTANCE_TAGS"]
        )
    if "ECS_CONTAINER_STOP_TIMEOUT" in variables:
        config.stop_timeout_seconds = _duration(
            "ECS_CONTAINER_STOP_TIMEOUT", variables["ECS_CONTAINER_STOP_TIMEOUT"]
        )
    if "ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION" in variables:
        config.cleanup_wait_seconds = _duration(
            "ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION",
            variables["ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION"],
        )
    return config


# ---------------------------------------------------------------------- reading


def _read_lines(text: str) -> dict[str, str]:
    variables: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.partition("=")
        name = name.strip()
        if not equals or not VARIABLE_NAME.match(name):
            raise EcsmockUsageError(
                f"ecs.config line {number} ({raw.strip()!r}) is not NAME=value; the ECS agent "
                "reads one variable per line, such as ECS_CLUSTER=prod."
            )
        variables[name] = value.strip()
    return variables


def _problem(name: str, value: str, expected: str) -> EcsmockUsageError:
    hint = ""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        hint = " (ecs.config is not a shell script: quotes around a value stay part of it)"
    return EcsmockUsageError(f"ecs.config: {name}={value} is not valid; expected {expected}{hint}.")


def _boolean(name: str, value: str) -> bool:
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise _problem(name, value, "true or false")


def _whole_number(name: str, value: str) -> int:
    if not (value.isascii() and value.isdigit()):
        raise _problem(name, value, "a whole number of MiB, such as 256")
    return int(value)


def _json(name: str, value: str, expected: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        raise _problem(name, value, expected) from None


def _logging_drivers(value: str) -> tuple[str, ...]:
    name = "ECS_AVAILABLE_LOGGING_DRIVERS"
    expected = 'a JSON list of logging drivers, such as ["json-file","awslogs"]'
    drivers = _json(name, value, expected)
    if not isinstance(drivers, list) or not all(isinstance(d, str) for d in drivers):
        raise _problem(name, value, expected)
    unknown = [d for d in drivers if d not in KNOWN_LOGGING_DRIVERS]
    if unknown:
        raise _problem(name, value, f"drivers among {', '.join(KNOWN_LOGGING_DRIVERS)}")
    return tuple(dict.fromkeys(drivers))


def _ports(name: str, value: str) -> tuple[int, ...]:
    expected = "a JSON list of port numbers (1-65535), such as [22, 2375]"
    ports = _json(name, value, expected)
    if not isinstance(ports, list) or not all(
        isinstance(port, int) and not isinstance(port, bool) and 1 <= port <= 65535
        for port in ports
    ):
        raise _problem(name, value, expected)
    return tuple(dict.fromkeys(ports))


def _port_range(value: str) -> tuple[int, int]:
    name = "ECS_DYNAMIC_HOST_PORT_RANGE"
    expected = "two port numbers joined by a dash, the first below the second, such as 32768-60999"
    low, dash, high = value.partition("-")
    if not dash or not all(part.strip().isdigit() for part in (low, high)):
        raise _problem(name, value, expected)
    first, last = int(low), int(high)
    if not 1 <= first < last <= 65535:
        raise _problem(name, value, expected)
    return first, last


def _string_map(name: str, value: str) -> dict[str, str]:
    expected = 'a JSON object of strings, such as {"team": "web"}'
    parsed = _json(name, value, expected)
    if not isinstance(parsed, dict) or not all(isinstance(v, str) for v in parsed.values()):
        raise _problem(name, value, expected)
    return dict(parsed)


def _duration(name: str, value: str) -> float:
    """A Go duration (``30s``, ``1m30s``, ``2h``), as the agent parses it."""
    expected = "a duration such as 30s, 2m or 1h30m"
    position, seconds = 0, 0.0
    while position < len(value):
        part = GO_DURATION_PART.match(value, position)
        if part is None:
            raise _problem(name, value, expected)
        seconds += float(part[1]) * GO_DURATION_UNITS[part[2]]
        position = part.end()
    if not value or seconds <= 0:
        raise _problem(name, value, expected)
    return seconds


def _engine_auth(config: AgentConfig, variables: dict[str, str]) -> None:
    auth_type = variables.get("ECS_ENGINE_AUTH_TYPE")
    data = variables.get("ECS_ENGINE_AUTH_DATA")
    if auth_type is None and data is None:
        return
    if auth_type not in ENGINE_AUTH_TYPES:
        raise _problem("ECS_ENGINE_AUTH_TYPE", auth_type or "", "docker or dockercfg")
    needed = ENGINE_AUTH_TYPES[auth_type]
    example = ", ".join(f'"{key}": "..."' for key in needed)
    expected = (
        f"a JSON object of registries for type {auth_type}, such as "
        f'{{"https://index.docker.io/v1/": {{{example}, "email": "..."}}}}'
    )
    if data is None:
        raise EcsmockUsageError(
            f"ecs.config: ECS_ENGINE_AUTH_TYPE={auth_type} needs ECS_ENGINE_AUTH_DATA: {expected}."
        )
    parsed = _json("ECS_ENGINE_AUTH_DATA", data, expected)
    if not isinstance(parsed, dict) or not parsed:
        raise _problem("ECS_ENGINE_AUTH_DATA", data, expected)
    for registry, credentials in parsed.items():
        if not isinstance(credentials, dict) or any(
            not isinstance(credentials.get(key), str) for key in needed
        ):
            raise _problem("ECS_ENGINE_AUTH_DATA", data, f"{expected}; {registry!r} lacks them")
    config.engine_auth_type = auth_type
    config.engine_auth_data = parsed
