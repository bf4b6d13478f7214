package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/convene-dev/convene/internal/app"
	"github.com/convene-dev/convene/internal/web"
)

// openAPIDoc is the API document, parsed.
type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Paths   map[string]map[string]struct {
		Responses map[string]struct {
			Ref     string `json:"$ref"`
			Content map[string]struct {
				Schema json.RawMessage `json:"schema"`
			} `json:"content"`
		} `json:"responses"`
	} `json:"paths"`
}

func loadDoc(t *testing.T) openAPIDoc {
	t.Helper()
	var doc openAPIDoc
	if err := json.Unmarshal(web.OpenAPI(), &doc); err != nil {
		t.Fatalf("the OpenAPI document is not JSON: %v", err)
	}
	return doc
}

// Every documented operation is routed and every routed one documented.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := loadDoc(t)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	_, h := newServer(t, web.Options{})
	var routed []string
	for _, r := range h.Routes() {
		routed = append(routed, strings.ReplaceAll(r, "...}", "}"))
	}
	slices.Sort(documented)
	slices.Sort(routed)
	if diff := cmp.Diff(documented, routed); diff != "" {
		t.Errorf("documented operations differ from routed ones (-documented +routed):\n%s", diff)
	}
}

// schemaFor compiles the schema the document gives for one operation's
// response with the given status and media type.
func schemaFor(t *testing.T, c *jsonschema.Compiler, doc openAPIDoc, method, path string, status int, mediaType string) *jsonschema.Schema {
	t.Helper()
	op, ok := doc.Paths[path][strings.ToLower(method)]
	if !ok {
		t.Fatalf("%s %s is not documented", method, path)
	}
	resp, ok := op.Responses[strconv.Itoa(status)]
	if !ok {
		t.Fatalf("%s %s: status %d is not documented", method, path, status)
	}
	loc := "openapi.json#/paths/" + jsonPointer(path) + "/" + strings.ToLower(method) + "/responses/" + strconv.Itoa(status) + "/content/" + jsonPointer(mediaType) + "/schema"
	if resp.Ref != "" {
		if resp.Ref != "#/components/responses/Problem" || mediaType != "application/problem+json" {
			t.Fatalf("%s %s %d: unexpected %s for %s", method, path, status, resp.Ref, mediaType)
		}
		loc = "openapi.json#/components/schemas/Problem"
	} else if _, ok := resp.Content[mediaType]; !ok {
		t.Fatalf("%s %s %d: media type %s is not documented", method, path, status, mediaType)
	}
	sch, err := c.Compile(loc)
	if err != nil {
		t.Fatalf("compile %s: %v", loc, err)
	}
	return sch
}

func jsonPointer(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// Each endpoint's answers, good and bad, validate against the document.
func TestResponsesMatchTheDocument(t *testing.T) {
	doc := loadDoc(t)
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(web.OpenAPI()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("openapi.json", raw); err != nil {
		t.Fatal(err)
	}
	srv, _ := newServer(t, web.Options{Version: "test"})
	tests := []struct {
		name      string
		call      call
		doc       string // the documented path
		status    int
		mediaType string
	}{
		{"openapi", call{path: "/api/v1/openapi.json"}, "/api/v1/openapi.json", 200, "application/json"},
		{"search", call{path: "/api/v1/nodes?q=payments&limit=5"}, "/api/v1/nodes", 200, "application/json"},
		{"search by kind", call{path: "/api/v1/nodes?kind=owner"}, "/api/v1/nodes", 200, "application/json"},
		{"search bad kind", call{path: "/api/v1/nodes?kind=robot"}, "/api/v1/nodes", 400, "application/problem+json"},
		{"search bad limit", call{path: "/api/v1/nodes?limit=0"}, "/api/v1/nodes", 400, "application/problem+json"},
		{"node escaped", call{path: "/api/v1/nodes/vault:secret%2Fpayments%2Fdb"}, "/api/v1/nodes/{id}", 200, "application/json"},
		{"node with a fragment", call{path: "/api/v1/nodes/github.com%2Fnorthwind%2Fpayments-api%2F.mcp.json%23sentry"}, "/api/v1/nodes/{id}", 200, "application/json"},
		{"node unescaped slashes", call{path: "/api/v1/nodes/vault:secret/payments/db"}, "/api/v1/nodes/{id}", 200, "application/json"},
		{"node by suffix", call{path: "/api/v1/nodes/user%2Fsvc-backup"}, "/api/v1/nodes/{id}", 200, "application/json"},
		{"node ambiguous", call{path: "/api/v1/nodes/db"}, "/api/v1/nodes/{id}", 422, "application/problem+json"},
		{"node unknown", call{path: "/api/v1/nodes/no-such-thing"}, "/api/v1/nodes/{id}", 404, "application/problem+json"},
		{"plan", call{method: "POST", path: "/api/v1/plans", body: `{"action":"rotate","targets":["secret/payments/db"],"window":"2026-12-01T22:00Z/4h","environment":"production","ticket":"CHG-1"}`},
			"/api/v1/plans", 200, "application/json"},
		{"plan markdown", call{method: "POST", path: "/api/v1/plans", body: `{"action":"rotate","targets":["user/svc-backup"]}`, header: map[string]string{"Accept": "text/markdown"}},
			"/api/v1/plans", 200, "text/markdown"},
		{"plan html", call{method: "POST", path: "/api/v1/plans", body: `{"action":"revoke","target":"user/svc-backup"}`, header: map[string]string{"Accept": "text/html"}},
			"/api/v1/plans", 200, "text/html"},
		{"plan ambiguous", call{method: "POST", path: "/api/v1/plans", body: `{"action":"rotate","targets":["db"]}`}, "/api/v1/plans", 422, "application/problem+json"},
		{"plan unknown", call{method: "POST", path: "/api/v1/plans", body: `{"action":"rotate","targets":["nothing-here"]}`}, "/api/v1/plans", 404, "application/problem+json"},
		{"plan bad action", call{method: "POST", path: "/api/v1/plans", body: `{"action":"shred","targets":["db"]}`}, "/api/v1/plans", 400, "application/problem+json"},
		{"plan bad window", call{method: "POST", path: "/api/v1/plans", body: `{"action":"rotate","targets":["user/svc-backup"],"window":"tomorrow"}`}, "/api/v1/plans", 400, "application/problem+json"},
		{"plan unknown field", call{method: "POST", path: "/api/v1/plans", body: `{"action":"rotate","target":"user/svc-backup","when":"now"}`}, "/api/v1/plans", 400, "application/problem+json"},
		{"plan not JSON", call{method: "POST", path: "/api/v1/plans", body: `action=rotate`, header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}},
			"/api/v1/plans", 415, "application/problem+json"},
		{"plan cross-site", call{method: "POST", path: "/api/v1/plans", body: `{"action":"rotate","target":"user/svc-backup"}`, header: map[string]string{"Origin": "https://evil.example"}},
			"/api/v1/plans", 403, "application/problem+json"},
		{"plan cross-site fetch", call{method: "POST", path: "/api/v1/plans", body: `{"action":"rotate","target":"user/svc-backup"}`, header: map[string]string{"Sec-Fetch-Site": "cross-site"}},
			"/api/v1/plans", 403, "application/problem+json"},
		{"plan too big", call{method: "POST", path: "/api/v1/plans", body: `{"action":"rotate","notes":"` + strings.Repeat("x", 70<<10) + `"}`}, "/api/v1/plans", 413, "application/problem+json"},
		{"findings", call{path: "/api/v1/findings"}, "/api/v1/findings", 200, "application/json"},
		{"findings filtered", call{path: "/api/v1/findings?severity=high&rule=NHI-*"}, "/api/v1/findings", 200, "application/json"},
		{"findings bad severity", call{path: "/api/v1/findings?severity=dire"}, "/api/v1/findings", 400, "application/problem+json"},
		{"drift", call{path: "/api/v1/drift"}, "/api/v1/drift", 200, "application/json"},
		{"drift from first", call{path: "/api/v1/drift?from=1&to=latest"}, "/api/v1/drift", 200, "application/json"},
		{"drift file refused", call{path: "/api/v1/drift?from=/etc/passwd"}, "/api/v1/drift", 400, "application/problem+json"},
		{"drift missing snapshot", call{path: "/api/v1/drift?from=999"}, "/api/v1/drift", 404, "application/problem+json"},
		{"snapshots", call{path: "/api/v1/snapshots"}, "/api/v1/snapshots", 200, "application/json"},
		{"owners", call{path: "/api/v1/owners"}, "/api/v1/owners", 200, "application/json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, mt, body := do(t, srv, tc.call)
			if status != tc.status || mt != tc.mediaType {
				t.Fatalf("got %d %s, want %d %s:\n%s", status, mt, tc.status, tc.mediaType, body)
			}
			method := tc.call.method
			if method == "" {
				method = http.MethodGet
			}
			sch := schemaFor(t, c, doc, method, tc.doc, tc.status, tc.mediaType)
			var v any = string(body)
			if strings.Contains(tc.mediaType, "json") {
				if v, err = jsonschema.UnmarshalJSON(bytes.NewReader(body)); err != nil {
					t.Fatalf("not JSON: %v\n%s", err, body)
				}
			}
			if err := sch.Validate(v); err != nil {
				t.Errorf("response does not match the document: %v\n%.2000s", err, body)
			}
		})
	}
}

// The API's plan is the plan `convene plan --format json` prints, byte for
// byte, in every format the API offers.
func TestPlanIsTheCLIsPlan(t *testing.T) {
	srv, _ := newServer(t, web.Options{})
	estateBackend(t)
	for _, tc := range []struct{ target, format, accept string }{
		{"secret/payments/db", "json", "application/json"},
		{"user/svc-backup", "json", "application/json"},
		{"user/svc-backup", "md", "text/markdown"},
		{"github.com/northwind/payments-api/secrets/AGENT_GITHUB_PAT", "html", "text/html"},
	} {
		var cli bytes.Buffer
		a := &app.App{Stdout: &cli, Stderr: io.Discard, Clock: func() time.Time { return fixedNow }}
		err := a.Plan(context.Background(), app.PlanOptions{Action: "rotate", Target: tc.target, Window: "2026-12-01T22:00Z/4h",
			Format: tc.format, Graph: app.GraphSource{Store: estate.store}})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(map[string]any{"action": "rotate", "targets": []string{tc.target}, "window": "2026-12-01T22:00Z/4h"})
		status, _, got := do(t, srv, call{method: "POST", path: "/api/v1/plans", body: string(body), header: map[string]string{"Accept": tc.accept}})
		if status != 200 {
			t.Fatalf("%s: %d\n%s", tc.target, status, got)
		}
		if diff := cmp.Diff(cli.String(), string(got)); diff != "" {
			t.Errorf("plan of %s as %s differs from the CLI's (-cli +api):\n%s", tc.target, tc.format, diff)
		}
	}
}
