package observe

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func TestAggregator(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	a := NewAggregator(day(10))
	k := Key{Kind: graph.Reads, Object: "vault:secret/a", Subject: "vault:auth/approle/role/r", Client: "c"}
	calls := 0
	attrs := func() map[string]string { calls++; return map[string]string{"auth_method": "approle"} }
	a.Add(k, "vault-kv-secret", day(12), 7, attrs, "10.0.0.1")
	a.Add(k, "vault-kv-secret", day(11), 9, attrs, "10.0.0.2", "")
	a.Add(k, "vault-kv-secret", day(9), 3, attrs, "10.0.0.3") // before since
	for i := range 2 * graph.MaxObservationSources {
		a.Add(k, "vault-kv-secret", day(15), 20, attrs, fmt.Sprintf("10.1.0.%d", i))
	}
	if a.Len() != 1 || a.Dropped != 1 || calls != 1 {
		t.Fatalf("len %d dropped %d attrs calls %d; want 1, 1, 1", a.Len(), a.Dropped, calls)
	}
	u := a.Uses()[0]
	if u.Count != 2+2*graph.MaxObservationSources || !u.FirstSeen.Equal(day(11)) || !u.LastSeen.Equal(day(15)) || u.Line != 7 {
		t.Errorf("use %+v", u)
	}
	if n := len(u.Sources()); n != graph.MaxObservationSources {
		t.Errorf("%d sources kept, want at most %d", n, graph.MaxObservationSources)
	}

	// Fill: requests count only where no response was seen.
	req := NewAggregator(time.Time{})
	other := Key{Kind: graph.Reads, Object: "vault:secret/b", Client: "c"}
	denied := Key{Kind: graph.Reads, Object: "vault:secret/c", Client: "c"}
	req.Add(k, "vault-kv-secret", day(12), 1, nil)
	req.Add(other, "vault-kv-secret", day(12), 2, nil)
	req.Add(denied, "vault-kv-secret", day(12), 3, nil)
	a.Fill(req, func(k Key) bool { return k != denied })
	var got []string
	for _, u := range a.Uses() {
		got = append(got, fmt.Sprintf("%s %d", u.Object, u.Count))
	}
	if diff := cmp.Diff([]string{"vault:secret/b 1", "vault:secret/a 66"}, got); diff != "" {
		t.Errorf("after Fill (-want +got):\n%s", diff)
	}
}
