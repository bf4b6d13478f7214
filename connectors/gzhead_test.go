package connectors_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"testing"

	"github.com/convene-dev/convene/connectors"
)

// TestRouteGzip routes a gzip-compressed log by its decompressed content,
// and leaves a gzip file of other content unclaimed.
func TestRouteGzip(t *testing.T) {
	gz := func(s string) string {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(s))
		zw.Close()
		return buf.String()
	}
	root := writeTree(t, map[string]string{
		"logs/trail.json.gz": gz(`{"Records":[{"eventName":"AssumeRole"}]}`),
		"logs/other.json.gz": gz(`{"something":"else"}`),
	})
	trail := &fake{name: "trail", suffix: ".gz", content: `"Records"`}
	got, err := connectors.Route(context.Background(), []string{root}, []connectors.Connector{trail}, connectors.RouteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Files["trail"]) != 1 || got.Binary != 0 {
		t.Errorf("routed %v, binary %d; want the trail file only and nothing binary", got.Files, got.Binary)
	}
}
