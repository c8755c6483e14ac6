"""The services that can have a service-linked role: its name, its policy, custom suffixes.

Taken from the IAM User Guide's "AWS services that work with IAM" (the services
with "Yes" in its Service-linked roles column) and each service's own
"Using service-linked roles" page, which gives the role's name, the AWS managed
policy attached to it, and whether CreateServiceLinkedRole takes a CustomSuffix.
Only commonly used services are listed; CreateServiceLinkedRole refuses others.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class LinkedService:
    principal: str
    role_name: str
    policy: str
    """The AWS managed policy (under /aws-service-role/) the service attaches to its role."""
    custom_suffix: bool = False


SERVICES = {
    service.principal: service
    for service in (
        LinkedService(
            "autoscaling.amazonaws.com",
            "AWSServiceRoleForAutoScaling",
            "AutoScalingServiceRolePolicy",
            custom_suffix=True,
        ),
        LinkedService(
            "elasticloadbalancing.amazonaws.com",
            "AWSServiceRoleForElasticLoadBalancing",
            "AWSElasticLoadBalancingServiceRolePolicy",
        ),
        LinkedService("ecs.amazonaws.com", "AWSServiceRoleForECS", "AmazonECSServiceRolePolicy"),
        LinkedService(
            "eks.amazonaws.com", "AWSServiceRoleForAmazonEKS", "AmazonEKSServiceRolePolicy"
        ),
        LinkedService(
            "eks-nodegroup.amazonaws.com",
            "AWSServiceRoleForAmazonEKSNodegroup",
            "AWSServiceRoleForAmazonEKSNodegroup",
        ),
        LinkedService("rds.amazonaws.com", "AWSServiceRoleForRDS", "AmazonRDSServiceRolePolicy"),
        LinkedService(
            "elasticache.amazonaws.com",
            "AWSServiceRoleForElastiCache",
            "ElastiCacheServiceRolePolicy",
        ),
        LinkedService(
            "es.amazonaws.com",
            "AWSServiceRoleForAmazonElasticsearchService",
            "AmazonElasticsearchServiceRolePolicy",
        ),
        LinkedService(
            "opensearchservice.amazonaws.com",
            "AWSServiceRoleForAmazonOpenSearchService",
            "AmazonOpenSearchServiceRolePolicy",
        ),
        LinkedService(
            "spot.amazonaws.com", "AWSServiceRoleForEC2Spot", "AWSEC2SpotServiceRolePolicy"
        ),
        LinkedService(
            "spotfleet.amazonaws.com",
            "AWSServiceRoleForEC2SpotFleet",
            "AWSEC2SpotFleetServiceRolePolicy",
        ),
        LinkedService(
            "ec2fleet.amazonaws.com", "AWSServiceRoleForEC2Fleet", "AWSEC2FleetServiceRolePolicy"
        ),
        LinkedService(
            "organizations.amazonaws.com",
            "AWSServiceRoleForOrganizations",
            "AWSOrganizationsServiceTrustPolicy",
        ),
        LinkedService(
            "config.amazonaws.com", "AWSServiceRoleForConfig", "AWSConfigServiceRolePolicy"
        ),
        LinkedService(
            "cloudtrail.amazonaws.com", "AWSServiceRoleForCloudTrail", "CloudTrailServiceRolePolicy"
        ),
        LinkedService(
            "guardduty.amazonaws.com",
            "AWSServiceRoleForAmazonGuardDuty",
            "AmazonGuardDutyServiceRolePolicy",
        ),
        LinkedService(
            "securityhub.amazonaws.com",
            "AWSServiceRoleForSecurityHub",
            "AWSSecurityHubServiceRolePolicy",
        ),
        LinkedService(
            "ssm.amazonaws.com", "AWSServiceRoleForAmazonSSM", "AmazonSSMServiceRolePolicy"
        ),
        LinkedService(
            "support.amazonaws.com", "AWSServiceRoleForSupport", "AWSSupportServiceRolePolicy"
        ),
        LinkedService(
            "trustedadvisor.amazonaws.com",
            "AWSServiceRoleForTrustedAdvisor",
            "AWSTrustedAdvisorServiceRolePolicy",
        ),
        LinkedService(
            "redshift.amazonaws.com",
            "AWSServiceRoleForRedshift",
            "AmazonRedshiftServiceLinkedRolePolicy",
        ),
        LinkedService(
            "replication.dynamodb.amazonaws.com",
            "AWSServiceRoleForDynamoDBReplication",
            "DynamoDBReplicationServiceRolePolicy",
        ),
        LinkedService(
            "dynamodb.application-autoscaling.amazonaws.com",
            "AWSServiceRoleForApplicationAutoScaling_DynamoDBTable",
            "AWSApplicationAutoscalingDynamoDBTablePolicy",
        ),
        LinkedService(
            "ecs.application-autoscaling.amazonaws.com",
            "AWSServiceRoleForApplicationAutoScaling_ECSService",
            "AWSApplicationAutoscalingECSServicePolicy",
        ),
        LinkedService(
            "lex.amazonaws.com",
            "AWSServiceRoleForLexBots",
            "AmazonLexBotPolicy",
            custom_suffix=True,
        ),
        LinkedService(
            "channels.lex.amazonaws.com",
            "AWSServiceRoleForLexChannels",
            "LexChannelPolicy",
            custom_suffix=True,
        ),
    )
}
