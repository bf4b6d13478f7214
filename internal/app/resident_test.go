package app

import (
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/store"
)

func tinyGraph(ids ...string) *graph.Graph {
	b := graph.NewBuilder()
	for _, id := range ids {
		b.AddNode(graph.Node{ID: id, Kind: graph.Credential, Type: "test", Evidence: []graph.Evidence{{Connector: "test", Source: "f", Line: 1}}})
	}
	return b.Build()
}

func nodeIDs(g *graph.Graph) []string {
	var out []string
	for _, n := range g.Nodes() {
		out = append(out, n.ID)
	}
	return out
}

// The resident state follows the store: a snapshot saved by any scanner,
// of any source, is merged in at the next check, and a check with nothing
// new keeps the state as it is.
func TestResidentReloadsWhenAScannerSaves(t *testing.T) {
	ctx := context.Background()
	url := "sqlite://" + filepath.Join(t.TempDir(), "store.db")
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a := &App{Stdout: io.Discard, Stderr: io.Discard}
	r, err := a.NewResident(url, "")
	if err != nil {
		t.Fatal(err)
	}
	if changed, err := r.Reload(ctx); err != nil || changed || r.State() != nil {
		t.Fatalf("empty store: Reload = %v, %v; state %v", changed, err, r.State())
	}
	if _, err := st.Save(ctx, tinyGraph("secret:a"), store.Info{Source: "host-1"}); err != nil {
		t.Fatal(err)
	}
	if changed, err := r.Reload(ctx); err != nil || !changed {
		t.Fatalf("after a save: Reload = %v, %v", changed, err)
	}
	first := r.State()
	if changed, _ := r.Reload(ctx); changed || r.State() != first {
		t.Fatal("a check with nothing new replaced the state")
	}

	watchCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { r.Watch(watchCtx, 20*time.Millisecond); close(done) }()
	saved, err := st.Save(ctx, tinyGraph("secret:b"), store.Info{Source: "host-2"})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for r.State().Snapshot != saved.ID {
		if time.Now().After(deadline) {
			t.Fatal("the watcher did not load the new snapshot")
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	<-done
	if diff := cmp.Diff([]string{"secret:a", "secret:b"}, nodeIDs(r.State().Graph)); diff != "" {
		t.Errorf("resident nodes (-want +got):\n%s", diff)
	}
	if !strings.Contains(r.State().Label, "2 sources") {
		t.Errorf("label %q does not say both sources are merged", r.State().Label)
	}
}

func TestServeRefusesAnOpenAddressWithoutAuth(t *testing.T) {
	a := &App{Stdout: io.Discard, Stderr: io.Discard}
	url := "sqlite://" + filepath.Join(t.TempDir(), "store.db")
	err := a.Serve(context.Background(), ServeOptions{Listen: "0.0.0.0:0", Store: url})
	if ExitCode(err) != 2 || !strings.Contains(err.Error(), "configure authentication") {
		t.Fatalf("Serve = %v, want a usage error asking for authentication", err)
	}
	err = a.Serve(context.Background(), ServeOptions{Listen: "127.0.0.1:0", Store: url, ProxyHeader: "X-Forwarded-User"})
	if ExitCode(err) != 2 {
		t.Fatalf("Serve with a proxy header and no allow list = %v, want a usage error", err)
	}
}

// `convene serve` with a store and no paths serves the store's latest
// state without scanning, and picks up a snapshot another scanner saves.
func TestServeServesTheStoreAndReloads(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url := "sqlite://" + filepath.Join(t.TempDir(), "store.db")
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Save(ctx, tinyGraph("secret:first"), store.Info{Source: "scanner-1"}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	a := &App{Stdout: io.Discard, Stderr: io.Discard}
	done := make(chan error, 1)
	go func() {
		done <- a.Serve(ctx, ServeOptions{Listen: addr, Store: url, ReloadEvery: 20 * time.Millisecond})
	}()
	get := func(path string) string {
		deadline := time.Now().Add(10 * time.Second)
		for {
			resp, err := http.Get("http://" + addr + path)
			if err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				return string(body)
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET %s: %v", path, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if body := get("/api/v1/nodes?q=secret"); !strings.Contains(body, "secret:first") {
		t.Fatalf("search before the second save:\n%s", body)
	}
	if _, err := st.Save(ctx, tinyGraph("secret:second"), store.Info{Source: "scanner-2"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(get("/api/v1/nodes?q=secret"), "secret:second") {
		if time.Now().After(deadline) {
			t.Fatal("serve did not load the snapshot another scanner saved")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if body := get("/healthz"); !strings.Contains(body, `"serving_nodes":2`) {
		t.Errorf("/healthz does not say what is served:\n%s", body)
	}
	if body := get("/metrics"); strings.Contains(body, "convene_scans_total{") {
		t.Errorf("serve without paths scanned:\n%s", body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Serve: %v", err)
	}
}
