package cloudtrail

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/convene-dev/convene/connectors/internal/observe"
	"github.com/convene-dev/convene/graph"
)

// FuzzFile feeds arbitrary files to the reader: it must never panic nor
// fail, whatever the bytes.
func FuzzFile(f *testing.F) {
	for _, p := range []string{"testdata/records.json", "testdata/bare-array.json"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"Records":[{"eventName":"AssumeRole","userIdentity":{"type":"WebIdentityUser"}}`))
	f.Add([]byte(`[1,2,`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "trail.json")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		agg := observe.NewAggregator(time.Time{})
		if err := readFile(context.Background(), p, agg, graph.NewBuilder()); err != nil {
			t.Fatal(err)
		}
		for _, u := range agg.Uses() {
			if u.Object == "" || u.Client == "" {
				t.Fatalf("use with no object or client: %+v", u.Key)
			}
		}
	})
}
