"""join_instance: an EC2 instance booting an ECS-optimized AMI with an ecs.config."""

from __future__ import annotations

import re

import pytest
from ecs_helpers import REGION, cluster_arn, raises_aws
from instance_helpers import TCP_PORTS, attributes, resource

from pytest_ecsmock.errors import EcsmockUsageError

LEGACY = "com.amazonaws.ecs.capability."
AGENT = "ecs.capability."


@pytest.fixture
def backend(ecsmock):
    return ecsmock.backend("ecs")


@pytest.fixture
def join(ecs, backend):
    """Join an instance and answer it as DescribeContainerInstances shows it."""

    def joined(ecs_config="", instance_type="m5.large", **options):
        instance = backend.join_instance(ecs_config, instance_type, **options)
        answer = ecs.describe_container_instances(
            cluster=instance.cluster.name, containerInstances=[instance.arn], include=["TAGS"]
        )
        return answer["containerInstances"][0]

    return joined


def usage_error(text):
    return pytest.raises(EcsmockUsageError, match=re.escape(text))


def test_join_registers_in_the_default_cluster_and_creates_it(ecs, join):
    instance = join()

    cluster = ecs.describe_clusters()["clusters"][0]
    assert cluster["clusterArn"] == cluster_arn("default")
    assert cluster["registeredContainerInstancesCount"] == 1
    assert instance["containerInstanceArn"].split("/")[1] == "default"
    assert re.fullmatch(r"i-[0-9a-f]{17}", instance["ec2InstanceId"])


def test_join_reports_cpu_memory_and_reserved_ports_as_the_agent_does(join):
    instance = join(instance_type="m5.large")
    small = join(instance_type="t3.micro")

    assert resource(instance, "CPU") == 2 * 1024
    assert resource(instance, "MEMORY") == 8192 - 246  # 3% kept by the kernel
    assert resource(small, "MEMORY") == 993
    assert resource(instance, "PORTS") == TCP_PORTS
    assert resource(instance, "PORTS_UDP") == []


def test_join_reports_the_attributes_ecs_sets(join):
    instance = join(instance_type="m6g.large", availability_zone=f"{REGION}b")

    found = attributes(instance)
    assert found["ecs.instance-type"] == "m6g.large"
    assert found["ecs.availability-zone"] == f"{REGION}b"
    assert found["ecs.cpu-architecture"] == "arm64"
    assert found["ecs.os-type"] == "linux"
    assert found["ecs.os-family"] == "LINUX"
    assert re.fullmatch(r"ami-[0-9a-f]{17}", found["ecs.ami-id"])
    assert found["ecs.vpc-id"].startswith("vpc-")
    assert found["ecs.subnet-id"].startswith("subnet-")


def test_join_reports_the_capabilities_of_an_ecs_optimized_ami(join):
    found = attributes(join())

    for name in (
        LEGACY + "docker-remote-api.1.17",
        LEGACY + "docker-remote-api.1.32",
        LEGACY + "privileged-container",
        LEGACY + "ecr-auth",
        LEGACY + "task-iam-role",
        LEGACY + "task-iam-role-network-host",
        AGENT + "execution-role-awslogs",
        AGENT + "execution-role-ecr-pull",
        AGENT + "container-health-check",
        AGENT + "task-eni",
        AGENT + "secrets.ssm.environment-variables",
        AGENT + "secrets.asm.environment-variables",
        AGENT + "private-registry-authentication.secretsmanager",
        AGENT + "container-ordering",
    ):
        assert name in found, name
        assert found[name] is None
    drivers = sorted(n.rsplit(".", 1)[1] for n in found if n.startswith(LEGACY + "logging-driver"))
    assert drivers == ["awsfirelens", "awslogs", "fluentd", "json-file", "none", "syslog"]


def test_zones_rotate_when_none_is_given(join):
    zones = [attributes(join())["ecs.availability-zone"] for _ in range(4)]

    assert zones == [f"{REGION}a", f"{REGION}b", f"{REGION}c", f"{REGION}d"]


def test_instances_of_one_zone_share_its_default_subnet(join):
    first = attributes(join(availability_zone=f"{REGION}c"))
    second = attributes(join(availability_zone=f"{REGION}c"))

    assert first["ecs.subnet-id"] == second["ecs.subnet-id"]


def test_join_into_a_declared_subnet_takes_its_zone_and_vpc(ecsmock, join):
    network = ecsmock.backend("network")
    network.add_subnet("subnet-0a1b2c3d", vpc_id="vpc-0123abcd", availability_zone=f"{REGION}d")

    found = attributes(join(subnet_id="subnet-0a1b2c3d"))

    assert found["ecs.subnet-id"] == "subnet-0a1b2c3d"
    assert found["ecs.vpc-id"] == "vpc-0123abcd"
    assert found["ecs.availability-zone"] == f"{REGION}d"


def test_join_with_given_ids(join):
    instance = join(instance_id="i-0fedcba9876543210", ami_id="ami-0aaaabbbbccccdddd")

    assert instance["ec2InstanceId"] == "i-0fedcba9876543210"
    assert attributes(instance)["ecs.ami-id"] == "ami-0aaaabbbbccccdddd"


def test_join_a_windows_instance(join):
    instance = join(instance_type="m5.xlarge", os_type="windows")

    found = attributes(instance)
    assert found["ecs.os-type"] == "windows"
    assert found["ecs.os-family"] == "WINDOWS_SERVER_2022_FULL"
    assert "3389" in resource(instance, "PORTS")
    assert LEGACY + "privileged-container" not in found


def test_the_instance_implements_what_placement_reads(backend):
    instance = backend.join_instance("", "c5.xlarge")

    assert instance.remaining_cpu == 4096
    assert instance.used_tcp_ports == {22, 2375, 2376, 51678, 51679}
    assert instance.dynamic_port_range == (32768, 60999)
    assert instance.free_eni_slots == 3
    assert instance.attributes["ecs.instance-type"] == "c5.xlarge"
    assert instance.agent_connected is True


def test_awsvpc_trunking_gives_a_trunk_interface_and_more_eni_slots(ecsmock, backend, join):
    backend.container_instances.awsvpc_trunking = True

    instance = join(instance_type="c5.xlarge")
    burstable = join(instance_type="t3.large")

    trunk = attributes(instance)["ecs.awsvpc-trunk-id"]
    assert (
        ecsmock.backend("network").interface(trunk).subnet_id
        == attributes(instance)["ecs.subnet-id"]
    )
    assert instance["attachments"][0]["details"][0] == {
        "name": "networkInterfaceId",
        "value": trunk,
    }
    assert (
        backend.container_instances.find_by_arn(instance["containerInstanceArn"]).free_eni_slots
        == 20
    )
    assert "ecs.awsvpc-trunk-id" not in attributes(burstable)


# ---------------------------------------------------------------------- ecs.config variables


def test_ecs_cluster_joins_a_named_cluster(ecs, join):
    ecs.create_cluster(clusterName="prod")

    instance = join("ECS_CLUSTER=prod\n")

    assert instance["containerInstanceArn"].split("/")[1] == "prod"
    assert ecs.list_container_instances(cluster="prod")["containerInstanceArns"] == [
        instance["containerInstanceArn"]
    ]
    assert ecs.list_clusters()["clusterArns"] == [cluster_arn("prod")]


def test_ecs_cluster_of_a_missing_cluster_is_a_usage_error(ecs, backend):
    with usage_error("ECS_CLUSTER=prod names no ACTIVE cluster in account 123456789012"):
        backend.join_instance("ECS_CLUSTER=prod", "m5.large")

    assert ecs.list_clusters()["clusterArns"] == []


def test_comments_and_blank_lines_are_skipped_and_unknown_variables_kept(backend):
    instance = backend.join_instance(
        "# written by user data\n\nECS_LOGLEVEL=debug\nECS_IMAGE_PULL_BEHAVIOR=prefer-cached\n",
        "m5.large",
    )

    assert instance.agent_config.unknown_variables == {
        "ECS_LOGLEVEL": "debug",
        "ECS_IMAGE_PULL_BEHAVIOR": "prefer-cached",
    }


def test_a_line_without_equals_sign_is_a_usage_error(backend):
    with usage_error("ecs.config line 2 ('ECS_CLUSTER prod') is not NAME=value"):
        backend.join_instance("ECS_LOGLEVEL=info\nECS_CLUSTER prod\n", "m5.large")


@pytest.mark.parametrize(
    ("variable", "name"),
    [
        ("ECS_ENABLE_TASK_IAM_ROLE", LEGACY + "task-iam-role"),
        ("ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST", LEGACY + "task-iam-role-network-host"),
        ("ECS_ENABLE_TASK_ENI", AGENT + "task-eni"),
        ("ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE", AGENT + "execution-role-awslogs"),
    ],
)
def test_capability_switches_are_on_by_default_and_can_be_turned_off(join, variable, name):
    assert name in attributes(join(f"{variable}=true"))
    assert name not in attributes(join(f"{variable}=false"))


def test_a_switch_that_is_no_boolean_is_a_usage_error(backend):
    with usage_error(
        "ecs.config: ECS_ENABLE_TASK_IAM_ROLE=yes is not valid; expected true or false."
    ):
        backend.join_instance("ECS_ENABLE_TASK_IAM_ROLE=yes", "m5.large")


def test_task_eni_disabled_leaves_no_trunking_either(join):
    found = attributes(join("ECS_ENABLE_TASK_ENI=false"))

    assert AGENT + "task-eni-trunking" not in found
    assert AGENT + "cni-plugin-version" not in found


def test_available_logging_drivers(join):
    found = attributes(join('ECS_AVAILABLE_LOGGING_DRIVERS=["json-file","splunk"]'))

    drivers = sorted(n.rsplit(".", 1)[1] for n in found if n.startswith(LEGACY + "logging-driver"))
    assert drivers == ["awsfirelens", "json-file", "splunk"]


@pytest.mark.parametrize("value", ["json-file", '["json-file", 3]', '["papertrail"]'])
def test_bad_logging_drivers_are_a_usage_error(backend, value):
    with usage_error(f"ecs.config: ECS_AVAILABLE_LOGGING_DRIVERS={value} is not valid"):
        backend.join_instance(f"ECS_AVAILABLE_LOGGING_DRIVERS={value}", "m5.large")


def test_quotes_around_a_value_are_pointed_out(backend):
    with usage_error("quotes around a value stay part of it"):
        backend.join_instance("ECS_AVAILABLE_LOGGING_DRIVERS='[\"awslogs\"]'", "m5.large")


def test_engine_auth_is_kept_for_image_pulls(backend):
    config = (
        "ECS_ENGINE_AUTH_TYPE=docker\n"
        'ECS_ENGINE_AUTH_DATA={"https://index.docker.io/v1/":'
        '{"username":"me","password":"secret","email":"me@example.com"}}\n'
    )

    instance = backend.join_instance(config, "m5.large")

    assert instance.agent_config.engine_auth_type == "docker"
    assert instance.agent_config.engine_auth_data["https://index.docker.io/v1/"]["username"] == "me"


def test_dockercfg_engine_auth(backend):
    config = (
        'ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={"r.example.com":{"auth":"eDp5"}}'
    )

    assert backend.join_instance(config, "m5.large").agent_config.engine_auth_type == "dockercfg"


@pytest.mark.parametrize(
    ("config", "problem"),
    [
        (
            "ECS_ENGINE_AUTH_TYPE=basic",
            "ECS_ENGINE_AUTH_TYPE=basic is not valid; expected docker or dockercfg",
        ),
        ("ECS_ENGINE_AUTH_TYPE=docker", "ECS_ENGINE_AUTH_TYPE=docker needs ECS_ENGINE_AUTH_DATA"),
        (
            "ECS_ENGINE_AUTH_TYPE=docker\nECS_ENGINE_AUTH_DATA={}",
            "ECS_ENGINE_AUTH_DATA={} is not valid",
        ),
        (
            'ECS_ENGINE_AUTH_TYPE=docker\nECS_ENGINE_AUTH_DATA={"r":{"auth":"x"}}',
            "'r' lacks them",
        ),
        ('ECS_ENGINE_AUTH_DATA={"r":{"auth":"x"}}', "ECS_ENGINE_AUTH_TYPE= is not valid"),
    ],
)
def test_bad_engine_auth_is_a_usage_error(backend, config, problem):
    with usage_error(problem):
        backend.join_instance(config, "m5.large")


def test_reserved_memory_is_taken_off_the_registered_memory(join):
    instance = join("ECS_RESERVED_MEMORY=256", instance_type="m5.large")

    assert resource(instance, "MEMORY") == 8192 - 246 - 256


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("lots", "ECS_RESERVED_MEMORY=lots is not valid; expected a whole number of MiB"),
        ("5000", "ECS_RESERVED_MEMORY=5000 is more than the 3973 MiB a t3.medium has"),
    ],
)
def test_bad_reserved_memory_is_a_usage_error(backend, value, problem):
    with usage_error(problem):
        backend.join_instance(f"ECS_RESERVED_MEMORY={value}", "t3.medium")


def test_reserved_ports_replace_the_default_ones(join):
    instance = join("ECS_RESERVED_PORTS=[22, 8080]\nECS_RESERVED_PORTS_UDP=[53, 161]")

    assert resource(instance, "PORTS") == ["22", "8080"]
    assert resource(instance, "PORTS_UDP") == ["53", "161"]


@pytest.mark.parametrize("value", ["22,80", "[0]", "[70000]", '["22"]', "[true]"])
def test_bad_reserved_ports_are_a_usage_error(backend, value):
    with usage_error(f"ECS_RESERVED_PORTS={value} is not valid; expected a JSON list of port"):
        backend.join_instance(f"ECS_RESERVED_PORTS={value}", "m5.large")


def test_dynamic_host_port_range(backend):
    instance = backend.join_instance("ECS_DYNAMIC_HOST_PORT_RANGE=40000-45000", "m5.large")

    assert instance.dynamic_port_range == (40000, 45000)


@pytest.mark.parametrize("value", ["40000", "45000-40000", "0-100", "a-b", "1-70000"])
def test_bad_dynamic_host_port_range_is_a_usage_error(backend, value):
    with usage_error(f"ECS_DYNAMIC_HOST_PORT_RANGE={value} is not valid; expected two port"):
        backend.join_instance(f"ECS_DYNAMIC_HOST_PORT_RANGE={value}", "m5.large")


def test_instance_attributes_become_custom_attributes(ecs, join):
    instance = join('ECS_INSTANCE_ATTRIBUTES={"stack": "blue", "rack": "r-7"}')

    found = attributes(instance)
    assert (found["stack"], found["rack"]) == ("blue", "r-7")
    listed = ecs.list_attributes(
        targetType="container-instance", attributeName="stack", attributeValue="blue"
    )["attributes"]
    assert [a["targetId"] for a in listed] == [instance["containerInstanceArn"]]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('["stack"]', 'ECS_INSTANCE_ATTRIBUTES=["stack"] is not valid; expected a JSON object'),
        ('{"stack": 1}', "expected a JSON object of strings"),
        ('{"bad name!": "x"}', "ECS_INSTANCE_ATTRIBUTES: Attribute name 'bad name!' is not valid"),
        ('{"ecs.zone": "x"}', "Attribute name 'ecs.zone' starts with 'ecs.'"),
        ('{"stack": " blue"}', "The value ' blue' of attribute 'stack' is not valid"),
    ],
)
def test_bad_instance_attributes_are_a_usage_error(backend, value, problem):
    with usage_error(problem):
        backend.join_instance(f"ECS_INSTANCE_ATTRIBUTES={value}", "m5.large")


def test_container_instance_tags(join):
    instance = join('ECS_CONTAINER_INSTANCE_TAGS={"team": "web", "env": "prod"}')

    assert instance["tags"] == [{"key": "team", "value": "web"}, {"key": "env", "value": "prod"}]


def test_bad_container_instance_tags_are_a_usage_error(backend):
    with usage_error("ecs.config: ECS_CONTAINER_INSTANCE_TAGS: Tag key 'aws:owner' uses"):
        backend.join_instance('ECS_CONTAINER_INSTANCE_TAGS={"aws:owner": "me"}', "m5.large")


@pytest.mark.parametrize(("value", "seconds"), [("30s", 30.0), ("2m", 120.0), ("1m30s", 90.0)])
def test_container_stop_timeout(backend, value, seconds):
    instance = backend.join_instance(f"ECS_CONTAINER_STOP_TIMEOUT={value}", "m5.large")

    assert instance.agent_config.stop_timeout_seconds == seconds


def test_container_stop_timeout_defaults_to_thirty_seconds(backend):
    assert backend.join_instance("", "m5.large").agent_config.stop_timeout_seconds == 30.0


@pytest.mark.parametrize("value", ["30", "soon", "-5s", "0s"])
def test_bad_container_stop_timeout_is_a_usage_error(backend, value):
    with usage_error(f"ECS_CONTAINER_STOP_TIMEOUT={value} is not valid; expected a duration"):
        backend.join_instance(f"ECS_CONTAINER_STOP_TIMEOUT={value}", "m5.large")


# ---------------------------------------------------------------------- other mistakes


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"instance_type": "x9.huge"}, "The EC2 instance type 'x9.huge' is not supported"),
        ({"os_type": "macos"}, "os_type must be 'linux' or 'windows', not 'macos'."),
        ({"instance_type": "m6g.large", "os_type": "windows"}, "m6g.large is an arm64 type"),
        ({"availability_zone": "eu-west-1a"}, "'eu-west-1a' is not an Availability Zone"),
        ({"instance_id": "web-1"}, "instance_id 'web-1' is not of the form i-0123456789abcdef0."),
        ({"ami_id": "ubuntu"}, "ami_id 'ubuntu' is not of the form ami-0123456789abcdef0."),
        ({"subnet_id": "net-1"}, "subnet_id 'net-1': The subnet ID 'net-1' does not exist"),
    ],
)
def test_join_mistakes_are_usage_errors_and_change_nothing(ecs, backend, options, problem):
    options.setdefault("instance_type", "m5.large")
    with usage_error(problem):
        backend.join_instance("", **options)

    assert ecs.list_clusters()["clusterArns"] == []
    assert backend.container_instances.instances == {}


def test_a_subnet_of_another_zone_than_the_one_given_is_a_usage_error(ecsmock, backend):
    ecsmock.backend("network").add_subnet("subnet-0a1b2c3d", availability_zone=f"{REGION}a")

    with usage_error(f"subnet-0a1b2c3d is in {REGION}a, not in {REGION}b"):
        backend.join_instance(
            "", "m5.large", subnet_id="subnet-0a1b2c3d", availability_zone=f"{REGION}b"
        )


def test_deleting_the_joined_cluster_is_refused(ecs, backend):
    backend.join_instance("", "m5.large")

    with raises_aws(
        "ClusterContainsContainerInstancesException",
        "The Cluster cannot be deleted while Container Instances are active or draining.",
    ):
        ecs.delete_cluster(cluster="default")
