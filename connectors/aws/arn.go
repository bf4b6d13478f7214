package aws

import (
	"regexp"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// arn is a parsed Amazon Resource Name:
// arn:partition:service:region:account:resource.
type arn struct {
	Partition, Service, Region, Account, Resource string
}

func parseARN(s string) (arn, bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] == "" {
		return arn{}, false
	}
	return arn{parts[1], parts[2], parts[3], parts[4], parts[5]}, true
}

func (a arn) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.Account + ":" + a.Resource
}

// resourceType is the part of the resource before the first / or :.
func (a arn) resourceType() string {
	if i := strings.IndexAny(a.Resource, "/:"); i >= 0 {
		return a.Resource[:i]
	}
	return a.Resource
}

// lastName is the resource's last /-separated segment.
func (a arn) lastName() string {
	r := a.Resource
	if i := strings.LastIndexByte(r, '/'); i >= 0 {
		return r[i+1:]
	}
	if i := strings.IndexByte(r, ':'); i >= 0 {
		return r[i+1:]
	}
	return r
}

var accountID = regexp.MustCompile(`^\d{12}$`)

// rootARN is the ID of an account's root principal.
func rootARN(partition, account string) string {
	if partition == "" {
		partition = "aws"
	}
	return "arn:" + partition + ":iam::" + account + ":root"
}

// accountNodeID is the ID of the location node of an account.
func accountNodeID(account string) string { return "aws-account:" + account }

// unqualified drops what follows a resource's own name: a Lambda alias or
// version ("function:name:prod"), a task definition revision
// ("task-definition/family:3").
func unqualified(s string) (id string, qualifier string) {
	a, ok := parseARN(s)
	if !ok {
		return s, ""
	}
	switch {
	case a.Service == "lambda" && strings.HasPrefix(a.Resource, "function:"):
		rest := strings.TrimPrefix(a.Resource, "function:")
		if i := strings.IndexByte(rest, ':'); i >= 0 {
			a.Resource = "function:" + rest[:i]
			return a.String(), rest[i+1:]
		}
	case a.Service == "ecs" && strings.HasPrefix(a.Resource, "task-definition/"):
		if i := strings.LastIndexByte(a.Resource, ':'); i >= 0 {
			q := a.Resource[i+1:]
			a.Resource = a.Resource[:i]
			return a.String(), q
		}
	}
	return s, ""
}

// secretARNBase cuts what ECS appends to a secret ARN in valueFrom
// (":json-key:version-stage:version-id") back to the secret's ARN.
func secretARNBase(s string) string {
	parts := strings.Split(s, ":")
	if len(parts) > 7 && parts[2] == "secretsmanager" {
		return strings.Join(parts[:7], ":")
	}
	return s
}

// secretSuffix is what AWS appends to a secret's name in its full ARN.
var secretSuffix = regexp.MustCompile(`-[A-Za-z0-9]{6}$`)

// refNode is the node for an ARN met only as a reference: its kind and
// type follow from the ARN, and it carries a name only where the ARN gives
// it unambiguously.
func refNode(id string) graph.Node {
	n := graph.Node{ID: id, Kind: graph.Workload, Type: "aws-resource"}
	a, ok := parseARN(id)
	if !ok {
		return n
	}
	switch a.Service + ":" + a.resourceType() {
	case "iam:role":
		n.Kind, n.Type, n.Name = graph.Identity, "aws-role", a.lastName()
	case "iam:user":
		n.Kind, n.Type, n.Name = graph.Identity, "aws-user", a.lastName()
	case "iam:group":
		n.Kind, n.Type, n.Name = graph.Identity, "aws-group", a.lastName()
	case "iam:root":
		n.Kind, n.Type, n.Name = graph.Identity, "aws-account-root", a.Account+" root"
	case "iam:oidc-provider":
		n.Kind, n.Type, n.Name = graph.Identity, "aws-oidc-provider", strings.TrimPrefix(a.Resource, "oidc-provider/")
	case "iam:saml-provider":
		n.Kind, n.Type, n.Name = graph.Identity, "aws-saml-provider", a.lastName()
	case "iam:policy":
		n.Kind, n.Type, n.Name = graph.Policy, "aws-managed-policy", a.lastName()
	case "iam:instance-profile":
		n.Kind, n.Type, n.Name = graph.Identity, "aws-instance-profile", a.lastName()
	case "secretsmanager:secret":
		// Secrets Manager appends "-" and six random characters to the
		// name in a full ARN.
		n.Kind, n.Type = graph.Credential, "aws-secret"
		n.Name = secretSuffix.ReplaceAllString(strings.TrimPrefix(a.Resource, "secret:"), "")
	case "ssm:parameter":
		n.Kind, n.Type, n.Name = graph.Credential, "aws-ssm-parameter", strings.TrimPrefix(a.Resource, "parameter/")
	case "lambda:function":
		n.Kind, n.Type, n.Name = graph.Workload, "lambda", a.lastName()
	case "ecs:task-definition":
		n.Kind, n.Type, n.Name = graph.Workload, "ecs-task", a.lastName()
	case "scheduler:schedule":
		n.Kind, n.Type, n.Name = graph.Workload, "eventbridge-schedule", a.lastName()
	}
	return n
}
