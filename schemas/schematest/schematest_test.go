package schematest_test

import (
	"strings"
	"testing"

	"github.com/convene-dev/convene/schemas"
	"github.com/convene-dev/convene/schemas/schematest"
)

// TestCheck proves the validator rejects what the schemas forbid, so that
// a passing output test means something.
func TestCheck(t *testing.T) {
	const conn = `{"$schema":"https://convene.dev/schemas/connectors/v1.json","connectors":[{"name":"aws","modes":["files"],"reads":"r","needs":"n"}]}`
	tests := []struct {
		name, url, doc, want string // want: a fragment of the error, "" for none
	}{
		{"valid", schemas.Connectors, conn, ""},
		{"no $schema", schemas.Connectors, `{"connectors":[]}`, `"$schema" is <nil>`},
		{"another schema", schemas.Plan, conn, `want "https://convene.dev/schemas/plan/v1.json"`},
		{"an unknown member", schemas.Connectors, strings.Replace(conn, `"reads"`, `"extra":1,"reads"`, 1), "extra"},
		{"a missing member", schemas.Connectors, strings.Replace(conn, `"needs":"n"`, `"settings":[]`, 1), "needs"},
		{"a wrong enum", schemas.Connectors, strings.Replace(conn, `"files"`, `"api"`, 1), "modes"},
		{"a bad date", schemas.History, `{"$schema":"https://convene.dev/schemas/history/v1.json","snapshots":[{"id":1,"source":"s","saved_at":"yesterday","nodes":0,"edges":0,"diagnostics":0,"paths":[],"duration_ms":0}]}`, "saved_at"},
		{"not JSON", schemas.Connectors, `{`, "not JSON"},
	}
	c := schematest.Compiler(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := schematest.Check(c, tt.url, []byte(tt.doc))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}
