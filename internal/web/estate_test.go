package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/convene-dev/convene/internal/app"
	"github.com/convene-dev/convene/internal/web"
)

// fixedNow is the clock the sample estate's goldens are made at, so ages
// and windows read the same on every run.
var fixedNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// tempDir is the package's scratch folder, made and removed by TestMain.
var tempDir string

func TestMain(m *testing.M) {
	var err error
	if tempDir, err = os.MkdirTemp("", "convene-web-test-"); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(tempDir)
	os.Exit(code)
}

func makeTempDir() (string, error) { return os.MkdirTemp(tempDir, "estate-") }

var estate struct {
	once     sync.Once
	store    string
	resident *app.Resident
	err      error
}

// estateBackend scans the sample estate twice into a store of its own (so
// that there are snapshots to list and compare) and loads the latest state,
// once for the package's tests.
func estateBackend(t testing.TB) *app.Resident {
	t.Helper()
	estate.once.Do(func() {
		dir, err := makeTempDir()
		if err != nil {
			estate.err = err
			return
		}
		estate.store = "sqlite://" + filepath.Join(dir, "store.db")
		a := &app.App{Stdout: io.Discard, Stderr: io.Discard, Clock: func() time.Time { return fixedNow }}
		root, _ := filepath.Abs("../../testdata/estate")
		for range 2 {
			if _, err := a.Scan(context.Background(), app.ScanOptions{Paths: []string{root}, Save: true, Store: estate.store}); err != nil {
				estate.err = err
				return
			}
		}
		estate.resident, estate.err = a.NewResident(estate.store, "")
		if estate.err == nil {
			_, estate.err = estate.resident.Reload(context.Background())
		}
	})
	if estate.err != nil {
		t.Fatalf("load the sample estate: %v", estate.err)
	}
	return estate.resident
}

// newServer serves the sample estate over loopback.
func newServer(t testing.TB, opts web.Options) (*httptest.Server, *web.Handler) {
	t.Helper()
	h := web.New(estateBackend(t), opts)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, h
}

type call struct {
	method, path, body string
	header             map[string]string
}

// do makes one request and returns the status, the media type and the body.
func do(t testing.TB, srv *httptest.Server, c call) (int, string, []byte) {
	t.Helper()
	method := c.method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req, err := http.NewRequest(method, srv.URL+c.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, resp.Body); err != nil {
		t.Fatal(err)
	}
	mt, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
	return resp.StatusCode, mt, buf.Bytes()
}
