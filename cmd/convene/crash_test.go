package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/convene-dev/convene/internal/store"
	"github.com/convene-dev/convene/internal/synth"
)

// crashIterations is how many times TestKilledScanSaveKeepsTheStore kills a
// scan; CONVENE_CRASH_ITERATIONS raises it (make crash).
func crashIterations(t *testing.T) int {
	if s := os.Getenv("CONVENE_CRASH_ITERATIONS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("CONVENE_CRASH_ITERATIONS=%q: give a positive number", s)
		}
		return n
	}
	return 20
}

// crashStores are the stores the crash tests run on: SQLite always, and
// PostgreSQL when CONVENE_TEST_POSTGRES names a server.
func crashStores(t *testing.T) map[string]string {
	stores := map[string]string{"sqlite": "sqlite://" + filepath.Join(t.TempDir(), "store.db")}
	admin := os.Getenv("CONVENE_TEST_POSTGRES")
	if admin == "" {
		t.Log("PostgreSQL part skipped: set CONVENE_TEST_POSTGRES=postgres://USER@127.0.0.1:PORT/postgres to run it")
		return stores
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := fmt.Sprintf("convene_crash_%d", rand.Int64N(1<<40))
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", admin); err == nil {
			db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			db.Close()
		}
	})
	i := strings.LastIndex(admin, "/")
	rest := ""
	if q := strings.Index(admin[i:], "?"); q >= 0 {
		rest = admin[i+q:]
	}
	stores["postgres"] = admin[:i+1] + name + rest
	return stores
}

// checkStore opens the store as a reader would after a crash: the latest
// snapshot (with all, every listed one) loads whole, and the latest state
// is a whole scan.
func checkStore(t *testing.T, url string, want int, all bool) int {
	t.Helper()
	ctx := context.Background()
	st, err := store.OpenReadOnly(ctx, url)
	if err != nil {
		t.Fatalf("the store does not open after a kill: %v", err)
	}
	defer st.Close()
	list, err := st.List(ctx, "")
	if err != nil {
		t.Fatalf("list after a kill: %v", err)
	}
	for i, info := range list {
		if i > 0 && !all {
			break
		}
		g, _, err := st.Load(ctx, info.ID)
		if err != nil {
			t.Fatalf("snapshot %d after a kill: %v", info.ID, err)
		}
		if g.Len() != want || info.Nodes != want {
			t.Fatalf("snapshot %d holds %d nodes (listed %d), want %d: a half snapshot", info.ID, g.Len(), info.Nodes, want)
		}
	}
	if all {
		state, err := st.StateAt(ctx, 0)
		if err != nil || state.Graph.Len() != want {
			t.Fatalf("latest state after a kill: %v", err)
		}
	}
	return len(list)
}

// TestKilledScanSaveKeepsTheStore kills `convene scan --save` with SIGKILL
// at random moments, from the walk to the commit: earlier snapshots stay
// intact and readable and no half snapshot is ever the latest.
func TestKilledScanSaveKeepsTheStore(t *testing.T) {
	if testing.Short() {
		t.Skip("starts many subprocesses")
	}
	// A graph of 5,000 nodes makes the save long enough to be killed in.
	big := filepath.Join(t.TempDir(), "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.Build(1, 5000).WriteJSON(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for name, url := range crashStores(t) {
		t.Run(name, func(t *testing.T) {
			if _, stderr, code := run(t, "scan", big, "--save", "--store", url); code != 0 {
				t.Fatal(stderr)
			}
			st, err := store.OpenReadOnly(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			list, _ := st.List(context.Background(), "")
			st.Close()
			want := list[0].Nodes
			// How long a whole scan and save takes, to kill within it.
			start := time.Now()
			cmd, stderr := convene(t, "scan", big, "--save", "--store", url)
			if err := cmd.Run(); err != nil {
				t.Fatalf("scan --save: %v\n%s", err, stderr)
			}
			full := time.Since(start)
			n := crashIterations(t)
			for range n {
				cmd, _ := convene(t, "scan", big, "--save", "--store", url)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(time.Duration(rand.Int64N(int64(full) * 12 / 10)))
				cmd.Process.Kill()
				cmd.Wait()
				checkStore(t, url, want, false)
			}
			landed := checkStore(t, url, want, true)
			t.Logf("%s: %d kills within a %s scan+save; %d snapshots landed whole, none half", name, n, full.Round(time.Millisecond), landed-2)
		})
	}
}

// TestConcurrentScanSaves runs two `convene scan --save` on one SQLite store
// at once: both land.
func TestConcurrentScanSaves(t *testing.T) {
	if testing.Short() {
		t.Skip("starts subprocesses")
	}
	url := "sqlite://" + filepath.Join(t.TempDir(), "store.db")
	var wg sync.WaitGroup
	errs := make([]string, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd, stderr := convene(t, "scan", "testdata/estate", "--save", "--store", url, "--source", fmt.Sprintf("s%d", i%2))
			cmd.Stdout = nil
			if err := cmd.Run(); err != nil {
				errs[i] = fmt.Sprintf("%v: %s", err, stderr)
			}
		}()
	}
	wg.Wait()
	for i, e := range errs {
		if e != "" {
			t.Errorf("scan %d: %s", i, e)
		}
	}
	st, err := store.OpenReadOnly(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, _ := st.List(context.Background(), "")
	if len(list) != len(errs) {
		t.Errorf("%d snapshots, want %d", len(list), len(errs))
	}
}
