from __future__ import annotations

import pytest
from eks_helpers import ROLE, SUBNETS

ALL_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"]


def test_a_new_cluster_is_creating_with_the_defaults_of_aws(eks, new_cluster, ecsmock):
    cluster = new_cluster("prod")

    assert cluster["name"] == "prod"
    assert cluster["arn"] == "arn:aws:eks:us-east-1:123456789012:cluster/prod"
    assert cluster["status"] == "CREATING"
    assert cluster["createdAt"] == ecsmock.clock.now()
    assert cluster["version"] == "1.34"
    assert cluster["platformVersion"] == "eks.9"
    assert cluster["roleArn"] == ROLE
    vpc = cluster["resourcesVpcConfig"]
    assert vpc["subnetIds"] == SUBNETS
    assert vpc["securityGroupIds"] == []
    assert vpc["vpcId"].startswith("vpc-")
    assert vpc["endpointPublicAccess"] is True
    assert vpc["endpointPrivateAccess"] is False
    assert vpc["publicAccessCidrs"] == ["0.0.0.0/0"]
    assert cluster["kubernetesNetworkConfig"] == {
        "serviceIpv4Cidr": "10.100.0.0/16",
        "ipFamily": "ipv4",
    }
    assert cluster["logging"] == {"clusterLogging": [{"types": ALL_LOG_TYPES, "enabled": False}]}
    assert cluster["accessConfig"] == {
        "bootstrapClusterCreatorAdminPermissions": True,
        "authenticationMode": "CONFIG_MAP",
    }
    assert cluster["upgradePolicy"] == {"supportType": "EXTENDED"}
    assert cluster["deletionProtection"] is False
    assert cluster["health"] == {"issues": []}
    assert cluster["tags"] == {}
    assert cluster["clientRequestToken"]  # botocore fills in an idempotency token


def test_endpoint_certificate_and_identity_wait_until_the_cluster_is_active(new_cluster):
    cluster = new_cluster("prod")

    assert "endpoint" not in cluster
    assert "identity" not in cluster
    assert cluster["certificateAuthority"] == {}
    assert "clusterSecurityGroupId" not in cluster["resourcesVpcConfig"]


def test_settings_given_are_kept(new_cluster):
    key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    cluster = new_cluster(
        "tuned",
        version="1.31",
        resourcesVpcConfig={
            "subnetIds": SUBNETS,
            "securityGroupIds": ["sg-0123456789abcdef0"],
            "endpointPublicAccess": True,
            "endpointPrivateAccess": True,
            "publicAccessCidrs": ["203.0.113.0/24"],
        },
        kubernetesNetworkConfig={"serviceIpv4Cidr": "192.168.0.0/16"},
        logging={"clusterLogging": [{"types": ["audit", "api"], "enabled": True}]},
        accessConfig={
            "authenticationMode": "API",
            "bootstrapClusterCreatorAdminPermissions": False,
        },
        upgradePolicy={"supportType": "STANDARD"},
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key}}],
        zonalShiftConfig={"enabled": True},
        remoteNetworkConfig={"remoteNodeNetworks": [{"cidrs": ["10.80.0.0/16"]}]},
        controlPlaneScalingConfig={"tier": "tier-xl"},
        deletionProtection=True,
        tags={"team": "platform"},
    )

    assert cluster["version"] == "1.31"
    assert cluster["platformVersion"] == "eks.34"
    vpc = cluster["resourcesVpcConfig"]
    assert vpc["securityGroupIds"] == ["sg-0123456789abcdef0"]
    assert vpc["endpointPrivateAccess"] is True
    assert vpc["publicAccessCidrs"] == ["203.0.113.0/24"]
    assert cluster["kubernetesNetworkConfig"]["serviceIpv4Cidr"] == "192.168.0.0/16"
    assert cluster["logging"]["clusterLogging"] == [
        {"types": ["api", "audit"], "enabled": True},
        {"types": ["authenticator", "controllerManager", "scheduler"], "enabled": False},
    ]
    assert cluster["accessConfig"] == {
        "bootstrapClusterCreatorAdminPermissions": False,
        "authenticationMode": "API",
    }
    assert cluster["upgradePolicy"] == {"supportType": "STANDARD"}
    assert cluster["encryptionConfig"] == [{"resources": ["secrets"], "provider": {"keyArn": key}}]
    assert cluster["zonalShiftConfig"] == {"enabled": True}
    assert cluster["remoteNetworkConfig"] == {"remoteNodeNetworks": [{"cidrs": ["10.80.0.0/16"]}]}
    assert cluster["controlPlaneScalingConfig"] == {"tier": "tier-xl"}
    assert cluster["deletionProtection"] is True
    assert cluster["tags"] == {"team": "platform"}


def test_the_default_version_can_be_changed_on_the_backend(new_cluster, eks_backend):
    eks_backend.versions.default = "1.35"

    assert new_cluster("newest")["version"] == "1.35"


def test_eks_auto_mode_is_kept_when_fully_enabled(new_cluster):
    cluster = new_cluster(
        "auto",
        accessConfig={"authenticationMode": "API"},
        bootstrapSelfManagedAddons=False,
        computeConfig={
            "enabled": True,
            "nodePools": ["general-purpose", "system"],
            "nodeRoleArn": "arn:aws:iam::123456789012:role/auto-nodes",
        },
        storageConfig={"blockStorage": {"enabled": True}},
        kubernetesNetworkConfig={"elasticLoadBalancing": {"enabled": True}},
    )

    assert cluster["computeConfig"]["enabled"] is True
    assert cluster["computeConfig"]["nodePools"] == ["general-purpose", "system"]
    assert cluster["storageConfig"] == {"blockStorage": {"enabled": True}}
    assert cluster["kubernetesNetworkConfig"]["elasticLoadBalancing"] == {"enabled": True}


def test_eks_auto_mode_cannot_be_half_enabled(new_cluster, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        400,
        "For EKS Auto Mode, please ensure that all required configs, including computeConfig, "
        "kubernetesNetworkConfig, and blockStorage are all either fully enabled or fully "
        "disabled.",
    ):
        new_cluster("auto", computeConfig={"enabled": True})


def test_a_name_in_use_is_refused_with_409(new_cluster, eks, raises_aws):
    first = new_cluster("prod")

    with raises_aws("ResourceInUseException", 409, "Cluster already exists with name: prod"):
        new_cluster("prod", version="1.33")
    assert eks.describe_cluster(name="prod")["cluster"]["createdAt"] == first["createdAt"]
    assert eks.describe_cluster(name="prod")["cluster"]["version"] == "1.34"


def test_a_retry_with_the_same_token_returns_the_same_cluster(new_cluster, eks, raises_aws):
    first = new_cluster("prod", clientRequestToken="retry-1", tags={"a": "1"})

    again = new_cluster("prod", clientRequestToken="retry-1", tags={"a": "1"})

    assert again["arn"] == first["arn"]
    assert again["createdAt"] == first["createdAt"]
    assert again["clientRequestToken"] == "retry-1"
    assert eks.list_clusters()["clusters"] == ["prod"]
    with raises_aws("ResourceInUseException", 409, "Cluster already exists with name: prod"):
        new_cluster("prod", clientRequestToken="retry-1", tags={"a": "2"})


@pytest.mark.parametrize(
    ("name", "constraint"),
    [
        ("x" * 101, "Member must have length less than or equal to 100"),
        ("-leading-hyphen", "Member must satisfy regular expression pattern"),
        ("has space", "Member must satisfy regular expression pattern"),
        ("dotted.name", "Member must satisfy regular expression pattern"),
    ],
)
def test_cluster_names_follow_the_rules_of_eks(new_cluster, eks, name, constraint):
    with pytest.raises(eks.exceptions.InvalidParameterException) as caught:
        new_cluster(name)

    message = caught.value.response["Error"]["Message"]
    assert message.startswith(f"1 validation error detected: Value '{name}' at 'name'")
    assert constraint in message
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_a_name_of_100_characters_is_allowed(new_cluster):
    assert new_cluster("a" * 100)["name"] == "a" * 100


@pytest.mark.parametrize(
    "role",
    [
        "eks-cluster",
        "arn:aws:iam::1234:role/eks",
        "arn:aws:s3:::bucket",
        "arn:aws:iam::123456789012:user/x",
    ],
)
def test_the_role_must_be_an_iam_role_arn(new_cluster, raises_aws, role):
    with raises_aws("InvalidParameterException", 400, f"Invalid Role Arn: '{role}'"):
        new_cluster("prod", roleArn=role)


@pytest.mark.parametrize("version", ["1.29", "1.99", "latest", "1.34.2"])
def test_unsupported_kubernetes_versions_are_refused(new_cluster, raises_aws, version):
    with raises_aws("InvalidParameterException", 400, f"unsupported Kubernetes version {version}"):
        new_cluster("prod", version=version)


def test_outposts_local_clusters_are_not_supported_yet(new_cluster, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        400,
        "outpostConfig is not supported by pytest-ecsmock yet (local clusters on AWS "
        "Outposts are not simulated).",
    ):
        new_cluster(
            "local",
            outpostConfig={
                "outpostArns": ["arn:aws:outposts:us-east-1:123456789012:outpost/op-1"],
                "controlPlaneInstanceType": "m5.large",
            },
        )


ENUMS = {
    "kubernetesNetworkConfig.ipFamily": "[ipv4, ipv6]",
    "accessConfig.authenticationMode": "[API, API_AND_CONFIG_MAP, CONFIG_MAP]",
    "upgradePolicy.supportType": "[STANDARD, EXTENDED]",
    "logging.clusterLogging.1.types": "[api, audit, authenticator, controllerManager, scheduler]",
    "controlPlaneScalingConfig.tier": "[standard, tier-xl, tier-2xl, tier-4xl, tier-8xl]",
}


@pytest.mark.parametrize(
    ("settings", "path", "value"),
    [
        (
            {"kubernetesNetworkConfig": {"ipFamily": "ipv5"}},
            "kubernetesNetworkConfig.ipFamily",
            "ipv5",
        ),
        ({"accessConfig": {"authenticationMode": "IAM"}}, "accessConfig.authenticationMode", "IAM"),
        ({"upgradePolicy": {"supportType": "LONG"}}, "upgradePolicy.supportType", "LONG"),
        (
            {"logging": {"clusterLogging": [{"types": ["kubelet"], "enabled": True}]}},
            "logging.clusterLogging.1.types",
            "kubelet",
        ),
        ({"controlPlaneScalingConfig": {"tier": "huge"}}, "controlPlaneScalingConfig.tier", "huge"),
    ],
)
def test_values_outside_an_enum_are_refused(new_cluster, raises_aws, settings, path, value):
    with raises_aws(
        "InvalidParameterException",
        400,
        f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy "
        f"constraint: Member must satisfy enum value set: {ENUMS[path]}",
    ):
        new_cluster("prod", **settings)


def test_a_log_type_cannot_be_both_enabled_and_disabled(new_cluster, raises_aws):
    logging = {
        "clusterLogging": [
            {"types": ["api"], "enabled": True},
            {"types": ["api", "audit"], "enabled": False},
        ]
    }
    with raises_aws(
        "InvalidParameterException", 400, "The log type api cannot be both enabled and disabled"
    ):
        new_cluster("prod", logging=logging)


def test_tag_rules_apply_on_create(new_cluster, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        400,
        "Tag keys starting with 'aws:' are reserved for AWS use: aws:owner",
    ):
        new_cluster("prod", tags={"aws:owner": "me"})
    with raises_aws(
        "InvalidParameterException",
        400,
        "1 validation error detected: Value '{...}' at 'tags' failed to satisfy constraint: "
        "Map value must have length less than or equal to 50",
    ):
        new_cluster("prod", tags={f"k{i}": "v" for i in range(51)})


def test_encryption_is_for_secrets_with_a_kms_key(new_cluster, raises_aws):
    with raises_aws(
        "InvalidParameterException",
        400,
        "Encryption can only be enabled for the resource 'secrets': set encryptionConfig "
        "resources to ['secrets']",
    ):
        new_cluster("prod", encryptionConfig=[{"resources": ["configmaps"], "provider": {}}])
    with raises_aws(
        "InvalidParameterException",
        400,
        "Invalid KMS key ARN: 'my-key'. Give the ARN of a KMS key "
        "(arn:aws:kms:<region>:<account>:key/<id>) or of an alias.",
    ):
        provider = {"keyArn": "my-key"}
        new_cluster("prod", encryptionConfig=[{"resources": ["secrets"], "provider": provider}])


def test_a_failed_create_leaves_nothing_behind(new_cluster, eks, eks_backend):
    with pytest.raises(eks.exceptions.InvalidParameterException):
        new_cluster("prod", version="1.0")

    assert eks.list_clusters()["clusters"] == []
    assert eks_backend.clusters == {}
    assert eks_backend.context.clock.pending() == 0
