"""The attributes an ECS agent registers with: its capabilities, as the agent's
``agent_capability.go`` lists them for a current agent with Docker 25 on an
ECS-optimized AMI, turned on and off by the ecs.config settings."""

from __future__ import annotations

from pytest_ecsmock.services.ecs.container_instances.agent_config import AgentConfig

LEGACY = "com.amazonaws.ecs.capability."
AGENT = "ecs.capability."
#: Docker remote API versions a current agent reports (1.17 to 1.23 "extended" ones
#: that Docker 25 still serves under a newer version)
DOCKER_API_VERSIONS = tuple(f"1.{minor}" for minor in range(17, 33))
#: name-only capabilities every current agent registers
NAME_ONLY = (
    "private-registry-authentication.secretsmanager",
    "secrets.ssm.environment-variables",
    "secrets.ssm.bootstrap.log-driver",
    "ecr-endpoint",
    "secrets.asm.environment-variables",
    "secrets.asm.bootstrap.log-driver",
    "container-ordering",
    "full-sync",
    "env-files.s3",
    "network.container-port-range",
    "container-restart-policy",
)
LINUX_ONLY = (
    "pid-ipc-namespace-sharing",
    "aws-appmesh",
    "firelens.fluentd",
    "firelens.fluentbit",
    "firelens.options.config.file",
    "firelens.options.config.s3",
    "efs",
    "efsAuth",
    "execute-command",
    "service-connect-v1",
    "storage.ebs-task-volume-attach",
    "fault-injection",
)
CNI_PLUGIN_VERSION = "2024.09.0"
AGENT_VERSION = "1.89.2"
AGENT_HASH = "f9c1b2a0"
DOCKER_VERSION = "DockerVersion: 25.0.8"


def agent_version_info() -> dict[str, str]:
    """``versionInfo`` of the agent a joined instance runs (the newest the mock knows)."""
    return {"agentVersion": AGENT_VERSION, "agentHash": AGENT_HASH, "dockerVersion": DOCKER_VERSION}


def agent_attributes(config: AgentConfig, os_type: str) -> dict[str, str | None]:
    """Attribute name -> value (None for name-only ones), in the agent's order."""
    linux = os_type == "linux"
    found: dict[str, str | None] = {}

    def add(name: str, value: str | None = None) -> None:
        found[name] = value

    for name in NAME_ONLY:
        add(AGENT + name)
    if linux and not config.flag("ECS_DISABLE_PRIVILEGED"):
        add(LEGACY + "privileged-container")
    for version in DOCKER_API_VERSIONS:
        add(LEGACY + "docker-remote-api." + version)
    for driver in config.logging_drivers:
        if driver != "awsfirelens":
            add(LEGACY + "logging-driver." + driver)
    if config.flag("ECS_SELINUX_CAPABLE"):
        add(LEGACY + "selinux")
    if config.flag("ECS_APPARMOR_CAPABLE"):
        add(LEGACY + "apparmor")
    if config.flag("ECS_ENABLE_TASK_IAM_ROLE"):
        add(LEGACY + "task-iam-role")
    if linux and config.flag("ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST"):
        add(LEGACY + "task-iam-role-network-host")
    if linux:
        add(AGENT + "task-cpu-mem-limit")
        add(AGENT + "increased-task-cpu-limit")
    if config.flag("ECS_ENABLE_TASK_ENI"):
        add(AGENT + "task-eni")
        add(AGENT + "cni-plugin-version", CNI_PLUGIN_VERSION)
        if config.flag("ECS_AWSVPC_BLOCK_IMDS"):
            add(AGENT + "task-eni-block-instance-metadata")
        if config.flags.get("ECS_ENABLE_HIGH_DENSITY_ENI", True):
            add(AGENT + "task-eni-trunking")
            add(AGENT + "branch-cni-plugin-version", CNI_PLUGIN_VERSION)
    add(LEGACY + "ecr-auth")
    add(AGENT + "execution-role-ecr-pull")
    if not config.flag("ECS_DISABLE_DOCKER_HEALTH_CHECK"):
        add(AGENT + "container-health-check")
    if config.flag("ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE"):
        add(AGENT + "execution-role-awslogs")
    if linux:
        add(LEGACY + "logging-driver.awsfirelens")
        add(AGENT + "logging-driver.awsfirelens.log-driver-buffer-limit")
        for name in LINUX_ONLY:
            add(AGENT + name)
    else:
        add(AGENT + "gmsa")
        add(AGENT + "fsxWindowsFileServer")
    add(AGENT + "ipv6-only")
    return found


def os_family(os_type: str) -> str:
    """``ecs.os-family`` of an ECS-optimized AMI of that OS."""
    return "LINUX" if os_type == "linux" else "WINDOWS_SERVER_2022_FULL"
