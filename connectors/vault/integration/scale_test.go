package integration

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"

	vaultconn "github.com/convene-dev/convene/connectors/vault"
	"github.com/convene-dev/convene/graph"
)

// TestKVWalkScale walks 20,000 secrets in 2,000 folders, first directly and
// then through a proxy adding 5 ms to every request, and checks the walk
// stays within twice requests×latency/concurrency. It takes a few minutes,
// so it runs only when CONVENE_VAULT_SCALE=1.
func TestKVWalkScale(t *testing.T) {
	if os.Getenv("CONVENE_VAULT_SCALE") != "1" {
		t.Skip("set CONVENE_VAULT_SCALE=1 to walk 20,000 secrets on the in-process Vault")
	}
	const folders, perFolder, workers = 2000, 10, 16
	const latency = 5 * time.Millisecond
	root := startVault(t)
	_ = root.Sys().Unmount("secret")
	if err := root.Sys().Mount("secret", &api.MountInput{Type: "kv", Options: map[string]string{"version": "2"}}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	var failed atomic.Int64
	for f := range folders {
		for s := range perFolder {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				p := fmt.Sprintf("secret/metadata/team-%02d/app-%04d/secret-%d", f%20, f, s)
				if _, err := root.Logical().Write(p, map[string]any{"max_versions": 5,
					"custom_metadata": map[string]any{"owner": fmt.Sprintf("team-%02d", f%20)}}); err != nil {
					failed.Add(1)
				}
			})
		}
	}
	wg.Wait()
	if failed.Load() > 0 {
		t.Fatalf("%d metadata writes failed", failed.Load())
	}
	t.Logf("loaded %d secrets in %s", folders*perFolder, time.Since(start).Round(time.Millisecond))
	reader := readerClient(t, root)

	walk := func(c *api.Client) (time.Duration, int64, int) {
		b := graph.NewBuilder()
		var requests int64
		start := time.Now()
		if err := vaultconn.Scan(context.Background(), vaultconn.WrapAPI(c), b, vaultconn.Options{
			Source: "scale", Workers: workers, Requests: &requests}); err != nil {
			t.Fatal(err)
		}
		d := time.Since(start)
		n, _ := b.Build().Count()
		return d, requests, n["credential"]
	}
	pool := func(c *api.Client) *api.Client {
		// as NewAPIClient does: as many idle connections as workers
		c.CloneConfig().HttpClient.Transport.(*http.Transport).MaxIdleConnsPerHost = workers * 2
		return c
	}
	d, reqs, secrets := walk(pool(reader))
	t.Logf("direct: %d secrets, %d requests, %s (%.0f requests/s)", secrets, reqs, d.Round(time.Millisecond), float64(reqs)/d.Seconds())
	if secrets != folders*perFolder {
		t.Errorf("walk found %d secrets, want %d", secrets, folders*perFolder)
	}

	target, _ := url.Parse(reader.Address())
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = &http.Transport{MaxIdleConnsPerHost: workers * 2}
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(latency)
		proxy.ServeHTTP(w, r)
	}))
	defer slow.Close()
	conf := reader.CloneConfig()
	conf.Address = slow.URL
	conf.HttpClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers * 2}}
	slowClient, err := api.NewClient(conf)
	if err != nil {
		t.Fatal(err)
	}
	slowClient.SetToken(reader.Token())
	d, reqs, _ = walk(slowClient)
	bound := time.Duration(reqs) * latency / workers
	t.Logf("with %s latency: %d requests, %s; requests×latency/concurrency = %s (%.2fx)", latency, reqs,
		d.Round(time.Millisecond), bound.Round(time.Millisecond), d.Seconds()/bound.Seconds())
	if d > 2*bound {
		t.Errorf("walk took %s, more than twice %s", d, bound)
	}
}
