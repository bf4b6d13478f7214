package vaultpolicy

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCapabilities covers every rule of Vault's policy documentation
// (globs, "+" segments, deny, priority between overlapping rules, legacy
// policy words) and the ordering cases spelled out in Vault's ACL code.
func TestCapabilities(t *testing.T) {
	tests := []struct {
		name, policy, path string
		want               []string
	}{
		{"exact", `path "secret/foo" { capabilities = ["read"] }`, "secret/foo", []string{"read"}},
		{"exact does not match below", `path "secret/foo" { capabilities = ["read"] }`, "secret/foo/bar", nil},
		{"leading slash stripped", `path "/secret/foo" { capabilities = ["read"] }`, "secret/foo", []string{"read"}},
		{"glob matches below", `path "secret/bar/*" { capabilities = ["read"] }`, "secret/bar/zip/zap", []string{"read"}},
		{"glob needs its prefix", `path "secret/bar/*" { capabilities = ["read"] }`, "secret/bar", nil},
		{"glob mid-segment", `path "secret/zip-*" { capabilities = ["read"] }`, "secret/zip-zap/zong", []string{"read"}},
		{"star only last is a glob", `path "secret/*/foo" { capabilities = ["read"] }`, "secret/a/foo", nil},
		{"mid star is literal", `path "secret/*/foo" { capabilities = ["read"] }`, "secret/*/foo", []string{"read"}},
		{"plus one segment", `path "secret/+/teamb" { capabilities = ["read"] }`, "secret/foo/teamb", []string{"read"}},
		{"plus not two segments", `path "secret/+/teamb" { capabilities = ["read"] }`, "secret/foo/bar/teamb", nil},
		{"plus plus", `path "secret/+/+/teamb" { capabilities = ["read"] }`, "secret/foo/bar/teamb", []string{"read"}},
		{"plus then glob", `path "secret/+/team*" { capabilities = ["read"] }`, "secret/foo/teamb/x", []string{"read"}},
		{"plus first", `path "+/data/app" { capabilities = ["read"] }`, "kv/data/app", []string{"read"}},
		{"plus inside a name is literal", `path "secret/a/+b" { capabilities = ["read"] }`, "secret/a/xb", nil},
		{"deny wins within a rule", `path "secret/foo" { capabilities = ["read", "deny"] }`, "secret/foo", []string{"deny"}},
		{"deny on exact beats glob",
			`path "secret/*" { capabilities = ["read"] }
			 path "secret/super-secret" { capabilities = ["deny"] }`, "secret/super-secret", []string{"deny"}},
		{"glob still allows the rest",
			`path "secret/*" { capabilities = ["read"] }
			 path "secret/super-secret" { capabilities = ["deny"] }`, "secret/other", []string{"read"}},
		{"longer glob wins", `path "secret/*" { capabilities = ["read"] }
			 path "secret/foo*" { capabilities = ["deny"] }`, "secret/foobar", []string{"deny"}},
		{"exact beats glob", `path "secret/foo*" { capabilities = ["deny"] }
			 path "secret/foo" { capabilities = ["read"] }`, "secret/foo", []string{"read"}},
		{"later first wildcard wins: foo/a* over foo/+", `path "foo/a*" { capabilities = ["read"] }
			 path "foo/+" { capabilities = ["deny"] }`, "foo/ab", []string{"read"}},
		{"later first wildcard wins: foo/bar/+/baz over foo/+/bar/baz", `path "foo/bar/+/baz" { capabilities = ["read"] }
			 path "foo/+/+/baz" { capabilities = ["deny"] }`, "foo/bar/x/baz", []string{"read"}},
		{"non-prefix wins: foo/+/bar over foo/+/ba*", `path "foo/+/bar" { capabilities = ["read"] }
			 path "foo/+/ba*" { capabilities = ["deny"] }`, "foo/x/bar", []string{"read"}},
		{"non-prefix wins: foo/+ over foo/*", `path "foo/+" { capabilities = ["read"] }
			 path "foo/*" { capabilities = ["deny"] }`, "foo/x", []string{"read"}},
		{"glob still reaches deeper: foo/* for foo/x/y", `path "foo/+" { capabilities = ["read"] }
			 path "foo/*" { capabilities = ["deny"] }`, "foo/x/y", []string{"deny"}},
		{"fewer wildcards win", `path "foo/+/bar/+" { capabilities = ["read"] }
			 path "foo/+/+/baz" { capabilities = ["deny"] }`, "foo/x/bar/baz", []string{"read"}},
		{"longer wins: foo/+/bar/ba* over foo/+/bar/b*", `path "foo/+/bar/ba*" { capabilities = ["read"] }
			 path "foo/+/bar/b*" { capabilities = ["deny"] }`, "foo/x/bar/baz", []string{"read"}},
		{"same path in two blocks: union", `path "secret/a" { capabilities = ["read"] }
			 path "secret/a" { capabilities = ["list"] }`, "secret/a", []string{"list", "read"}},
		{"same path in two blocks: deny wins", `path "secret/a" { capabilities = ["read"] }
			 path "secret/a" { capabilities = ["deny"] }`, "secret/a", []string{"deny"}},
		{"legacy read", `path "secret/a" { policy = "read" }`, "secret/a", []string{"list", "read"}},
		{"legacy write", `path "secret/a" { policy = "write" }`, "secret/a", []string{"create", "delete", "list", "read", "update"}},
		{"legacy deny", `path "secret/a" { policy = "deny" }`, "secret/a", []string{"deny"}},
		{"legacy sudo", `path "secret/a" { policy = "sudo" }`, "secret/a", []string{"create", "delete", "list", "read", "sudo", "update"}},
		{"json policy", `{"path": {"secret/data/app/*": {"capabilities": ["read"]}}}`, "secret/data/app/db", []string{"read"}},
		{"kv v2 data prefix", `path "secret/data/payments/*" { capabilities = ["read"] }`, "secret/data/payments/db", []string{"read"}},
		{"kv v2 unprefixed path grants nothing", `path "secret/payments/*" { capabilities = ["read"] }`, "secret/data/payments/db", nil},
		{"templated paths are not matched", `path "secret/data/{{identity.entity.id}}/*" { capabilities = ["read"] }`, "secret/data/x/y", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePolicy("p", tt.policy)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, p.Capabilities(tt.path)); diff != "" {
				t.Errorf("Capabilities(%q) (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}

func TestParsePolicyErrors(t *testing.T) {
	tests := []struct {
		name, policy string
		want         PolicyError
	}{
		{"plus star", "\npath \"secret/+*\" { capabilities = [\"read\"] }", PolicyError{2, 6, `path "secret/+*": invalid use of wildcards ('+*' is forbidden)`}},
		{"bad capability", `path "a" { capabilities = ["reed"] }`, PolicyError{1, 6, `path "a": invalid capability "reed"`}},
		{"bad legacy", `path "a" { policy = "all" }`, PolicyError{1, 6, `path "a": invalid policy "all"`}},
		{"unknown top key", `paths "a" { capabilities = ["read"] }`, PolicyError{1, 1, `invalid key "paths"`}},
		{"unknown path key", "path \"a\" {\n  capability = [\"read\"]\n}", PolicyError{2, 3, `path "a": invalid key "capability"`}},
		{"syntax", "path \"a\" {\n  capabilities = [\"read\"\n", PolicyError{3, 1, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolicy("p", tt.policy)
			var pe *PolicyError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *PolicyError", err)
			}
			if tt.want.Msg == "" {
				tt.want.Msg = pe.Msg // syntax messages are hcl's own
			}
			if diff := cmp.Diff(tt.want, *pe); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParsePolicyTemplated(t *testing.T) {
	p, err := ParsePolicy("t", `path "secret/data/{{identity.entity.id}}/*" { capabilities = ["read"] }
path "secret/data/shared/*" { capabilities = ["read"] }`)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"secret/data/{{identity.entity.id}}/*"}, p.Templated); diff != "" {
		t.Errorf("Templated (-want +got):\n%s", diff)
	}
	if len(p.Rules) != 1 {
		t.Errorf("Rules = %v, want the one untemplated rule", p.Rules)
	}
}
