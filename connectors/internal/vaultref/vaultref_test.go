package vaultref

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		cluster, in string
		want        Ref
	}{
		{"", "secret/data/payments/db", Ref{ID: "vault:secret/payments/db", Path: "secret/payments/db"}},
		{"", "/secret/payments/db", Ref{ID: "vault:secret/payments/db", Path: "secret/payments/db"}},
		{"", "secret/metadata/payments/db", Ref{ID: "vault:secret/payments/db", Path: "secret/payments/db"}},
		{"", "database/creds/warehouse-readonly", Ref{ID: "vault:database/roles/warehouse-readonly", Path: "database/roles/warehouse-readonly", Dynamic: true}},
		{"", "database/static-creds/ledger-app", Ref{ID: "vault:database/static-roles/ledger-app", Path: "database/static-roles/ledger-app", Dynamic: true}},
		{"", "pki_int/sign/example-dot-com", Ref{ID: "vault:pki_int/roles/example-dot-com", Path: "pki_int/roles/example-dot-com", PKI: true}},
		{"", "/pki/issue/web", Ref{ID: "vault:pki/roles/web", Path: "pki/roles/web", PKI: true}},
		{"eu", "kv/app", Ref{ID: "vault@eu:kv/app", Path: "kv/app"}},
		{"", "secret/data/${ENV}/db", Ref{ID: "vault:secret/${ENV}/db", Path: "secret/${ENV}/db", Unresolved: true}},
		{"", "secret/data", Ref{ID: "vault:secret/data", Path: "secret/data"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Parse(tt.cluster, tt.in)); diff != "" {
			t.Errorf("Parse(%q, %q) (-want +got):\n%s", tt.cluster, tt.in, diff)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"secret/data/payments/db", "/x/metadata/y", "database/creds/r", "a/${B}/c", ""} {
		f.Add("", s)
	}
	f.Fuzz(func(t *testing.T, cluster, path string) {
		r := Parse(cluster, path)
		if r.ID != Prefix(cluster)+r.Path {
			t.Fatalf("ID %q is not prefix + path %q", r.ID, r.Path)
		}
		// An ID path is not a consumer's spelling (a secret may be named
		// data/x), so Parse is not idempotent; but its result is clean.
		if strings.Trim(r.Path, "/ \t\r\n") != r.Path {
			t.Fatalf("path %q keeps slashes or spaces at its ends", r.Path)
		}
	})
}
