package vault

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/convene-dev/convene/graph"
)

// slowKV is a Vault with one KV v2 mount of teams/apps/secrets, answering
// every request after a fixed latency, as a distant cluster does.
type slowKV struct {
	teams, apps, secrets int
	latency              time.Duration
	requests             atomic.Int64
}

func (v *slowKV) wait(ctx context.Context) error {
	v.requests.Add(1)
	select {
	case <-time.After(v.latency):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (v *slowKV) List(ctx context.Context, p string) ([]string, error) {
	if err := v.wait(ctx); err != nil {
		return nil, err
	}
	rest, ok := strings.CutPrefix(p, "secret/metadata/")
	if !ok {
		return nil, nil
	}
	var keys []string
	switch strings.Count(rest, "/") {
	case 0: // the mount: teams
		for i := range v.teams {
			keys = append(keys, "team"+strconv.Itoa(i)+"/")
		}
	case 1: // a team: apps
		for i := range v.apps {
			keys = append(keys, "app"+strconv.Itoa(i)+"/")
		}
	case 2: // an app: secrets
		for i := range v.secrets {
			keys = append(keys, "s"+strconv.Itoa(i))
		}
	}
	return keys, nil
}

func (v *slowKV) Read(ctx context.Context, p string) (map[string]any, error) {
	if err := v.wait(ctx); err != nil {
		return nil, err
	}
	switch {
	case p == "sys/mounts":
		return map[string]any{"secret/": map[string]any{"type": "kv", "options": map[string]any{"version": "2"}}}, nil
	case strings.HasPrefix(p, "secret/metadata/"):
		return map[string]any{"current_version": 1, "created_time": "2026-01-02T03:04:05Z"}, nil
	}
	return nil, nil
}

// BenchmarkKVWalkLatency scans a KV mount behind a fixed latency and
// reports x-bound: the scan's time over requests × latency / workers, the
// time a walk that always kept every worker busy would take. Sleeping
// requests cost no CPU, so the figure holds on a loaded machine.
func BenchmarkKVWalkLatency(b *testing.B) {
	const workers = 16
	for _, tc := range []struct {
		latency              time.Duration
		teams, apps, secrets int
	}{
		{5 * time.Millisecond, 40, 50, 10},
		{50 * time.Millisecond, 20, 10, 10},
	} {
		b.Run(fmt.Sprintf("latency=%s", tc.latency), func(b *testing.B) {
			if testing.Short() {
				b.Skip("-short: the walk takes seconds of latency")
			}
			var ratio float64
			var reqs int64
			b.ReportAllocs()
			for b.Loop() {
				v := &slowKV{teams: tc.teams, apps: tc.apps, secrets: tc.secrets, latency: tc.latency}
				start := time.Now()
				if err := Scan(context.Background(), v, graph.NewBuilder(), Options{Source: "https://vault.test:8200", Workers: workers}); err != nil {
					b.Fatal(err)
				}
				took := time.Since(start)
				reqs = v.requests.Load()
				ratio = float64(took) / float64(time.Duration(reqs)*tc.latency/workers)
			}
			b.ReportMetric(float64(reqs), "requests")
			b.ReportMetric(ratio, "x-bound")
		})
	}
}
