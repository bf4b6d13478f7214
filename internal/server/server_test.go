package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/robfig/cron/v3"
	"go.uber.org/goleak"

	"github.com/convene-dev/convene/graph"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func smallGraph() *graph.Graph {
	b := graph.NewBuilder()
	b.AddNode(graph.Node{ID: "job:a", Kind: graph.Workload})
	b.AddNode(graph.Node{ID: "job:b", Kind: graph.Workload})
	b.AddNode(graph.Node{ID: "secret:x", Kind: graph.Credential})
	b.AddEdge(graph.Edge{From: "job:a", To: "secret:x", Kind: graph.Reads})
	return b.Build()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func start(t *testing.T, scan ScanFunc, every time.Duration) (base string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Schedule: cron.Every(every), Listener: ln, Scan: scan, RunAtStart: true})
	}()
	return "http://" + ln.Addr().String(), func() error { cancel(); return <-done }
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestScheduledScansAndMetrics(t *testing.T) {
	var runs atomic.Int32
	scan := func(ctx context.Context) (Outcome, error) {
		runs.Add(1)
		return Outcome{Graph: smallGraph(), Snapshot: int64(runs.Load())}, nil
	}
	base, stop := start(t, scan, time.Second)
	waitFor(t, func() bool { return runs.Load() >= 2 }) // the start-up run and a scheduled one
	code, body := get(t, base+"/metrics")
	for _, want := range []string{
		`convene_graph_nodes{kind="workload"} 2`,
		`convene_graph_edges{kind="reads"} 1`,
		`convene_scans_total{result="ok"}`,
		"convene_scan_duration_seconds_count",
		"convene_scan_last_success_timestamp_seconds",
	} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q (status %d)", want, code)
		}
	}
	if code, body := get(t, base+"/healthz"); code != 200 || !strings.Contains(body, `"status":"ok"`) {
		t.Errorf("/healthz = %d %s", code, body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestOverlappingRunsAreSkippedAndShutdownCancelsTheScan(t *testing.T) {
	started := make(chan struct{}, 10)
	var saved atomic.Bool
	scan := func(ctx context.Context) (Outcome, error) {
		started <- struct{}{}
		<-ctx.Done() // a scan longer than the interval, until shutdown
		return Outcome{}, ctx.Err()
	}
	base, stop := start(t, scan, 200*time.Millisecond)
	<-started
	waitFor(t, func() bool {
		_, body := get(t, base+"/metrics")
		return strings.Contains(body, "convene_scans_skipped_total 2")
	})
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if len(started) != 0 || saved.Load() {
		t.Errorf("a second scan started while the first ran")
	}
}

func TestHealthReportsFailure(t *testing.T) {
	scan := func(ctx context.Context) (Outcome, error) { return Outcome{}, io.ErrUnexpectedEOF }
	base, stop := start(t, scan, time.Hour)
	waitFor(t, func() bool { code, _ := get(t, base+"/healthz"); return code == 503 })
	_, body := get(t, base+"/healthz")
	if !strings.Contains(body, "unexpected EOF") {
		t.Errorf("/healthz body: %s", body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// Without a schedule the server only serves: the handler it is given
// answers beside /healthz and /metrics, and no scan runs.
func TestServeOnly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ui at "+r.URL.Path) })
	go func() { done <- Run(ctx, Options{Listener: ln, Handler: h, RunAtStart: true}) }()
	base := "http://" + ln.Addr().String()
	if code, body := get(t, base+"/ui/"); code != 200 || body != "ui at /ui/" {
		t.Errorf("/ui/ = %d %q", code, body)
	}
	if code, _ := get(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz = %d", code)
	}
	if _, body := get(t, base+"/metrics"); strings.Contains(body, `convene_scans_total{`) {
		t.Errorf("a scan ran in serve-only mode:\n%s", body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
