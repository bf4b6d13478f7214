package graph

// NodeType names the concrete thing a node stands for (Node.Type). It is an
// alias of string so that Node, the graph file and every existing reader keep
// their shape; the constants below are the one place each type is spelled,
// and docs/graph-format.md lists them (a test keeps the two in step).
type NodeType = string

// The node types of the identity kind.
const (
	// TypeAWSRole is an IAM role.
	TypeAWSRole NodeType = "aws-role"
	// TypeAWSUser is an IAM user.
	TypeAWSUser NodeType = "aws-user"
	// TypeAWSGroup is an IAM group.
	TypeAWSGroup NodeType = "aws-group"
	// TypeAWSInstanceProfile is an EC2 instance profile wrapping a role.
	TypeAWSInstanceProfile NodeType = "aws-instance-profile"
	// TypeAWSAccountRoot is an account principal named in a trust policy.
	TypeAWSAccountRoot NodeType = "aws-account-root"
	// TypeAWSAnyone is the "Principal": "*" of a trust policy.
	TypeAWSAnyone NodeType = "aws-anyone"
	// TypeAWSService is an AWS service principal (lambda.amazonaws.com).
	TypeAWSService NodeType = "aws-service"
	// TypeAWSOIDCProvider is an IAM OIDC identity provider.
	TypeAWSOIDCProvider NodeType = "aws-oidc-provider"
	// TypeAWSSAMLProvider is an IAM SAML identity provider.
	TypeAWSSAMLProvider NodeType = "aws-saml-provider"
	// TypeAWSWebIdentityProvider is a web identity provider not in IAM (Cognito, Google).
	TypeAWSWebIdentityProvider NodeType = "aws-web-identity-provider"
	// TypeAWSProfile is an AWS CLI profile on a host.
	TypeAWSProfile NodeType = "aws-profile"
	// TypeUnknownPrincipal is a trust principal that could not be resolved (deleted, unparseable).
	TypeUnknownPrincipal NodeType = "unknown-principal"
	// TypeVaultAuthRole is a Vault auth method role.
	TypeVaultAuthRole NodeType = "vault-auth-role"
	// TypeVaultAuthUser is a Vault login known only from an audit trail (userpass, token display name).
	TypeVaultAuthUser NodeType = "vault-auth-user"
	// TypeK8sServiceAccount is a Kubernetes ServiceAccount.
	TypeK8sServiceAccount NodeType = "k8s-service-account"
	// TypeCIOIDCSubject is the OIDC subject a CI job presents.
	TypeCIOIDCSubject NodeType = "ci-oidc-subject"
	// TypeESOSecretStore is an External Secrets Operator SecretStore.
	TypeESOSecretStore NodeType = "eso-secret-store"
	// TypeGCPServiceAccount is a Google Cloud service account.
	TypeGCPServiceAccount NodeType = "gcp-service-account"
	// TypeGCPWorkloadIdentityProvider is a Google workload identity pool provider.
	TypeGCPWorkloadIdentityProvider NodeType = "gcp-workload-identity-provider"
	// TypeAzureApp is an Azure AD application a CI job logs in as.
	TypeAzureApp NodeType = "azure-app"
	// TypeAzureManagedIdentity is an Azure managed identity (workload identity target).
	TypeAzureManagedIdentity NodeType = "azure-managed-identity"
)

// The node types of the credential kind.
const (
	// TypeAWSAccessKey is an IAM access key, named by its key ID.
	TypeAWSAccessKey NodeType = "aws-access-key"
	// TypeUnresolvedAWSAccessKey is an access key known only as a CI secret's content.
	TypeUnresolvedAWSAccessKey NodeType = "unresolved-aws-access-key"
	// TypeAWSSecret is a Secrets Manager secret.
	TypeAWSSecret NodeType = "aws-secret"
	// TypeAWSSSMParameter is an SSM Parameter Store parameter.
	TypeAWSSSMParameter NodeType = "aws-ssm-parameter"
	// TypeVaultKVSecret is a Vault KV secret (v1 or v2).
	TypeVaultKVSecret NodeType = "vault-kv-secret"
	// TypeVaultDynamicRole is a Vault database or AWS engine role handing out credentials.
	TypeVaultDynamicRole NodeType = "vault-dynamic-role"
	// TypeCISecret is a CI secret or variable held by the CI system.
	TypeCISecret NodeType = "ci-secret"
	// TypeCIToken is the job token a CI system hands every job (GITHUB_TOKEN).
	TypeCIToken NodeType = "ci-token"
	// TypeJenkinsCredential is a Jenkins credential.
	TypeJenkinsCredential NodeType = "jenkins-credential"
	// TypeK8sSecret is a Kubernetes Secret.
	TypeK8sSecret NodeType = "k8s-secret"
	// TypeK8sSecretProviderClass is a Secrets Store CSI SecretProviderClass.
	TypeK8sSecretProviderClass NodeType = "k8s-secret-provider-class"
	// TypeEnvFile is a credential or environment file on a host.
	TypeEnvFile NodeType = "env-file"
	// TypeEnvVar is an environment variable given to an MCP server.
	TypeEnvVar NodeType = "env-var"
	// TypeCertificate is a certificate or a PKI role issuing one.
	TypeCertificate NodeType = "certificate"
	// TypeGCPSecret is a Google Secret Manager secret.
	TypeGCPSecret NodeType = "gcp-secret"
	// TypeAzureKeyVaultSecret is an Azure Key Vault secret.
	TypeAzureKeyVaultSecret NodeType = "azure-key-vault-secret"
	// TypePromptedSecret is a VS Code input that asks for a secret.
	TypePromptedSecret NodeType = "prompted-secret"
	// TypePromptedInput is a VS Code input used as a credential that is not marked secret.
	TypePromptedInput NodeType = "prompted-input"
)

// The node types of the policy kind.
const (
	// TypeAWSManagedPolicy is an IAM managed policy.
	TypeAWSManagedPolicy NodeType = "aws-managed-policy"
	// TypeAWSInlinePolicy is an IAM inline policy of a role, user or group.
	TypeAWSInlinePolicy NodeType = "aws-inline-policy"
	// TypeVaultPolicy is a Vault ACL policy.
	TypeVaultPolicy NodeType = "vault-policy"
)

// The node types of the workload kind.
const (
	// TypeCIWorkflow is a CI workflow or pipeline file (GitHub Actions, GitLab CI, Jenkinsfile).
	TypeCIWorkflow NodeType = "ci-workflow"
	// TypeCIJob is one job of a CI workflow.
	TypeCIJob NodeType = "ci-job"
	// TypeAIAgent is a CI job that runs a coding or review agent.
	TypeAIAgent NodeType = "ai-agent"
	// TypeMCPServer is an MCP server configured for an agent or editor.
	TypeMCPServer NodeType = "mcp-server"
	// TypeCronJob is a crontab line, anacron job or run-parts script.
	TypeCronJob NodeType = "cron-job"
	// TypeSystemdService is a systemd service unit.
	TypeSystemdService NodeType = "systemd-service"
	// TypeSystemdTimer is a systemd timer unit.
	TypeSystemdTimer NodeType = "systemd-timer"
	// TypeK8sWorkload is a Kubernetes workload (Deployment, CronJob, Job, ExternalSecret, …; attribute kind says which).
	TypeK8sWorkload NodeType = "k8s-workload"
	// TypeLambda is an AWS Lambda function.
	TypeLambda NodeType = "lambda"
	// TypeECSTask is an ECS task definition.
	TypeECSTask NodeType = "ecs-task"
	// TypeEventBridgeSchedule is an EventBridge schedule or rule.
	TypeEventBridgeSchedule NodeType = "eventbridge-schedule"
	// TypeAWSResource is an AWS resource a policy names that is not otherwise typed.
	TypeAWSResource NodeType = "aws-resource"
	// TypeObservedClient is a consumer seen only in an audit trail.
	TypeObservedClient NodeType = "observed-client"
	// TypeObservedUse is an observation carrier; the link rule resolves it and it never reaches a finished graph.
	TypeObservedUse NodeType = "observed-use"
	// TypeService is a Backstage component.
	TypeService NodeType = "service"
	// TypeResource is a Backstage resource.
	TypeResource NodeType = "resource"
	// TypeAPI is a Backstage API.
	TypeAPI NodeType = "api"
)

// The node types of the owner kind.
const (
	// TypeTeam is a team (owners file, CODEOWNERS team, Backstage group).
	TypeTeam NodeType = "team"
	// TypePerson is a person (owners file, CODEOWNERS user, Backstage user).
	TypePerson NodeType = "person"
)

// The node types of the location kind.
const (
	// TypeAWSAccount is an AWS account.
	TypeAWSAccount NodeType = "aws-account"
	// TypeVaultMount is a Vault secrets engine or auth method mount.
	TypeVaultMount NodeType = "vault-mount"
	// TypeGitRepo is a Git repository.
	TypeGitRepo NodeType = "git-repo"
	// TypeHost is a host whose files were scanned.
	TypeHost NodeType = "host"
	// TypeK8sCluster is a Kubernetes cluster.
	TypeK8sCluster NodeType = "k8s-cluster"
	// TypeK8sNamespace is a Kubernetes namespace.
	TypeK8sNamespace NodeType = "k8s-namespace"
	// TypeBackstageSystem is a Backstage system.
	TypeBackstageSystem NodeType = "backstage-system"
	// TypeBackstageDomain is a Backstage domain.
	TypeBackstageDomain NodeType = "backstage-domain"
)
