package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/app"
	"github.com/convene-dev/convene/internal/synth"
	"github.com/convene-dev/convene/internal/web"
)

// TestLoad measures plans per second and latency with 50 concurrent
// clients on the 100k-node synthetic estate, over loopback. It is off by
// default: CONVENE_LOAD=1 runs it (CONVENE_LOAD_NODES and
// CONVENE_LOAD_REQUESTS change the size). docs/performance.md records the
// figures.
func TestLoad(t *testing.T) {
	if os.Getenv("CONVENE_LOAD") == "" {
		t.Skip("load test off; run with CONVENE_LOAD=1")
	}
	nodes, requests, clients := envInt("CONVENE_LOAD_NODES", 100_000), envInt("CONVENE_LOAD_REQUESTS", 3000), 50
	const budget = 3 * time.Minute

	start := time.Now()
	g := synth.Build(1, nodes)
	a := &app.App{Stdout: io.Discard, Stderr: io.Discard}
	r, err := a.NewResident("sqlite://"+t.TempDir()+"/unused.db", "")
	if err != nil {
		t.Fatal(err)
	}
	r.Set(g, "synthetic estate", 0)
	t.Logf("built and loaded %d nodes in %s", g.Len(), time.Since(start).Round(time.Millisecond))

	picked := loadTargets(g)

	srv := httptest.NewServer(web.New(r, web.Options{Timeout: time.Minute}))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: time.Minute}
	post := func(target string) (time.Duration, int, error) {
		body, _ := json.Marshal(map[string]any{"action": "rotate", "targets": []string{target}, "window": "2026-12-01T22:00Z/4h"})
		began := time.Now()
		resp, err := client.Post(srv.URL+"/api/v1/plans", "application/json", bytes.NewReader(body))
		if err != nil {
			return 0, 0, err
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return 0, 0, &statusError{resp.StatusCode}
		}
		return time.Since(began), int(n), nil
	}
	// The first plan works out the findings once for the state.
	if d, _, err := post(picked[0]); err != nil {
		t.Fatal(err)
	} else {
		t.Logf("first plan (with the findings of the state): %s", d.Round(time.Millisecond))
	}

	var next, bytesOut atomic.Int64
	lat := make([]time.Duration, requests)
	errs := make(chan error, clients)
	deadline := time.Now().Add(budget)
	began := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= requests || time.Now().After(deadline) {
					return
				}
				d, n, err := post(picked[i%len(picked)])
				if err != nil {
					errs <- err
					return
				}
				lat[i] = d
				bytesOut.Add(int64(n))
			}
		}()
	}
	wg.Wait()
	took := time.Since(began)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	done := slices.DeleteFunc(lat, func(d time.Duration) bool { return d == 0 })
	slices.Sort(done)
	pct := func(p float64) time.Duration {
		return done[min(len(done)-1, int(p*float64(len(done))))].Round(time.Microsecond)
	}
	t.Logf("%d nodes, %d clients, %d plans of %d targets in %s: %.0f plans/s; latency p50 %s, p90 %s, p99 %s, max %s; %.1f KiB a plan",
		g.Len(), clients, len(done), len(picked), took.Round(time.Millisecond), float64(len(done))/took.Seconds(),
		pct(0.50), pct(0.90), pct(0.99), done[len(done)-1].Round(time.Microsecond), float64(bytesOut.Load())/float64(len(done))/1024)
}

// loadTargets are the credentials the load is spread over: every 7th, and
// the estate's busiest secret, a mix of small and very wide plans.
func loadTargets(g *graph.Graph) []string {
	var targets, picked []string
	for _, n := range g.Nodes() {
		if n.Kind == graph.Credential {
			targets = append(targets, n.ID)
		}
	}
	for i := 0; i < len(targets); i += 7 {
		picked = append(picked, targets[i])
	}
	return append(picked, synth.HotSecret)
}

type statusError struct{ code int }

func (e *statusError) Error() string { return "status " + strconv.Itoa(e.code) }

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkPlanAPI is one POST /api/v1/plans through the handler, without
// the network, on synthetic estates, over TestLoad's targets in turn: the
// per-plan cost behind TestLoad.
func BenchmarkPlanAPI(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run("nodes="+strconv.Itoa(n), func(b *testing.B) {
			g := synth.Build(1, n)
			a := &app.App{Stdout: io.Discard, Stderr: io.Discard}
			r, err := a.NewResident("sqlite://"+b.TempDir()+"/unused.db", "")
			if err != nil {
				b.Fatal(err)
			}
			r.Set(g, "synthetic estate", 0)
			var bodies [][]byte
			for _, id := range loadTargets(g) {
				body, _ := json.Marshal(map[string]any{"action": "rotate", "targets": []string{id}, "window": "2026-12-01T22:00Z/4h"})
				bodies = append(bodies, body)
			}
			h := web.New(r, web.Options{})
			plan := func(body []byte) {
				req := httptest.NewRequest(http.MethodPost, "/api/v1/plans", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d: %s", rec.Code, rec.Body)
				}
			}
			plan(bodies[0]) // the findings of the state, once
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				plan(bodies[i%len(bodies)])
			}
		})
	}
}
