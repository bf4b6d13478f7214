// Package awsprofile reads the AWS CLI's shared config and credentials
// files in host trees (root/.aws/config, home/<user>/.aws/credentials, …).
// Each profile is an identity node, host:<host>/<home>/.aws/config#profile
// <name>, whichever of the two files defines it, so that commands naming
// the profile (--profile, AWS_PROFILE) meet it by ID. A profile with
// role_arn assumes the role; one with source_profile uses that profile's
// credentials; one with a static key uses the access key node
// aws-access-key:<key ID>. Secret keys are never read into memory beyond
// noting they are present. docs/hosts.md is the reference.
package awsprofile

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"regexp"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// Name is the connector's name.
const Name = "aws-profile"

// Connector reads AWS shared config files.
type Connector struct {
	hosts config.Hosts
}

// New returns the aws-profile connector; cfg (nil for the defaults) names
// host trees without etc/hostname.
func New(cfg *config.Config) *Connector {
	if cfg == nil {
		return &Connector{}
	}
	return &Connector{hosts: cfg.Hosts}
}

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "AWS CLI profiles in host trees (root/.aws/config and credentials, home/<user>/.aws/…): roles, source profiles and static key IDs, never secret keys",
		"read access to the files"
}

var awsFile = regexp.MustCompile(`^/(root|home/[^/]+)/\.aws/(config|credentials)$`)

var markers = []string{"root/.aws/", "home/"}

// Claims takes .aws/config and .aws/credentials in a home folder.
func (*Connector) Claims(p string, head []byte) bool {
	_, onHost, ok := shellcmd.Split(p, markers...)
	return ok && awsFile.MatchString(onHost)
}

var (
	roleARN  = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:role/`)
	keyIDRe  = regexp.MustCompile(`^[A-Z0-9]{16,128}$`)
	attrKeys = []string{"region", "role_arn", "source_profile", "credential_source", "mfa_serial", "role_session_name",
		"sso_session", "sso_account_id", "sso_role_name", "sso_start_url", "web_identity_token_file", "duration_seconds"}
)

// Discover reads every file routed to it; unreadable files and bad lines
// are diagnostics. It returns an error only when ctx is done.
func (c *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	hs := shellcmd.Hosts{Configured: c.hosts.NameFor}
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, onHost, ok := hs.Locate(p, markers...)
		m := awsFile.FindStringSubmatch(onHost)
		if !ok || m == nil {
			b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Warning,
				Message: "not an .aws/config or .aws/credentials file in a home folder; file skipped"})
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			if u := errors.Unwrap(err); u != nil {
				err = u
			}
			b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Error,
				Message: fmt.Sprintf("cannot read AWS config: %v; give convene read access or exclude it", err)})
			continue
		}
		profiles, probs := Parse(data, m[2] == "credentials")
		for _, pr := range probs {
			b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Line: pr.Line, Severity: graph.Warning, Message: pr.Msg})
		}
		user := strings.TrimPrefix(m[1], "home/")
		for _, pf := range profiles {
			emit(b, h, user, p, m[2], pf)
		}
	}
	return nil
}

// emit writes one profile, its host and what it depends on.
func emit(b *graph.Builder, h shellcmd.Host, user, file, kind string, pf Profile) {
	ev := func(line int) []graph.Evidence {
		return []graph.Evidence{{Connector: Name, Source: file, Line: line, Basis: graph.Declared}}
	}
	id := shellcmd.ProfileID(h, user, pf.Name)
	attrs := map[string]string{"in_" + kind: "true", "home": shellcmd.Home(user)}
	for _, k := range attrKeys {
		if v, ok := pf.Settings[k]; ok {
			attrs[k] = v
		}
	}
	if pf.HasSecret {
		attrs["static_secret"] = "true"
	}
	sink := shellcmd.Sink{B: b, Attrs: attrs}
	if cp, ok := pf.Settings["credential_process"]; ok {
		masked, facts := shellcmd.ScanMasked(cp)
		attrs["credential_process"] = masked
		sink.Emit(shellcmd.Consumer{ID: id, Host: h, User: user, Connector: Name, Source: file}, facts, pf.Lines["credential_process"])
	}
	b.AddNode(graph.Node{ID: h.ID(), Kind: graph.Location, Type: graph.TypeHost, Name: h.Name,
		Attrs: map[string]string{"name_source": h.NameSource}, Evidence: ev(0)})
	b.AddNode(graph.Node{ID: id, Kind: graph.Identity, Type: graph.TypeAWSProfile, Name: pf.Name, Attrs: attrs, Evidence: ev(pf.Line)})
	b.AddEdge(graph.Edge{From: id, To: h.ID(), Kind: graph.PartOf, Evidence: ev(pf.Line)})
	if arn, ok := pf.Settings["role_arn"]; ok {
		line := pf.Lines["role_arn"]
		if roleARN.MatchString(arn) {
			b.AddNode(graph.Node{ID: arn, Kind: graph.Identity, Type: graph.TypeAWSRole, Name: path.Base(arn), Evidence: ev(line)})
			b.AddEdge(graph.Edge{From: id, To: arn, Kind: graph.Assumes, Evidence: ev(line)})
		} else {
			b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Line: line, Severity: graph.Warning,
				Message: fmt.Sprintf("role_arn %q is not an IAM role ARN; the assumption is not linked", arn)})
		}
	}
	if src, ok := pf.Settings["source_profile"]; ok && src != "" {
		// The profile signs its AssumeRole call with the source profile's
		// credentials: it uses them (and does not gain their permissions,
		// which assumes would say).
		line := pf.Lines["source_profile"]
		to := shellcmd.ProfileID(h, user, src)
		b.AddNode(graph.Node{ID: to, Kind: graph.Identity, Type: graph.TypeAWSProfile, Name: src, Evidence: ev(line)})
		b.AddEdge(graph.Edge{From: id, To: to, Kind: graph.Uses, Attrs: map[string]string{"via": "source_profile"}, Evidence: ev(line)})
	}
	if key, ok := pf.Settings["aws_access_key_id"]; ok && key != "" {
		line := pf.Lines["aws_access_key_id"]
		if !keyIDRe.MatchString(key) {
			b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Line: line, Severity: graph.Warning,
				Message: "aws_access_key_id does not look like an access key ID; not linked"})
			return
		}
		to := "aws-access-key:" + key
		b.AddNode(graph.Node{ID: to, Kind: graph.Credential, Type: graph.TypeAWSAccessKey, Name: key, Evidence: ev(line)})
		b.AddEdge(graph.Edge{From: id, To: to, Kind: graph.Uses, Attrs: map[string]string{"via": "aws_access_key_id"}, Evidence: ev(line)})
	}
}
