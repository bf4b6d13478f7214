package aws

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// faultPage2 serves f, except the second page of ListSecrets, which fails
// the way kind says, every time it is asked.
func faultPage2(t *testing.T, f *fakeAWS, kind string, asked *atomic.Int32) *httptest.Server {
	f.calls = map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if !strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".ListSecrets") || !bytes.Contains(body, []byte("NextToken")) {
			f.serve(w, r)
			return
		}
		asked.Add(1)
		switch kind {
		case "throttle":
			f.fail(w, "json", http.StatusBadRequest, "ThrottlingException", "Rate exceeded")
		case "5xx":
			f.fail(w, "json", http.StatusServiceUnavailable, "ServiceUnavailableException", "try again")
		case "reset":
			if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
				c.Close()
			}
		case "stall":
			select { // until the client's timeout gives up
			case <-r.Context().Done():
			case <-time.After(30 * time.Second):
			}
		case "truncate":
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.Header().Set("Content-Length", "500")
			io.WriteString(w, `{"SecretList":[{"ARN":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:cut`)
			if c, buf, err := w.(http.Hijacker).Hijack(); err == nil {
				buf.Flush()
				c.Close()
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestLiveUnderFault fails the second page of ListSecrets in each way a
// network or an API fails: the scan ends within its deadline after a
// bounded number of attempts, the first page and the other services land,
// and a diagnostic names what was not read.
func TestLiveUnderFault(t *testing.T) {
	for _, kind := range []string{"throttle", "5xx", "reset", "stall", "truncate"} {
		t.Run(kind, func(t *testing.T) {
			f := northwindFake()
			f.throttle = map[string]int{}
			var asked atomic.Int32
			srv := faultPage2(t, f, kind, &asked)
			cfg := config.AWS{Accounts: []config.AWSAccount{{ID: "111122223333", RoleName: "convene-read"}}, Regions: []string{"eu-west-1"}, MaxAttempts: 3}
			c := New(&config.Config{AWS: cfg})
			c.newClients = sdkClients(cfg, sdkOptions{
				endpoint:    srv.URL,
				credentials: credentials.NewStaticCredentialsProvider("AKIAFAKETESTKEY00001", "fake-secret-for-tests", ""),
				noBackoff:   true,
				httpTimeout: time.Second,
			})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			start := time.Now()
			b := graph.NewBuilder()
			if err := c.Discover(ctx, nil, b); err != nil {
				t.Fatalf("Discover: %v", err)
			}
			took := time.Since(start)
			if took > 15*time.Second {
				t.Errorf("took %s", took)
			}
			// MaxAttempts, and net/http may resend an idempotent request once
			// on a connection closed under it.
			if n := asked.Load(); n < 1 || n > 6 {
				t.Errorf("page 2 was asked %d times, want 1 to 6 (bounded retries)", n)
			}
			g := b.Build()
			if _, ok := g.Node("arn:aws:lambda:eu-west-1:111122223333:function:payments-settlement"); !ok {
				t.Error("the Lambda did not land")
			}
			// Page 1's secret was read: its metadata (not only a reference
			// from the Lambda) is in the graph.
			if n, ok := g.Node("arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/stripe-api-key-a1B2c3"); !ok || n.Attrs["rotation_enabled"] != "true" {
				t.Errorf("page 1's secret did not land: %+v", n)
			}
			var named bool
			for _, d := range g.Diagnostics() {
				if strings.Contains(d.Message, "secretsmanager:ListSecrets") {
					named = true
				}
			}
			if !named {
				t.Errorf("no diagnostic names ListSecrets: %v", g.Diagnostics())
			}
			t.Logf("%s: %s, %d attempts, %v", kind, took.Round(time.Millisecond), asked.Load(), g.Diagnostics())
		})
	}
}
