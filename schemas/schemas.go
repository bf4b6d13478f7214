// Package schemas holds the JSON Schemas (draft 2020-12) of every JSON
// document convene writes, and the stable URL each document names in its
// top-level "$schema" member. docs/schemas.md describes them.
//
// A schema's URL carries its major version; the URL never changes for a
// version, and the checked-in VERSIONS file pins each schema file's content
// to its version, so that a change to a schema without a version bump fails
// a test.
package schemas

import "embed"

// Base is the prefix of every schema URL: Base + NAME + "/v" + VERSION + ".json".
const Base = "https://convene.dev/schemas/"

// The URLs of the schemas, one per JSON document convene writes. Each
// document carries its URL in a top-level "$schema" member.
const (
	Graph       = Base + "graph/v1.json"        // the graph file (scan --out, export --format json)
	Plan        = Base + "plan/v1.json"         // plan --format json
	Findings    = Base + "findings/v1.json"     // findings --format json
	Drift       = Base + "drift/v1.json"        // diff --format json
	Verify      = Base + "verify/v1.json"       // verify --format json
	Show        = Base + "show/v1.json"         // show --format json
	Access      = Base + "access/v1.json"       // access --format json
	Owners      = Base + "owners/v1.json"       // owners --format json
	Connectors  = Base + "connectors/v1.json"   // connectors --format json
	History     = Base + "history/v1.json"      // history --format json
	ScanSummary = Base + "scan-summary/v1.json" // scan --summary json
)

// FS holds the schema files, NAME.schema.json, and VERSIONS.
//
//go:embed *.schema.json VERSIONS
var FS embed.FS
