// Package synth generates synthetic estates: seeded, deterministic graphs
// shaped like a real company's non-human identities, for benchmarks and
// scale tests of everything downstream of the graph.
//
// An estate is a set of teams, each owning applications. An application has
// a repository with CI workflows and jobs, a deploy role, a Kubernetes
// workload with its service account and Vault auth role, a Vault policy and
// secrets, and sometimes a Lambda, a cron job, a Secrets Manager secret or a
// legacy IAM access key copied into CI. Shared secrets, AWS managed policies
// and organisation CI secrets are picked with a Zipf distribution, so a few
// are used almost everywhere and most by few, as in real estates.
//
// Edges follow the graph's rule: A -> B means A depends on B. IDs are spelt
// as docs/ids.md says real connectors spell them.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Org is the GitHub organisation and domain of every generated estate.
const Org = "acme"

// HotSecret is the ID of the most widely granted secret in every generated
// estate: the natural target for a worst-case impact query.
const HotSecret = "vault:secret/shared/datadog/api-key"

// Connector is the connector named in every generated evidence.
const Connector = "synth"

// Generate emits a synthetic estate of about nodes nodes (never fewer, and at
// most a few dozen more, except that even a tiny estate has its fixed
// infrastructure of about fifty nodes), with about three edges per node.
//
// The same seed and size always emit the same nodes and edges in the same
// order. Every node is emitted once; every edge is emitted once, after both
// of its ends, so emitNode and emitEdge may stream into a Builder, a file or
// a counter. Each node and edge has maps and slices of its own, which the
// receiver may keep. Nothing is retained between calls, and the generator's
// own memory is small beside what it emits.
func Generate(seed int64, nodes int, emitNode func(graph.Node), emitEdge func(graph.Edge)) {
	g := &gen{
		r:          rand.New(rand.NewPCG(uint64(seed), 0x5eedc0de)),
		emitNode:   emitNode,
		emitEdge:   emitEdge,
		namespaces: make(map[[2]int]string),
		people:     make(map[string]int),
	}
	g.infra(nodes)
	for g.nodes < nodes {
		g.app()
	}
}

// Build generates an estate as Generate does and builds it into a Graph.
func Build(seed int64, nodes int) *graph.Graph {
	b := graph.NewBuilder()
	Generate(seed, nodes, b.AddNode, b.AddEdge)
	return b.Build()
}

// gen holds what later parts of the estate refer to: infrastructure, teams
// and the services other services may call.
type gen struct {
	r        *rand.Rand
	emitNode func(graph.Node)
	emitEdge func(graph.Edge)
	nodes    int

	accounts   []string // 12-digit AWS account IDs
	kvMounts   []string // KV mount names
	clusters   []string
	hosts      []string
	teams      []*team
	shared     []string // shared secret IDs, most popular first
	common     string   // the Vault policy granting the commonest shared secrets
	managed    []string // AWS managed policy ARNs, most popular first
	orgSecrets []string // organisation CI secret IDs, most popular first
	services   []string // Kubernetes workload IDs, oldest first
	namespaces map[[2]int]string
	people     map[string]int

	zShared, zManaged, zOrg *rand.Zipf
}

type team struct {
	index   int
	name    string
	id      string
	account string
	persons []string
	apps    int
}

func (g *gen) add(n graph.Node, src string, line int, basis graph.Basis) {
	n.Evidence = []graph.Evidence{{Connector: Connector, Source: src, Line: line, Basis: basis}}
	g.nodes++
	g.emitNode(n)
}

func (g *gen) link(from, to string, kind graph.EdgeKind, src string, basis graph.Basis, attrs map[string]string) {
	g.emitEdge(graph.Edge{From: from, To: to, Kind: kind, Attrs: attrs,
		Evidence: []graph.Evidence{{Connector: Connector, Source: src, Basis: basis}}})
}

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// between returns a number in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// skewed picks an index below n, favouring small ones: the oldest services
// are the ones most called.
func (g *gen) skewed(n int) int { return int(float64(n) * math.Pow(g.r.Float64(), 3)) }

// own gives id an owner 92 times in 100, usually the team and sometimes one
// of its people; with the infrastructure nobody claims, about a tenth of the
// estate ends up unowned, as in real ones.
func (g *gen) own(id string, t *team, src string) {
	switch u := g.r.Float64(); {
	case u < 0.08:
	case u < 0.82:
		g.link(id, t.id, graph.OwnedBy, src, graph.Declared, nil)
	default:
		g.link(id, t.persons[g.r.IntN(len(t.persons))], graph.OwnedBy, src, graph.Declared, nil)
	}
}

// pickDistinct draws up to k distinct values from z, which yields indices
// into ids.
func pickDistinct(z *rand.Zipf, ids []string, k int) []string {
	var out []string
	for range k {
		id := ids[z.Uint64()]
		if !contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func accountID(acct string) string     { return "aws-account:" + acct }
func mountID(path string) string       { return "vault:sys/mounts/" + path }
func authMountID(path string) string   { return "vault:sys/auth/" + path }
func repoID(name string) string        { return "github.com/" + Org + "/" + name }
func iamSource(acct string) string     { return "iam:GetAccountAuthorizationDetails@" + acct }
func vaultPolicyID(name string) string { return "vault:sys/policies/acl/" + name }
func orgSecretID(name string) string {
	return "github.com/" + Org + "/secrets/" + name
}

var (
	regions     = []string{"eu-west-1", "us-east-1", "eu-central-1", "us-west-2", "ap-southeast-2"}
	teamWords   = []string{"payments", "checkout", "search", "identity", "billing", "ledger", "catalog", "pricing", "fraud", "risk", "growth", "platform", "data", "ml", "mobile", "web", "notifications", "messaging", "shipping", "inventory", "orders", "accounts", "support", "analytics", "ads", "reporting", "security", "infra", "devex", "observability"}
	appWords    = []string{"api", "worker", "web", "ingest", "scheduler", "gateway", "sync", "export", "importer", "consumer", "publisher", "admin", "reconciler", "indexer", "cache", "auth", "notifier", "router", "backfill", "etl"}
	secretWords = []string{"db", "api-key", "tls", "redis", "s3", "kafka", "smtp", "oauth-client", "webhook", "signing-key"}
	firstNames  = []string{"ana", "ben", "chloe", "dev", "emma", "farid", "grace", "hugo", "ines", "jon", "kai", "lena", "marc", "nora", "omar", "priya", "quinn", "rosa", "sam", "tariq", "uma", "vik", "wen", "yusuf", "zoe"}
	lastNames   = []string{"smith", "garcia", "chen", "okafor", "muller", "rossi", "kowalski", "silva", "nguyen", "patel", "jensen", "dubois", "tanaka", "murphy", "haddad", "novak"}
	// The head of the shared-secret distribution; HotSecret comes first.
	sharedNames = []string{"datadog/api-key", "sentry/dsn", "slack/webhook", "pagerduty/token", "artifactory/token", "github/app-key", "launchdarkly/sdk-key", "segment/write-key", "stripe/api-key", "twilio/auth-token"}
	// Real AWS managed policies, the commonest first.
	awsManaged     = []string{"service-role/AWSLambdaBasicExecutionRole", "ReadOnlyAccess", "AmazonS3ReadOnlyAccess", "AmazonEC2ContainerRegistryPowerUser", "CloudWatchAgentServerPolicy", "AmazonSSMManagedInstanceCore", "AmazonDynamoDBFullAccess", "AmazonSQSFullAccess", "SecretsManagerReadWrite", "AdministratorAccess", "AmazonS3FullAccess", "AWSXRayDaemonWriteAccess"}
	orgSecretNames = []string{"SONAR_TOKEN", "NPM_TOKEN", "DOCKERHUB_TOKEN", "SLACK_WEBHOOK_URL", "CODECOV_TOKEN", "SNYK_TOKEN", "RENOVATE_TOKEN"}
	cronExprs      = []string{"*/15 * * * *", "0 */6 * * *", "30 2 * * 1-5", "@daily", "@hourly", "0 0 1 * *"}
	zones          = []string{"", "UTC", "Europe/London", "America/New_York", "Europe/Berlin"}
)

// infra emits what applications share, sized to the estate: accounts,
// mounts, clusters, hosts, teams and their people, shared secrets and
// policies.
func (g *gen) infra(n int) {
	seen := make(map[string]bool)
	for len(g.accounts) < 2+n/20000 {
		acct := fmt.Sprintf("%012d", 100000000000+g.r.Int64N(900000000000))
		if seen[acct] {
			continue
		}
		seen[acct] = true
		g.accounts = append(g.accounts, acct)
		g.add(graph.Node{ID: accountID(acct), Kind: graph.Location, Type: "aws-account", Name: acct},
			"organizations:ListAccounts", 0, graph.Configured)
	}
	for i := range 1 + n/250000 {
		name := "secret"
		if i > 0 {
			name = fmt.Sprintf("kv-%s", regions[(i-1)%len(regions)])
			if i > len(regions) {
				name += fmt.Sprint(i)
			}
		}
		g.kvMounts = append(g.kvMounts, name)
		g.add(graph.Node{ID: mountID(name), Kind: graph.Location, Type: "vault-mount", Name: name,
			Attrs: map[string]string{"type": "kv", "version": "2"}}, "vault:sys/mounts", 0, graph.Configured)
	}
	for _, m := range []string{"jwt", "approle"} {
		g.add(graph.Node{ID: authMountID(m), Kind: graph.Location, Type: "vault-mount", Name: m}, "vault:sys/auth", 0, graph.Configured)
	}
	for i := range 1 + n/100000 {
		c := fmt.Sprintf("prod-%s-%d", regions[i%len(regions)], 1+i/len(regions))
		g.clusters = append(g.clusters, c)
		g.add(graph.Node{ID: authMountID("kubernetes-" + c), Kind: graph.Location, Type: "vault-mount", Name: "kubernetes-" + c},
			"vault:sys/auth", 0, graph.Configured)
	}
	for i := range 1 + n/2000 {
		h := fmt.Sprintf("batch-%03d", i)
		g.hosts = append(g.hosts, h)
		g.add(graph.Node{ID: "host:" + h, Kind: graph.Location, Type: "host", Name: h}, "inventory/hosts.yaml", i+1, graph.Declared)
	}
	for i := range 2 + n/400 {
		g.addTeam(i)
	}
	g.sharedInfra(n)
}

func (g *gen) addTeam(i int) {
	name := teamWords[i%len(teamWords)]
	if i >= len(teamWords) {
		name = fmt.Sprintf("%s-%d", name, i/len(teamWords)+1)
	}
	t := &team{index: i, name: name, id: "team:" + name, account: g.accounts[g.r.IntN(len(g.accounts))]}
	g.add(graph.Node{ID: t.id, Kind: graph.Owner, Type: "team", Name: name}, "github.com/"+Org+"/teams", i+1, graph.Declared)
	for range g.between(3, 12) {
		p := firstNames[g.r.IntN(len(firstNames))] + "." + lastNames[g.r.IntN(len(lastNames))]
		g.people[p]++
		if k := g.people[p]; k > 1 {
			p += fmt.Sprint(k)
		}
		id := "person:" + p + "@example.com"
		t.persons = append(t.persons, id)
		g.add(graph.Node{ID: id, Kind: graph.Owner, Type: "person", Name: p,
			Attrs: map[string]string{"team": name}}, "github.com/"+Org+"/teams/"+name+"/members", len(t.persons), graph.Declared)
	}
	g.teams = append(g.teams, t)
}

// sharedInfra emits the secrets, policies and CI secrets many applications
// share, and the Zipf distributions that pick among them.
func (g *gen) sharedInfra(n int) {
	platform := g.teams[0]
	for i := range 10 + n/2000 {
		name := fmt.Sprintf("vendor-%d/token", i)
		if i < len(sharedNames) {
			name = sharedNames[i]
		}
		id := "vault:secret/shared/" + name
		g.shared = append(g.shared, id)
		g.add(graph.Node{ID: id, Kind: graph.Credential, Type: "vault-kv-secret", Name: name},
			"vault:secret/metadata/shared/"+name, 0, graph.Configured)
		g.link(id, mountID("secret"), graph.PartOf, "vault:sys/mounts", graph.Configured, nil)
		g.own(id, platform, "vault:secret/metadata/shared/"+name)
	}
	g.common = vaultPolicyID("common")
	g.add(graph.Node{ID: g.common, Kind: graph.Policy, Type: "vault-policy", Name: "common"}, g.common, 0, graph.Configured)
	for _, s := range g.shared[:3] {
		g.link(g.common, s, graph.Grants, g.common, graph.Configured, nil)
	}
	g.own(g.common, platform, "github.com/"+Org+"/vault-config/CODEOWNERS")
	for _, p := range awsManaged {
		id := "arn:aws:iam::aws:policy/" + p
		g.managed = append(g.managed, id)
		g.add(graph.Node{ID: id, Kind: graph.Policy, Type: "aws-managed-policy", Name: path.Base(p)},
			"iam:ListPolicies", 0, graph.Configured)
	}
	for i := range 5 + n/20000 {
		name := fmt.Sprintf("VENDOR_%d_TOKEN", i)
		if i < len(orgSecretNames) {
			name = orgSecretNames[i]
		}
		id := orgSecretID(name)
		g.orgSecrets = append(g.orgSecrets, id)
		g.add(graph.Node{ID: id, Kind: graph.Credential, Type: "ci-secret", Name: name,
			Attrs: map[string]string{"visibility": "all"}}, "github:GET /orgs/"+Org+"/actions/secrets", 0, graph.Configured)
		g.own(id, platform, "github:GET /orgs/"+Org+"/actions/secrets")
	}
	g.zShared = rand.NewZipf(g.r, 1.1, 1, uint64(len(g.shared)-1))
	g.zManaged = rand.NewZipf(g.r, 1.3, 1, uint64(len(g.managed)-1))
	g.zOrg = rand.NewZipf(g.r, 1.2, 1, uint64(len(g.orgSecrets)-1))
}

// app holds one application's IDs while its parts are emitted.
type app struct {
	t         *team
	name      string
	acct      string
	region    string
	repo      string
	catalog   string   // the file that declares the application's owner
	policy    string   // its Vault policy
	secrets   []string // its Vault secrets
	shared    []string // shared secrets its Vault policy grants
	awsPolicy string   // its customer managed IAM policy, or ""
	awsSecret string   // its Secrets Manager secret, or ""
	key       string   // a legacy IAM access key, or ""
}

// app emits one application, for a team picked with a skew so that a few
// teams own many applications and most own a handful.
func (g *gen) app() {
	t := g.teams[int(float64(len(g.teams))*math.Pow(g.r.Float64(), 1.5))]
	t.apps++
	name := t.name + "-" + appWords[(t.apps-1)%len(appWords)]
	if t.apps > len(appWords) {
		name += fmt.Sprint((t.apps-1)/len(appWords) + 1)
	}
	a := &app{t: t, name: name, acct: t.account, region: regions[g.r.IntN(len(regions))], repo: repoID(name)}
	if g.chance(0.2) {
		a.acct = g.accounts[g.r.IntN(len(g.accounts))]
	}
	a.catalog = a.repo + "/catalog-info.yaml"
	g.add(graph.Node{ID: a.repo, Kind: graph.Location, Type: "git-repo", Name: name}, "github:GET /orgs/"+Org+"/repos", 0, graph.Configured)
	g.own(a.repo, t, a.repo+"/.github/CODEOWNERS")
	g.vault(a)
	g.awsSecrets(a)
	deploy := g.role(a, name+"-deploy", a.awsPolicy)
	if g.chance(0.12) {
		g.legacyKey(a)
	}
	if g.chance(0.85) {
		g.k8s(a)
	}
	g.ci(a, deploy)
	if g.chance(0.25) {
		g.lambda(a)
	}
	if g.chance(0.15) {
		g.cron(a)
	}
}

// vault emits the application's secrets and the policy granting them.
func (g *gen) vault(a *app) {
	mount := "secret"
	if len(g.kvMounts) > 1 && g.chance(0.3) {
		mount = g.kvMounts[g.r.IntN(len(g.kvMounts))]
	}
	off := g.r.IntN(len(secretWords))
	for j := range g.between(2, 4) {
		w := secretWords[(off+j)%len(secretWords)]
		path := a.t.name + "/" + a.name + "/" + w
		id := "vault:" + mount + "/" + path
		a.secrets = append(a.secrets, id)
		g.add(graph.Node{ID: id, Kind: graph.Credential, Type: "vault-kv-secret", Name: w},
			"vault:"+mount+"/metadata/"+path, 0, graph.Configured)
		g.link(id, mountID(mount), graph.PartOf, "vault:sys/mounts", graph.Configured, nil)
		g.own(id, a.t, a.catalog)
	}
	a.policy = vaultPolicyID(a.name)
	g.add(graph.Node{ID: a.policy, Kind: graph.Policy, Type: "vault-policy", Name: a.name}, a.policy, 0, graph.Configured)
	for _, s := range a.secrets {
		g.link(a.policy, s, graph.Grants, a.policy, graph.Configured, nil)
	}
	a.shared = pickDistinct(g.zShared, g.shared, g.between(0, 3))
	for _, s := range a.shared {
		g.link(a.policy, s, graph.Grants, a.policy, graph.Configured, nil)
	}
	g.own(a.policy, a.t, "github.com/"+Org+"/vault-config/CODEOWNERS")
}

// awsSecrets emits, for some applications, a Secrets Manager secret and the
// customer managed policy that grants it.
func (g *gen) awsSecrets(a *app) {
	if !g.chance(0.3) {
		return
	}
	suffix := make([]byte, 6)
	for i := range suffix {
		suffix[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[g.r.IntN(62)]
	}
	a.awsSecret = fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:%s/%s/db-%s", a.region, a.acct, a.t.name, a.name, suffix)
	g.add(graph.Node{ID: a.awsSecret, Kind: graph.Credential, Type: "aws-secret", Name: a.t.name + "/" + a.name + "/db"},
		"secretsmanager:ListSecrets@"+a.acct, 0, graph.Configured)
	g.link(a.awsSecret, accountID(a.acct), graph.PartOf, "secretsmanager:ListSecrets@"+a.acct, graph.Configured, nil)
	g.own(a.awsSecret, a.t, a.catalog)
	a.awsPolicy = fmt.Sprintf("arn:aws:iam::%s:policy/%s-secrets", a.acct, a.name)
	g.add(graph.Node{ID: a.awsPolicy, Kind: graph.Policy, Type: "aws-managed-policy", Name: a.name + "-secrets"}, iamSource(a.acct), 0, graph.Configured)
	g.link(a.awsPolicy, accountID(a.acct), graph.PartOf, iamSource(a.acct), graph.Configured, nil)
	g.link(a.awsPolicy, a.awsSecret, graph.Grants, iamSource(a.acct), graph.Configured, nil)
}

// role emits an IAM role holding the given policies (empty ones skipped) and
// one or two popular AWS managed policies.
func (g *gen) role(a *app, name string, policies ...string) string {
	id := fmt.Sprintf("arn:aws:iam::%s:role/%s", a.acct, name)
	g.add(graph.Node{ID: id, Kind: graph.Identity, Type: "aws-role", Name: name}, iamSource(a.acct), 0, graph.Configured)
	g.link(id, accountID(a.acct), graph.PartOf, iamSource(a.acct), graph.Configured, nil)
	for _, p := range pickDistinct(g.zManaged, g.managed, g.between(1, 2)) {
		if !contains(policies, p) {
			policies = append(policies, p)
		}
	}
	for _, p := range policies {
		if p != "" {
			g.link(id, p, graph.HasPolicy, iamSource(a.acct), graph.Configured, nil)
		}
	}
	g.own(id, a.t, iamSource(a.acct))
	return id
}

// legacyKey emits an IAM user with a long-lived access key.
func (g *gen) legacyKey(a *app) {
	user := fmt.Sprintf("arn:aws:iam::%s:user/%s-legacy", a.acct, a.name)
	g.add(graph.Node{ID: user, Kind: graph.Identity, Type: "aws-user", Name: a.name + "-legacy"}, iamSource(a.acct), 0, graph.Configured)
	g.link(user, accountID(a.acct), graph.PartOf, iamSource(a.acct), graph.Configured, nil)
	g.link(user, g.managed[g.zManaged.Uint64()], graph.HasPolicy, iamSource(a.acct), graph.Configured, nil)
	keyID := make([]byte, 16)
	for i := range keyID {
		keyID[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[g.r.IntN(32)]
	}
	a.key = "aws-access-key:AKIA" + string(keyID)
	g.add(graph.Node{ID: a.key, Kind: graph.Credential, Type: "aws-access-key", Name: "AKIA" + string(keyID),
		Attrs: map[string]string{"status": "Active", "created": fmt.Sprintf("20%02d-%02d-%02d", 16+g.r.IntN(8), 1+g.r.IntN(12), 1+g.r.IntN(28))}},
		"iam:ListAccessKeys@"+a.acct, 0, graph.Configured)
	g.link(a.key, user, graph.KeyOf, "iam:ListAccessKeys@"+a.acct, graph.Configured, nil)
	// Whoever can push to the repository can become the user, whose key
	// sits in its CI secrets: an escalation of the kind the access rules
	// derive (docs/access.md), drawn without randomness so the rest of the
	// estate stays as it was.
	g.link(a.repo, user, graph.CanBecome, a.repo+"/.github/workflows/deploy.yml", graph.Derived, map[string]string{"rule": "synthetic"})
	g.own(user, a.t, iamSource(a.acct))
	g.own(a.key, a.t, iamSource(a.acct))
}

// k8s emits the application's Kubernetes workload, its service account and
// the Vault auth role and IRSA role the account uses.
func (g *gen) k8s(a *app) {
	ci := g.r.IntN(len(g.clusters))
	cluster := g.clusters[ci]
	ns, ok := g.namespaces[[2]int{a.t.index, ci}]
	if !ok {
		ns = "k8s:" + cluster + "/" + a.t.name
		g.namespaces[[2]int{a.t.index, ci}] = ns
		g.add(graph.Node{ID: ns, Kind: graph.Location, Type: "k8s-namespace", Name: a.t.name}, "k8s:"+cluster+" GET /api/v1/namespaces", 0, graph.Configured)
		g.own(ns, a.t, "github.com/"+Org+"/gitops/"+cluster+"/"+a.t.name+"/namespace.yaml")
	}
	src := "github.com/" + Org + "/gitops/" + cluster + "/" + a.t.name + "/" + a.name + ".yaml"
	sa := ns + "/serviceaccount/" + a.name
	g.add(graph.Node{ID: sa, Kind: graph.Identity, Type: "k8s-service-account", Name: a.name}, src, 1, graph.Declared)
	g.link(sa, ns, graph.PartOf, src, graph.Declared, nil)
	g.own(sa, a.t, a.catalog)

	auth := "kubernetes-" + cluster
	role := "vault:auth/" + auth + "/role/" + a.name
	g.add(graph.Node{ID: role, Kind: graph.Identity, Type: "vault-auth-role", Name: a.name,
		Attrs: map[string]string{"bound_service_account_names": graph.EncodeList([]string{a.name}), "bound_service_account_namespaces": graph.EncodeList([]string{a.t.name})}},
		role, 0, graph.Configured)
	g.link(role, authMountID(auth), graph.PartOf, "vault:sys/auth", graph.Configured, nil)
	g.link(role, a.policy, graph.HasPolicy, role, graph.Configured, nil)
	if g.chance(0.3) {
		g.link(role, g.common, graph.HasPolicy, role, graph.Configured, nil)
	}
	g.own(role, a.t, "github.com/"+Org+"/vault-config/CODEOWNERS")
	g.link(sa, role, graph.AuthenticatesAs, src, graph.Declared, nil)
	if g.chance(0.4) {
		irsa := g.role(a, a.name+"-irsa", a.awsPolicy)
		g.link(sa, irsa, graph.Assumes, src, graph.Declared, nil)
	}

	wl := ns + "/deployment/" + a.name
	g.add(graph.Node{ID: wl, Kind: graph.Workload, Type: "k8s-workload", Name: a.name,
		Attrs: map[string]string{"kind": "Deployment", "replicas": fmt.Sprint(g.between(1, 6))}}, src, 12, graph.Declared)
	g.link(wl, ns, graph.PartOf, src, graph.Declared, nil)
	g.link(wl, sa, graph.RunsAs, src, graph.Declared, nil)
	for _, s := range a.secrets[:g.between(1, len(a.secrets))] {
		g.link(wl, s, graph.Reads, src, g.basis(), nil)
	}
	for _, s := range a.shared {
		if g.chance(0.7) {
			g.link(wl, s, graph.Reads, src, g.basis(), nil)
		}
	}
	var called []string
	for range g.between(0, 3) {
		if len(g.services) == 0 {
			break
		}
		if s := g.services[g.skewed(len(g.services))]; !contains(called, s) {
			called = append(called, s)
			g.link(wl, s, graph.DependsOn, a.catalog, graph.Declared, nil)
		}
	}
	g.own(wl, a.t, a.catalog)
	g.services = append(g.services, wl)
}

// basis says a read is declared, or one time in ten observed in an audit log.
func (g *gen) basis() graph.Basis {
	if g.chance(0.1) {
		return graph.Observed
	}
	return graph.Declared
}

// ci emits the repository's workflows and their jobs: tests, a build, a
// deploy through OIDC into the deploy role and Vault, and sometimes a
// scheduled nightly run.
func (g *gen) ci(a *app, deploy string) {
	var repoSecrets []string
	secret := func(name string) string {
		id := a.repo + "/secrets/" + name
		g.add(graph.Node{ID: id, Kind: graph.Credential, Type: "ci-secret", Name: name},
			"github:GET /repos/"+Org+"/"+a.name+"/actions/secrets", 0, graph.Configured)
		g.own(id, a.t, a.repo+"/.github/CODEOWNERS")
		return id
	}
	var legacy string
	if a.key != "" && g.chance(0.6) {
		legacy = secret("AWS_SECRET_ACCESS_KEY")
		g.link(legacy, a.key, graph.CopyOf, a.repo+"/.github/workflows/deploy.yml", graph.Declared, nil)
	}
	if g.chance(0.3) {
		repoSecrets = append(repoSecrets, secret("SENTRY_AUTH_TOKEN"))
	}
	var jwt string
	if g.chance(0.5) {
		jwt = "vault:auth/jwt/role/" + a.name + "-ci"
		g.add(graph.Node{ID: jwt, Kind: graph.Identity, Type: "vault-auth-role", Name: a.name + "-ci",
			Attrs: map[string]string{"bound_claims.repository": Org + "/" + a.name}}, jwt, 0, graph.Configured)
		g.link(jwt, authMountID("jwt"), graph.PartOf, "vault:sys/auth", graph.Configured, nil)
		g.link(jwt, a.policy, graph.HasPolicy, jwt, graph.Configured, nil)
		g.own(jwt, a.t, "github.com/"+Org+"/vault-config/CODEOWNERS")
	}

	test := g.workflow(a, "ci.yml", nil, "test", "build")
	g.useSecrets(test[0], pickDistinct(g.zOrg, g.orgSecrets, g.between(0, 2)))
	g.useSecrets(test[1], append(pickDistinct(g.zOrg, g.orgSecrets, 1), repoSecrets...))

	dj := g.workflow(a, "deploy.yml", nil, "deploy")[0]
	src := a.repo + "/.github/workflows/deploy.yml"
	g.link(dj, deploy, graph.Assumes, src, graph.Declared, map[string]string{"subject": "repo:" + Org + "/" + a.name + ":ref:refs/heads/main"})
	if jwt != "" {
		g.link(dj, jwt, graph.AuthenticatesAs, src, graph.Declared, nil)
		for _, s := range a.secrets[:g.between(1, len(a.secrets))] {
			g.link(dj, s, graph.Reads, src, g.basis(), nil)
		}
	}
	if legacy != "" {
		g.useSecrets(dj, []string{legacy})
	}

	if g.chance(0.35) {
		cron := &graph.Schedule{Expr: fmt.Sprintf("%d %d * * *", g.r.IntN(60), g.r.IntN(24)), Dialect: graph.Cron, TimeZone: "UTC"}
		nj := g.workflow(a, "nightly.yml", cron, "nightly")[0]
		if jwt != "" {
			g.link(nj, jwt, graph.AuthenticatesAs, a.repo+"/.github/workflows/nightly.yml", graph.Declared, nil)
			g.link(nj, a.secrets[0], graph.Reads, a.repo+"/.github/workflows/nightly.yml", g.basis(), nil)
		}
		g.useSecrets(nj, pickDistinct(g.zOrg, g.orgSecrets, 1))
	}
}

// workflow emits a workflow with its jobs and returns the jobs' IDs.
func (g *gen) workflow(a *app, file string, sched *graph.Schedule, jobs ...string) []string {
	wf := a.repo + "/.github/workflows/" + file
	g.add(graph.Node{ID: wf, Kind: graph.Workload, Type: "ci-workflow", Name: file, Schedule: sched}, wf, 1, graph.Declared)
	g.link(wf, a.repo, graph.PartOf, wf, graph.Declared, nil)
	g.own(wf, a.t, a.repo+"/.github/CODEOWNERS")
	ids := make([]string, len(jobs))
	for i, j := range jobs {
		ids[i] = wf + "#" + j
		g.add(graph.Node{ID: ids[i], Kind: graph.Workload, Type: "ci-job", Name: j,
			Attrs: map[string]string{"runs-on": "ubuntu-latest"}}, wf, 10+12*i, graph.Declared)
		g.link(ids[i], a.repo, graph.PartOf, wf, graph.Declared, nil)
		g.link(wf, ids[i], graph.Triggers, wf, graph.Declared, nil)
		g.own(ids[i], a.t, a.repo+"/.github/CODEOWNERS")
	}
	return ids
}

// useSecrets links a job to the CI secrets it consumes through ${{ secrets.X }}.
func (g *gen) useSecrets(job string, secrets []string) {
	src, _, _ := strings.Cut(job, "#")
	for _, s := range secrets {
		g.link(job, s, graph.Uses, src, graph.Declared, map[string]string{"env": graph.EncodeList([]string{path.Base(s)})})
	}
}

// lambda emits a Lambda function with its execution role, and sometimes the
// EventBridge schedule that starts it.
func (g *gen) lambda(a *app) {
	role := g.role(a, a.name+"-lambda", g.managed[0], a.awsPolicy)
	fn := fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s-worker", a.region, a.acct, a.name)
	src := "lambda:ListFunctions@" + a.acct
	g.add(graph.Node{ID: fn, Kind: graph.Workload, Type: "lambda", Name: a.name + "-worker",
		Attrs: map[string]string{"runtime": []string{"python3.12", "nodejs20.x", "provided.al2023", "java21"}[g.r.IntN(4)]}}, src, 0, graph.Configured)
	g.link(fn, accountID(a.acct), graph.PartOf, src, graph.Configured, nil)
	g.link(fn, role, graph.RunsAs, src, graph.Configured, nil)
	if a.awsSecret != "" {
		g.link(fn, a.awsSecret, graph.Reads, src, g.basis(), nil)
	}
	g.own(fn, a.t, a.catalog)
	if !g.chance(0.5) {
		return
	}
	expr := fmt.Sprintf("cron(%d %d * * ? *)", g.r.IntN(60), g.r.IntN(24))
	if g.chance(0.4) {
		expr = fmt.Sprintf("rate(%d minutes)", []int{1, 5, 15, 30}[g.r.IntN(4)])
	}
	sched := fmt.Sprintf("arn:aws:scheduler:%s:%s:schedule/default/%s-nightly", a.region, a.acct, a.name)
	ssrc := "scheduler:ListSchedules@" + a.acct
	g.add(graph.Node{ID: sched, Kind: graph.Workload, Type: "eventbridge-schedule", Name: a.name + "-nightly",
		Schedule: &graph.Schedule{Expr: expr, Dialect: graph.AWS, TimeZone: zones[g.r.IntN(len(zones))]}}, ssrc, 0, graph.Configured)
	g.link(sched, accountID(a.acct), graph.PartOf, ssrc, graph.Configured, nil)
	g.link(sched, fn, graph.Triggers, ssrc, graph.Configured, nil)
	g.own(sched, a.t, a.catalog)
}

// cron emits a cron job on a batch host that reads a Vault secret through
// an AppRole, or uses the application's legacy access key from an env file.
func (g *gen) cron(a *app) {
	host := g.hosts[g.r.IntN(len(g.hosts))]
	file := "/etc/cron.d/" + a.name
	id := "host:" + host + file + "#2"
	src := host + ":" + file
	expr := cronExprs[g.r.IntN(len(cronExprs))]
	if g.chance(0.5) {
		expr = fmt.Sprintf("%d %d * * *", g.r.IntN(60), g.r.IntN(24))
	}
	g.add(graph.Node{ID: id, Kind: graph.Workload, Type: "cron-job", Name: a.name + "-backup",
		Schedule: &graph.Schedule{Expr: expr, Dialect: graph.Cron, TimeZone: zones[g.r.IntN(len(zones))]}}, src, 2, graph.Declared)
	g.link(id, "host:"+host, graph.PartOf, src, graph.Declared, nil)
	g.own(id, a.t, a.catalog)
	if a.key != "" && g.chance(0.5) {
		g.link(id, a.key, graph.Uses, "/etc/"+a.name+"/env", graph.Declared, map[string]string{"env": `["AWS_ACCESS_KEY_ID"]`})
		return
	}
	role := "vault:auth/approle/role/" + a.name + "-cron"
	g.add(graph.Node{ID: role, Kind: graph.Identity, Type: "vault-auth-role", Name: a.name + "-cron"}, role, 0, graph.Configured)
	g.link(role, authMountID("approle"), graph.PartOf, "vault:sys/auth", graph.Configured, nil)
	g.link(role, a.policy, graph.HasPolicy, role, graph.Configured, nil)
	g.own(role, a.t, "github.com/"+Org+"/vault-config/CODEOWNERS")
	g.link(id, role, graph.AuthenticatesAs, src, graph.Declared, nil)
	g.link(id, a.secrets[0], graph.Reads, src, g.basis(), nil)
}
