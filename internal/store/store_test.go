package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// The suite runs against SQLite always and against PostgreSQL when
// CONVENE_TEST_POSTGRES names a server (postgres://user@host:port/db);
// .ci/run starts one. Each test gets a database of its own.
const postgresEnv = "CONVENE_TEST_POSTGRES"

type backend struct {
	name string
	// url returns the URL of a new, empty store for t.
	url func(t *testing.T) string
}

func backends(t *testing.T) []backend {
	bs := []backend{{"sqlite", func(t *testing.T) string {
		return "sqlite://" + filepath.Join(t.TempDir(), "convene.db")
	}}}
	admin := os.Getenv(postgresEnv)
	if admin == "" {
		t.Logf("PostgreSQL part skipped: set %s=postgres://USER@127.0.0.1:PORT/postgres (see .ci/run) to run it", postgresEnv)
		return bs
	}
	return append(bs, backend{"postgres", func(t *testing.T) string { return freshPostgres(t, admin) }})
}

func freshPostgres(t *testing.T, admin string) string {
	t.Helper()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := fmt.Sprintf("convene_test_%d", rand.Int64N(1<<40))
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err == nil {
			db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			db.Close()
		}
	})
	i := strings.LastIndex(admin, "/")
	rest := ""
	if q := strings.Index(admin[i:], "?"); q >= 0 {
		rest = admin[i+q:]
	}
	return admin[:i+1] + name + rest
}

func open(t *testing.T, url string) Store {
	t.Helper()
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// estate builds a small graph whose node IDs carry a tag, so that graphs of
// different sources and versions differ.
func estate(tag string, n int) *graph.Graph {
	b := graph.NewBuilder()
	for i := range n {
		id := fmt.Sprintf("%s:node/%d", tag, i)
		b.AddNode(graph.Node{ID: id, Kind: graph.Workload, Type: "cron-job", Name: fmt.Sprint(i),
			Evidence: []graph.Evidence{{Connector: "test", Source: tag, Line: i + 1, Basis: graph.Declared}}})
		if i > 0 {
			b.AddEdge(graph.Edge{From: id, To: fmt.Sprintf("%s:node/%d", tag, i-1), Kind: graph.DependsOn})
		}
	}
	b.Diagnose(graph.Diagnostic{Connector: "test", File: tag, Severity: graph.Warning, Message: "sample"})
	return b.Build()
}

func TestSaveLoadList(t *testing.T) {
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, be.url(t))
			if _, err := s.StateAt(ctx, 0); !errors.Is(err, ErrNotFound) {
				t.Fatalf("empty store: err = %v, want ErrNotFound", err)
			}
			g := estate("hosts", 5)
			meta := Meta{Paths: []string{"/etc"}, Version: "test", Connectors: []ConnectorRun{{Name: "cron", Files: 3, Duration: time.Second}}}
			first, err := s.Save(ctx, g, Info{Source: "hosts", Meta: meta})
			if err != nil {
				t.Fatal(err)
			}
			second, err := s.Save(ctx, estate("hosts", 6), Info{Source: "hosts"})
			if err != nil {
				t.Fatal(err)
			}
			if second.ID <= first.ID {
				t.Errorf("IDs do not grow: %d then %d", first.ID, second.ID)
			}
			back, info, err := s.Load(ctx, first.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(g.String(), back.String()); diff != "" {
				t.Errorf("loaded graph (-saved +loaded):\n%s", diff)
			}
			if diff := cmp.Diff(first, info); diff != "" {
				t.Errorf("info (-saved +loaded):\n%s", diff)
			}
			if info.Nodes != 5 || info.Edges != 4 || info.Diagnostics != 1 {
				t.Errorf("counts = %d %d %d", info.Nodes, info.Edges, info.Diagnostics)
			}
			list, err := s.List(ctx, "")
			if err != nil || len(list) != 2 || list[0].ID != second.ID {
				t.Errorf("List = %v, %v; want newest first", list, err)
			}
			if _, _, err := s.Load(ctx, 999999); !errors.Is(err, ErrNotFound) {
				t.Errorf("missing snapshot: err = %v", err)
			}
		})
	}
}

func TestStateMergesLatestPerSource(t *testing.T) {
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, be.url(t))
			a1, _ := s.Save(ctx, estate("a", 2), Info{Source: "zone-a"})
			b1, _ := s.Save(ctx, estate("b", 3), Info{Source: "zone-b"})
			a2, _ := s.Save(ctx, estate("a", 4), Info{Source: "zone-a"})

			st, err := s.StateAt(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if st.Graph.Len() != 7 || len(st.Snapshots) != 2 || st.Snapshots[0].ID != a2.ID || st.Snapshots[1].ID != b1.ID {
				t.Errorf("latest state: %d nodes from %v", st.Graph.Len(), st.Snapshots)
			}
			old, err := s.StateAt(ctx, b1.ID)
			if err != nil {
				t.Fatal(err)
			}
			if old.Graph.Len() != 5 || old.Snapshots[0].ID != a1.ID {
				t.Errorf("state at %d: %d nodes from %v", b1.ID, old.Graph.Len(), old.Snapshots)
			}
		})
	}
}

func TestConcurrentScannersSavePartialSnapshots(t *testing.T) {
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			url := be.url(t)
			open(t, url) // create the schema once, as a first scan would
			var wg sync.WaitGroup
			errs := make(chan error, 8)
			for i := range 4 {
				wg.Add(1)
				go func() { // each scanner has its own connection, as separate processes would
					defer wg.Done()
					s, err := Open(ctx, url)
					if err != nil {
						errs <- err
						return
					}
					defer s.Close()
					for round := range 3 {
						if _, err := s.Save(ctx, estate(fmt.Sprintf("src%d", i), 50+round), Info{Source: fmt.Sprintf("scanner-%d", i)}); err != nil {
							errs <- err
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			st, err := open(t, url).StateAt(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Snapshots) != 4 || st.Graph.Len() != 4*52 {
				t.Errorf("merged %d snapshots, %d nodes; want 4 and %d", len(st.Snapshots), st.Graph.Len(), 4*52)
			}
		})
	}
}

func TestPrune(t *testing.T) {
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, be.url(t))
			old := time.Now().Add(-30 * 24 * time.Hour)
			for i := range 4 {
				s.Save(ctx, estate("a", 1), Info{Source: "a", CreatedAt: old.Add(time.Duration(i) * time.Hour)})
			}
			s.Save(ctx, estate("b", 1), Info{Source: "b", CreatedAt: old}) // the only one of b: kept
			for range 3 {
				s.Save(ctx, estate("a", 1), Info{Source: "a"})
			}
			n, err := s.Prune(ctx, 5, 7*24*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if n != 4 {
				t.Errorf("pruned %d, want the 4 old snapshots of a", n)
			}
			left, _ := s.List(ctx, "")
			if len(left) != 4 {
				t.Errorf("%d snapshots left, want 4", len(left))
			}
			if n, _ := s.Prune(ctx, 1, 0); n != 2 {
				t.Errorf("keep 1 pruned %d, want 2", n)
			}
		})
	}
}

func TestMigrationUpgradesPreviousSchema(t *testing.T) {
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			url := be.url(t)
			// A database made by the previous release: schema 1 only,
			// with a snapshot saved the way that release saved it.
			var d dialect
			var db *sql.DB
			var err error
			if be.name == "sqlite" {
				d = sqliteDialect
				db, err = sql.Open("sqlite", "file:"+strings.TrimPrefix(url, "sqlite://"))
			} else {
				d = postgresDialect
				db, err = sql.Open("pgx", url)
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := migrate(ctx, db, d, 1); err != nil {
				t.Fatal(err)
			}
			v1 := &sqlStore{db: db, d: d}
			var id int64
			if err := db.QueryRowContext(ctx, v1.q(`INSERT INTO snapshots (source, created_at, meta) VALUES (?, ?, ?) RETURNING id`),
				"old", time.Now().UnixNano(), `{"convene_version":"0.1"}`).Scan(&id); err != nil {
				t.Fatal(err)
			}
			g := estate("old", 3)
			if _, err := db.ExecContext(ctx, v1.q(`INSERT INTO snapshot_graphs (snapshot_id, format_version, data) VALUES (?, ?, ?)`),
				id, 1, gz(t, g)); err != nil {
				t.Fatal(err)
			}
			db.Close()

			s := open(t, url)
			back, info, err := s.Load(ctx, id)
			if err != nil {
				t.Fatalf("load after upgrade: %v", err)
			}
			if back.Len() != 3 || info.Meta.Version != "0.1" {
				t.Errorf("upgraded snapshot: %d nodes, meta %+v", back.Len(), info.Meta)
			}
			if _, err := s.Save(ctx, g, Info{Source: "new"}); err != nil {
				t.Errorf("save after upgrade: %v", err)
			}
			// A database newer than this convene is refused.
			raw := s.(*sqlStore).db
			raw.ExecContext(ctx, v1.q(`INSERT INTO schema_version (version) VALUES (?)`), 99)
			if _, err := Open(ctx, url); err == nil || !strings.Contains(err.Error(), "newer than this convene knows") {
				t.Errorf("newer schema: err = %v", err)
			}
		})
	}
}

// TestKilledSaveLeavesPreviousSnapshot kills a process in the middle of
// saving and checks that the store still opens with the previous snapshot
// intact and no partial one.
func TestKilledSaveLeavesPreviousSnapshot(t *testing.T) {
	if url := os.Getenv("CONVENE_STORE_CHILD"); url != "" {
		childSaveForever(url)
		return
	}
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			url := be.url(t)
			s := open(t, url)
			before, err := s.Save(ctx, estate("keep", 10), Info{Source: "host"})
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestKilledSaveLeavesPreviousSnapshot$")
			cmd.Env = append(os.Environ(), "CONVENE_STORE_CHILD="+url)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(1500 * time.Millisecond) // the child is saving large snapshots in a loop
			cmd.Process.Kill()
			cmd.Wait()

			s2 := open(t, url)
			list, err := s2.List(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, info := range list { // every snapshot listed loads whole
				if _, _, err := s2.Load(ctx, info.ID); err != nil {
					t.Errorf("snapshot %d after the kill: %v", info.ID, err)
				}
			}
			g, _, err := s2.Load(ctx, before.ID)
			if err != nil || g.Len() != 10 {
				t.Errorf("previous snapshot after the kill: %v", err)
			}
		})
	}
}

func childSaveForever(url string) {
	ctx := context.Background()
	s, err := Open(ctx, url)
	if err != nil {
		os.Exit(3)
	}
	g := estate("big", 20000)
	for {
		if _, err := s.Save(ctx, g, Info{Source: "host"}); err != nil {
			os.Exit(4)
		}
	}
}

func gz(t *testing.T, g *graph.Graph) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := g.WriteJSON(zw); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return buf.Bytes()
}
