package vaultref

import (
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
