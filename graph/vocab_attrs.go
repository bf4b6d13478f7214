package graph

// AttrKey names a node or edge attribute (Node.Attrs, Edge.Attrs) that
// connectors write and more than one package reads. Like NodeType it is an
// alias of string, so graph files keep their format; docs/graph-format.md
// lists every key (a test keeps the two in step).
type AttrKey = string

// Attribute key prefixes: the rest of the key is the name the source used.
const (
	// AttrTagPrefix starts a cloud tag, Vault custom_metadata entry or Kubernetes label.
	AttrTagPrefix AttrKey = "tag."
	// AttrAnnotationPrefix starts a Kubernetes annotation.
	AttrAnnotationPrefix AttrKey = "annotation."
	// AttrVarPrefix starts a GitHub Actions variable set on an organisation, repository or environment.
	AttrVarPrefix AttrKey = "var."
)

// Node attributes shared across packages.
const (
	// AttrUnresolved lists the raw text of the references a connector could not resolve, a JSON array.
	AttrUnresolved AttrKey = "unresolved"
	// AttrKind is a Kubernetes object's kind (Deployment, CronJob, ExternalSecret, …).
	AttrKind AttrKey = "kind"
	// AttrIAMRead is "true" on an AWS account whose IAM was read, absent when only referenced.
	AttrIAMRead AttrKey = "iam_read"
	// AttrReferencedOnly is "true" on an owner only a hint names.
	AttrReferencedOnly AttrKey = "referenced_only"
	// AttrRoles lists an owner's roles in a change (application-owner, incident-response), a JSON array.
	AttrRoles AttrKey = "roles"
	// AttrEmail is a person's e-mail address.
	AttrEmail AttrKey = "email"
	// AttrAliases lists an owner's other names (handles, catalog refs), a JSON array.
	AttrAliases AttrKey = "aliases"
	// AttrNamedBy lists the sources that name a referenced-only owner, a JSON array.
	AttrNamedBy AttrKey = "named_by"
	// AttrMailTo is a cron job's MAILTO addresses, comma-separated as crontab writes them.
	AttrMailTo AttrKey = "mailto"
	// AttrOwner is the owner reference a catalog entity names (spec.owner).
	AttrOwner AttrKey = "owner"
	// AttrRepository is the repository a catalog entity names.
	AttrRepository AttrKey = "repository"
	// AttrBackstageRef is a Backstage entity's reference (kind:namespace/name).
	AttrBackstageRef AttrKey = "backstage_ref"
	// AttrOwnerRules holds the owners file's rules on its scan root's node, a JSON array.
	AttrOwnerRules AttrKey = "owner_rules"
	// AttrCodeownersRules holds a repository's CODEOWNERS rules, a JSON array.
	AttrCodeownersRules AttrKey = "codeowners_rules"
	// AttrSuppressions holds the owners file's finding suppressions, a JSON array.
	AttrSuppressions AttrKey = "suppressions"
	// AttrHardcodedCredentials holds the inline-secret records of a file, a JSON array of {key, fingerprint, file, line}.
	AttrHardcodedCredentials AttrKey = "hardcoded_credentials"
	// AttrStatus is an access key's status (Active, Inactive).
	AttrStatus AttrKey = "status"
	// AttrCreated is when a credential was created (RFC 3339).
	AttrCreated AttrKey = "created"
	// AttrLastRotated is when a credential was last rotated (RFC 3339).
	AttrLastRotated AttrKey = "last_rotated"
	// AttrLastUsed is when a credential was last used (RFC 3339, or "never").
	AttrLastUsed AttrKey = "last_used"
	// AttrRotationEnabled is "true" when the store rotates the secret itself.
	AttrRotationEnabled AttrKey = "rotation_enabled"
	// AttrRotationPeriod is a Vault static role's rotation period.
	AttrRotationPeriod AttrKey = "rotation_period"
	// AttrRotationSchedule is a Vault static role's rotation schedule.
	AttrRotationSchedule AttrKey = "rotation_schedule"
	// AttrPasswordEnabled is "true" on an IAM user with a console password.
	AttrPasswordEnabled AttrKey = "password_enabled"
	// AttrDocument is a policy's document, JSON text.
	AttrDocument AttrKey = "document"
	// AttrEnvironment is the deployment environment a CI job names.
	AttrEnvironment AttrKey = "environment"
	// AttrWorkflow is the workflow file a CI job belongs to.
	AttrWorkflow AttrKey = "workflow"
	// AttrPermissions lists a CI job's token permissions (scope:level, or write-all, read-all, none, default), a JSON array.
	AttrPermissions AttrKey = "permissions"
	// AttrRunsOnSchedule is "true" on a CI workflow or job a schedule starts.
	AttrRunsOnSchedule AttrKey = "runs_on_schedule"
	// AttrScheduleKind is how a Jenkins pipeline is scheduled (cron, pollSCM).
	AttrScheduleKind AttrKey = "schedule_kind"
	// AttrUntrustedTriggers lists a workflow's triggers an outsider can start, a JSON array.
	AttrUntrustedTriggers AttrKey = "untrusted_triggers"
	// AttrOIDCSubjects lists the OIDC subjects a CI job can present, a JSON array.
	AttrOIDCSubjects AttrKey = "oidc_subjects"
	// AttrAgent names the coding or review agent an ai-agent job runs.
	AttrAgent AttrKey = "agent"
	// AttrAgentCanWrite is "true" when an agent's token can write to the repository.
	AttrAgentCanWrite AttrKey = "agent_can_write"
	// AttrAgentActorCheck says how an agent job checks who started it.
	AttrAgentActorCheck AttrKey = "agent_actor_check"
	// AttrAgentPersonalToken names a personal token an agent job is given.
	AttrAgentPersonalToken AttrKey = "agent_personal_token"
	// AttrAgentMCPConfig is the MCP configuration an agent job loads.
	AttrAgentMCPConfig AttrKey = "agent_mcp_config"
	// AttrConfig is the file an MCP server is configured in, relative to its repository or host.
	AttrConfig AttrKey = "config"
	// AttrScope is an MCP configuration's scope (project, user).
	AttrScope AttrKey = "scope"
	// AttrDataStores lists the data stores an MCP server reaches, a JSON array.
	AttrDataStores AttrKey = "data_stores"
	// AttrBoundSubject is the subject a Vault JWT role requires.
	AttrBoundSubject AttrKey = "bound_subject"
	// AttrAuthMethod is a Vault auth role's method (jwt, kubernetes, aws, approle).
	AttrAuthMethod AttrKey = "auth_method"
	// AttrBoundClaims is a Vault JWT role's bound claims, JSON text.
	AttrBoundClaims AttrKey = "bound_claims"
	// AttrBoundClaimsType is how a Vault JWT role matches bound claims (string, glob).
	AttrBoundClaimsType AttrKey = "bound_claims_type"
	// AttrBoundIAMPrincipalARN lists the IAM principals a Vault AWS role admits, a JSON array.
	AttrBoundIAMPrincipalARN AttrKey = "bound_iam_principal_arn"
	// AttrBoundServiceAccountNames lists the service accounts a Vault Kubernetes role admits, a JSON array.
	AttrBoundServiceAccountNames AttrKey = "bound_service_account_names"
	// AttrBoundServiceAccountNamespaces lists the namespaces a Vault Kubernetes role admits, a JSON array.
	AttrBoundServiceAccountNamespaces AttrKey = "bound_service_account_namespaces"
	// AttrServiceAccount is the service account a Kubernetes workload runs as.
	AttrServiceAccount AttrKey = "service_account"
	// AttrPrincipal is the principal an observed client or policy attachment names.
	AttrPrincipal AttrKey = "principal"
	// AttrAddresses lists the source addresses an observed client came from, a JSON array.
	AttrAddresses AttrKey = "addresses"
	// AttrUserAgentFamily is the user-agent family an observed client used.
	AttrUserAgentFamily AttrKey = "user_agent_family"
	// AttrRules holds a policy's or role's rules as written, a JSON array (Vault: {path, capabilities, line}).
	AttrRules AttrKey = "rules"
	// AttrPath is the path a source gives a node (a workflow file, a Vault secret, an IAM path).
	AttrPath AttrKey = "path"
	// AttrHost is the host an MCP configuration or an observed client was found on.
	AttrHost AttrKey = "host"
	// AttrTriggers lists the events that start a CI workflow, a JSON array.
	AttrTriggers AttrKey = "triggers"
	// AttrSchedules lists a CI workflow's or pipeline's cron schedules, a JSON array.
	AttrSchedules AttrKey = "schedules"
	// AttrAgentGuard lists what an ai-agent job's condition checks, a JSON array.
	AttrAgentGuard AttrKey = "agent_guard"
	// AttrAWSProfile is the AWS profile an MCP server is configured with.
	AttrAWSProfile AttrKey = "aws_profile"
	// AttrTrustPolicy is an IAM role's trust policy document, JSON text.
	AttrTrustPolicy AttrKey = "trust_policy"
	// AttrPrivilege is "admin" on a policy a connector knows grants administrator access.
	AttrPrivilege AttrKey = "privilege"
	// AttrNeverUsed is "true" on an access key that has never been used.
	AttrNeverUsed AttrKey = "never_used"
	// AttrMount is the Vault mount a role or secret lives under.
	AttrMount AttrKey = "mount"
	// AttrEngine is the secrets engine behind a Vault role, secret or certificate issuer (pki, kv-v2, …).
	AttrEngine AttrKey = "engine"
	// AttrRoot is "true" on a Vault policy with root privileges.
	AttrRoot AttrKey = "root"
	// AttrCurrentVersion is a versioned secret's current version.
	AttrCurrentVersion AttrKey = "current_version"
	// AttrCertSource is where a certificate comes from (acm, iam-server-certificate, cert-manager).
	AttrCertSource AttrKey = "cert_source"
	// AttrNotAfter is when a certificate expires (RFC 3339).
	AttrNotAfter AttrKey = "not_after"
	// AttrRenewal is how a certificate is renewed (automatic, manual).
	AttrRenewal AttrKey = "renewal"
	// AttrRenewalTime is when cert-manager next renews a certificate (RFC 3339).
	AttrRenewalTime AttrKey = "renewal_time"
	// AttrRenewBefore is how long before expiry cert-manager renews a certificate (a duration).
	AttrRenewBefore AttrKey = "renew_before"
	// AttrDNSNames lists a certificate's DNS names, a JSON array.
	AttrDNSNames AttrKey = "dns_names"
	// AttrIsCA is "true" on a certificate that is a certificate authority.
	AttrIsCA AttrKey = "is_ca"
	// AttrKeystores lists the keystores cert-manager writes into a certificate's Secret, a JSON array.
	AttrKeystores AttrKey = "keystores"
	// AttrAllowedDomains lists the domains a Vault PKI role may issue for, a JSON array.
	AttrAllowedDomains AttrKey = "allowed_domains"
	// AttrAllowSubdomains is "true" when a Vault PKI role may issue for subdomains of its allowed domains.
	AttrAllowSubdomains AttrKey = "allow_subdomains"
	// AttrAllowAnyName is "true" when a Vault PKI role may issue for any name.
	AttrAllowAnyName AttrKey = "allow_any_name"
	// AttrAllowGlobDomains is "true" when a Vault PKI role's allowed domains may be globs.
	AttrAllowGlobDomains AttrKey = "allow_glob_domains"
)

// Edge attributes shared across packages.
const (
	// AttrDelivery is how a consumer gets a credential: DeliveryPerRun or DeliveryAtStart.
	AttrDelivery AttrKey = "delivery"
	// AttrVia names the mechanism behind an edge (vault-agent, managed, external-secrets, …).
	AttrVia AttrKey = "via"
	// AttrRefresh is "start" when Vault Agent renders a secret once at start-up.
	AttrRefresh AttrKey = "refresh"
	// AttrRefreshInterval is how often a controller re-syncs a copy.
	AttrRefreshInterval AttrKey = "refresh_interval"
	// AttrSyncedBy names the controller that keeps a copy in sync.
	AttrSyncedBy AttrKey = "synced_by"
	// AttrEnv lists the environment variables a credential is delivered in, a JSON array.
	AttrEnv AttrKey = "env"
	// AttrAWSAccessKey is "true" on a uses edge whose secret holds an AWS access key.
	AttrAWSAccessKey AttrKey = "aws_access_key"
	// AttrConditionSub is a trust policy's sub condition value.
	AttrConditionSub AttrKey = "condition.sub"
	// AttrConditionSubOperator is the operator of a trust policy's sub condition.
	AttrConditionSubOperator AttrKey = "condition.sub.operator"
	// AttrOIDCSubCondition says how a trust constrains the OIDC subject (none, wildcard, …).
	AttrOIDCSubCondition AttrKey = "oidc_sub_condition"
	// AttrCapabilities lists the Vault capabilities a grant gives, a JSON array.
	AttrCapabilities AttrKey = "capabilities"
	// AttrCondition is a policy statement's condition, JSON text.
	AttrCondition AttrKey = "condition"
	// AttrReload is "command" when Vault Agent runs a command after each render, so the consumer re-reads the secret.
	AttrReload AttrKey = "reload"
	// AttrRotation is "true" on an edge synced by the Secrets Store CSI driver when the driver's rotation is recorded.
	AttrRotation AttrKey = "rotation"
	// AttrRule names the rule that derived an edge (a link or access rule).
	AttrRule AttrKey = "rule"
	// AttrRole is the role an owned-by edge gives its owner (required-reviewer, …).
	AttrRole AttrKey = "role"
)

// Delivery values of AttrDelivery.
const (
	// DeliveryPerRun: the consumer fetches the credential on every run.
	DeliveryPerRun = "per-run"
	// DeliveryAtStart: the credential is injected when the workload starts.
	DeliveryAtStart = "at-start"
)

// ScheduledConsumer reports whether a node of this type runs to completion
// on a schedule or trigger, and so fetches its credentials on every run.
// A Kubernetes CronJob or Job is a k8s-workload; its AttrKind says so.
func ScheduledConsumer(typ NodeType) bool {
	switch typ {
	case TypeCIJob, TypeAIAgent, TypeCIWorkflow, TypeCronJob, TypeSystemdService, TypeSystemdTimer, TypeEventBridgeSchedule:
		return true
	}
	return false
}

// InPlaceStore reports whether consumers of a credential of this type read
// it from the store a rotation updates (a CI secret, a Kubernetes Secret, a
// Jenkins credential, an env file), rather than from a copy of their own.
func InPlaceStore(typ NodeType) bool {
	switch typ {
	case TypeCISecret, TypeK8sSecret, TypeJenkinsCredential, TypeEnvFile:
		return true
	}
	return false
}

// TrustPrincipal reports whether a node type stands for a principal named in
// a trust policy rather than something that runs.
func TrustPrincipal(typ NodeType) bool {
	switch typ {
	case TypeAWSOIDCProvider, TypeAWSSAMLProvider, TypeAWSWebIdentityProvider, TypeAWSAccountRoot, TypeAWSAnyone, TypeAWSService:
		return true
	}
	return false
}

// DeliveryOf returns the delivery an edge states outright (its
// AttrDelivery), and "" when the edge does not say. What other attributes
// imply (a Vault Agent's refresh and reload, the consumer's kind) is the
// planner's reading, since it depends on the consumer too.
func DeliveryOf(e Edge) string {
	switch d := e.Attrs[AttrDelivery]; d {
	case DeliveryPerRun, DeliveryAtStart:
		return d
	}
	return ""
}
