package schemas_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/schemas"
	"github.com/convene-dev/convene/schemas/schematest"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "record new schema versions in VERSIONS")

// urls lists every URL constant; each must name a schema file.
var urls = []string{schemas.Graph, schemas.Plan, schemas.Findings, schemas.Drift, schemas.Verify, schemas.Show, schemas.Access, schemas.Owners, schemas.Connectors, schemas.History, schemas.ScanSummary}

var idRE = regexp.MustCompile(`^` + regexp.QuoteMeta(schemas.Base) + `([a-z-]+)/v([1-9][0-9]*)\.json$`)

// schemaFile is one NAME.schema.json: its name, version and content hash.
type schemaFile struct {
	name, id string
	version  int
	sum      string
}

func readSchemas(t *testing.T) []schemaFile {
	t.Helper()
	files, err := fs.Glob(schemas.FS, "*.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var out []schemaFile
	for _, f := range files {
		data, _ := schemas.FS.ReadFile(f)
		var head struct {
			ID string `json:"$id"`
		}
		if err := json.Unmarshal(data, &head); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		m := idRE.FindStringSubmatch(head.ID)
		name := strings.TrimSuffix(f, ".schema.json")
		if m == nil || m[1] != name {
			t.Fatalf("%s: $id %q is not %sNAME/vN.json with NAME %s", f, head.ID, schemas.Base, name)
		}
		v, _ := strconv.Atoi(m[2])
		sum := sha256.Sum256(data)
		out = append(out, schemaFile{name, head.ID, v, hex.EncodeToString(sum[:])})
	}
	return out
}

// readVersions reads VERSIONS: "NAME VERSION SHA256" a line.
func readVersions(t *testing.T) map[string]schemaFile {
	t.Helper()
	data, _ := schemas.FS.ReadFile("VERSIONS")
	out := map[string]schemaFile{}
	for i, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		v, err := strconv.Atoi(f[1])
		if len(f) != 3 || err != nil {
			t.Fatalf("VERSIONS:%d: want NAME VERSION SHA256, got %q", i+1, line)
		}
		out[f[0]] = schemaFile{name: f[0], version: v, sum: f[2]}
	}
	return out
}

// TestSchemaVersions fails when a schema file changed but its version (the
// vN of its $id and URL constant) did not: a published schema URL never
// changes meaning. After a bump, `go test ./schemas -update` records the new
// version's hash; it never rewrites the hash of an unchanged version.
func TestSchemaVersions(t *testing.T) {
	files := readSchemas(t)
	recorded := readVersions(t)
	var lines []string
	changed := false
	for _, f := range files {
		r, ok := recorded[f.name]
		switch {
		case ok && r.version == f.version && r.sum != f.sum:
			t.Errorf("schemas/%s.schema.json changed without a version bump: its content hash is %s, VERSIONS records %s for version %d.\n"+
				"Bump the version: $id %s -> %sv%d.json, the URL constant in schemas/schemas.go, the outputs' \"$schema\" and docs/schemas.md; then run go test ./schemas -update",
				f.name, f.sum, r.sum, f.version, f.id, schemas.Base+f.name+"/", f.version+1)
		case ok && r.version > f.version:
			t.Errorf("schemas/%s.schema.json is version %d, VERSIONS records version %d: versions only go up", f.name, f.version, r.version)
		case !ok || r.version != f.version:
			changed = true
			if !*update {
				t.Errorf("schemas/%s.schema.json version %d is not recorded in VERSIONS: run go test ./schemas -update", f.name, f.version)
			}
		}
		lines = append(lines, fmt.Sprintf("%s %d %s", f.name, f.version, f.sum))
	}
	if len(recorded) != len(files) {
		changed = true
		if !*update {
			t.Errorf("VERSIONS lists %d schemas, schemas/ holds %d: run go test ./schemas -update", len(recorded), len(files))
		}
	}
	if changed && *update && !t.Failed() {
		body := "# NAME VERSION SHA256 of NAME.schema.json; a changed file needs a new version (see docs/schemas.md).\n" + strings.Join(lines, "\n") + "\n"
		if err := os.WriteFile("VERSIONS", []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGraphSchemaURL: graph/ imports nothing of convene, so it keeps its
// own copy of the URL.
func TestGraphSchemaURL(t *testing.T) {
	if graph.SchemaURL != schemas.Graph {
		t.Errorf("graph.SchemaURL = %q, schemas.Graph = %q", graph.SchemaURL, schemas.Graph)
	}
}

// TestSchemasCompile checks every schema against the 2020-12 meta-schema,
// and that the URL constants and the schema files name each other.
func TestSchemasCompile(t *testing.T) {
	c := schematest.Compiler(t)
	var ids []string
	for _, f := range readSchemas(t) {
		if _, err := c.Compile(f.id); err != nil {
			t.Errorf("%s: %v", f.name, err)
		}
		ids = append(ids, f.id)
	}
	want := slices.Sorted(slices.Values(urls))
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("URL constants and schema files differ (-constants +files):\n%s", diff)
	}
}
