package kubernetes

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/graph"
)

// FuzzLiveObject feeds the live path's conversion arbitrary JSON objects,
// as a server could send them, seeded with the objects of
// testdata/live/gitops.yaml. It must never panic, never keep data,
// stringData or a last-applied annotation, and what it reads must map
// into a builder without a diagnostic of the builder's own.
func FuzzLiveObject(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "live", "gitops.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	for {
		var m map[string]any
		if dec.Decode(&m) != nil {
			break
		}
		raw, _ := json.Marshal(m)
		f.Add(raw)
	}
	f.Add([]byte(`{"kind":"Secret","metadata":{"name":"x","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"PLANTED"}},"data":{"k":"UExBTlRFRA=="}}`))
	f.Add([]byte(`{"kind":"Pod","metadata":{"name":"p","ownerReferences":[{"kind":"ReplicaSet","controller":true}]}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var m map[string]any
		if json.Unmarshal(raw, &m) != nil || m == nil {
			return
		}
		r := &clusterReader{cluster: "fuzz"}
		o, ok := r.object(res("", "v1", "pods", "Pod"), m)
		if !ok {
			return
		}
		md := o.get(o.Root, "metadata")
		if o.get(o.Root, "data") != nil || o.get(o.Root, "stringData") != nil ||
			o.get(o.get(md, "annotations"), "kubectl.kubernetes.io/last-applied-configuration") != nil {
			out, _ := yaml.Marshal(o.Root)
			t.Fatalf("kept data, stringData or the last-applied annotation: %s", out)
		}
		// Nor is what they held moved anywhere else; a planted word the
		// input also has in a field that stays is not a leak.
		out, _ := yaml.Marshal(o.Root)
		elsewhere, _ := json.Marshal(withoutDropped(m))
		for _, leak := range []string{"PLANTED", "UExBTlRFRA==", "last-applied-configuration", "stringData"} {
			if strings.Contains(string(out), leak) && !strings.Contains(string(elsewhere), leak) {
				t.Fatalf("kept %q: %s", leak, out)
			}
		}
		b := graph.NewBuilder()
		if err := Emit(context.Background(), collapse([]Object{o}), func(string) string { return "fuzz" }, b); err != nil {
			t.Fatal(err)
		}
		for _, d := range b.Build().Diagnostics() {
			if strings.Contains(d.Message, "roleRef names no Role") {
				continue // a binding that cannot be mapped says so (as FuzzParse allows)
			}
			t.Fatalf("builder diagnostic: %v", d)
		}
	})
}

// withoutDropped is a copy of a live object without what the live path
// must never keep: data, stringData and the last-applied annotation.
func withoutDropped(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if k != "data" && k != "stringData" {
			out[k] = v
		}
	}
	if meta, ok := m["metadata"].(map[string]any); ok {
		kept := make(map[string]any, len(meta))
		for k, v := range meta {
			kept[k] = v
		}
		if ann, ok := meta["annotations"].(map[string]any); ok {
			rest := make(map[string]any, len(ann))
			for k, v := range ann {
				if k != "kubectl.kubernetes.io/last-applied-configuration" {
					rest[k] = v
				}
			}
			kept["annotations"] = rest
		}
		out["metadata"] = kept
	}
	return out
}
