// Package schematest validates convene's JSON outputs against the schemas
// of package schemas in tests, with a real JSON Schema 2020-12 validator.
package schematest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/convene-dev/convene/schemas"
)

// Compiler returns a compiler that knows every schema by its URL, asserts
// formats (date-time) and reads schemas as draft 2020-12.
func Compiler(t testing.TB) *jsonschema.Compiler {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	files, err := fs.Glob(schemas.FS, "*.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, _ := schemas.FS.ReadFile(f)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("schemas/%s: %v", f, err)
		}
		var head struct {
			ID string `json:"$id"`
		}
		if err := json.Unmarshal(data, &head); err != nil {
			t.Fatalf("schemas/%s: %v", f, err)
		}
		if err := c.AddResource(head.ID, doc); err != nil {
			t.Fatalf("schemas/%s: %v", f, err)
		}
	}
	return c
}

// Validate checks that data is one JSON document that names its schema in
// a top-level "$schema" member equal to url, and that it is valid against
// that schema. It fails t with the validator's explanation when not.
func Validate(t testing.TB, url string, data []byte) {
	t.Helper()
	if err := Check(Compiler(t), url, data); err != nil {
		t.Error(err)
	}
}

// Check is Validate returning the problem.
func Check(c *jsonschema.Compiler, url string, data []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return fmt.Errorf("the document is a %T, want an object", doc)
	}
	if got := obj["$schema"]; got != url {
		return fmt.Errorf("\"$schema\" is %v, want %q", got, url)
	}
	sch, err := c.Compile(url)
	if err != nil {
		return fmt.Errorf("compile %s: %w", url, err)
	}
	if err := sch.Validate(doc); err != nil {
		return fmt.Errorf("the document does not follow %s:\n%v", url, err)
	}
	return nil
}
