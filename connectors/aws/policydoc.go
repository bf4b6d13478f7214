package aws

// ReadOnlyPolicy is the least IAM policy the live path needs: list and
// describe calls only. It grants no secretsmanager:GetSecretValue, no
// ssm:GetParameter and no lambda:GetFunction (which would return code and
// environment values); lambda:ListFunctions does return environment
// values, which convene drops on receipt except secret and parameter ARNs.
const ReadOnlyPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ConveneReadIAM",
      "Effect": "Allow",
      "Action": [
        "iam:GetAccountAuthorizationDetails",
        "iam:ListAccessKeys",
        "iam:GetAccessKeyLastUsed",
        "sts:GetCallerIdentity"
      ],
      "Resource": "*"
    },
    {
      "Sid": "ConveneReadConsumers",
      "Effect": "Allow",
      "Action": [
        "lambda:ListFunctions",
        "secretsmanager:ListSecrets",
        "ecs:ListTaskDefinitions",
        "ecs:DescribeTaskDefinition",
        "scheduler:ListSchedules",
        "scheduler:GetSchedule",
        "acm:ListCertificates",
        "acm:DescribeCertificate"
      ],
      "Resource": "*"
    }
  ]
}`
