package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
)

// TestObservedSince scans the estate counting only audit entries of the
// last three days before fixedNow (2026-11-29 12:00): the legacy key's
// hidden client keeps its two calls of 27 November, the payments-api pods
// their one read, and older entries are left out.
func TestObservedSince(t *testing.T) {
	graphFile := filepath.Join(t.TempDir(), "estate.json")
	if _, stderr, code := runAt(t, "scan", "testdata/estate", "--out", graphFile, "--observed-since", "3d"); code != 0 {
		t.Fatalf("scan: exit %d\n%s", code, stderr)
	}
	f, err := os.Open(graphFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := graph.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int64{}
	for _, e := range g.Edges() {
		for _, ev := range e.Evidence {
			if ev.Observed != nil {
				counts[e.Key().String()] += ev.Observed.Count
				if ev.Observed.FirstSeen.Before(fixedNow.AddDate(0, 0, -3)) {
					t.Errorf("%s: an observation from %s counted", e.Key(), ev.Observed.FirstSeen)
				}
			}
		}
	}
	for key, want := range map[string]int64{
		"observed-client:aws-access-key:AKIAZNWLEGACYKEY0001@203.0.113.77/Boto3 -uses-> aws-access-key:AKIAZNWLEGACYKEY0001": 2,
		"k8s:prod-eu/payments/deployment/payments-api -reads-> vault:secret/payments/db":                                     1,
	} {
		if counts[key] != want {
			t.Errorf("%s: %d uses, want %d", key, counts[key], want)
		}
	}
	if _, stderr, code := runAt(t, "scan", "testdata/estate", "--observed-since", "soon"); code != 2 || !strings.Contains(stderr, "--observed-since") {
		t.Errorf("a bad --observed-since: exit %d, %s", code, stderr)
	}
}
