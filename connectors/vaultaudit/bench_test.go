package vaultaudit

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/convene-dev/convene/connectors/internal/readbench"
	"github.com/convene-dev/convene/graph"
)

// synthLog writes n audit entries (request and response pairs) spread over
// clients clients and secrets secrets, each carrying request and response
// data as a log_raw device would, with planted in every value.
func synthLog(tb testing.TB, n, clients, secrets int, planted string) string {
	tb.Helper()
	var buf bytes.Buffer
	for i := 0; i < n; i++ {
		c, s := i%clients, (i/clients)%secrets
		typ := "request"
		resp := ""
		if i%2 == 1 {
			typ = "response"
			resp = fmt.Sprintf(`,"response":{"mount_type":"kv","data":{"data":{"password":%q,"user":"app"},"metadata":{"version":3}}}`, planted)
		}
		fmt.Fprintf(&buf, `{"time":"2026-11-%02dT%02d:%02d:%02d.%06dZ","type":%q,"auth":{"client_token":"hmac-sha256:bd6dd75911924ab82f9dcfa7adae6b821423f0f6b02a5f00343247bde2671d67","accessor":"hmac-sha256:a01c4d69aa0bc6ea78d41ab81f0780cccbb2594e820c5823214327fa1b8d1802","display_name":"kubernetes-ns%d-sa%d","policies":["default","app-%d"],"token_policies":["default","app-%d"],"metadata":{"role":"app-%d","service_account_name":"sa%d","service_account_namespace":"ns%d","service_account_uid":"5b1c0f3e-8a1e-4c7a-9d57-0f0c2e1a7b3d"},"entity_id":"ent-%d","token_type":"service"},"request":{"id":"9714ba87-8309-dd3e-148a-a14c0ece37af","operation":"read","mount_type":"kv","client_token":"hmac-sha256:bd6dd75911924ab82f9dcfa7adae6b821423f0f6b02a5f00343247bde2671d67","client_token_accessor":"hmac-sha256:a01c4d69aa0bc6ea78d41ab81f0780cccbb2594e820c5823214327fa1b8d1802","namespace":{"id":"root"},"path":"secret/data/app/s%d","data":{"token":%q},"remote_address":"10.1.%d.%d"}%s}`+"\n",
			1+i%28, i%24, i%60, i%60, i%1000000, typ, c, c, c, c, c, c, c, c, s, planted, c%256, i%4, resp)
	}
	p := filepath.Join(tb.TempDir(), "audit.log")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkDiscover measures the read rate of one core on Vault audit
// JSON lines (MB/s is per core: the connector reads a file on one).
func BenchmarkDiscover(b *testing.B) {
	p := synthLog(b, 50000, 200, 20, "not-a-real-password")
	readbench.Discover(b, p, func() error {
		return New(nil).Discover(context.Background(), []string{p}, graph.NewBuilder())
	})
}

// TestMemoryBounded reads many entries of few distinct uses: the heap after
// the read must not grow with the number of entries.
func TestMemoryBounded(t *testing.T) {
	if readbench.RaceEnabled {
		t.Skip("the race detector's own allocations make heap figures meaningless")
	}
	if testing.Short() {
		t.Skip("reads a large synthetic log")
	}
	heapAfter := func(n int) uint64 {
		p := synthLog(t, n, 10, 5, "x")
		s := newScanner(time.Time{})
		b := graph.NewBuilder()
		kept := readbench.HeapKept(func() {
			if err := s.file(context.Background(), p, b); err != nil {
				t.Fatal(err)
			}
		})
		if got := s.resp.Len(); got != 10*5 && got != 10 {
			t.Logf("%d uses", got)
		}
		return kept
	}
	small, large := heapAfter(2000), heapAfter(50000)
	if large > small+(1<<20) {
		t.Errorf("heap kept after reading grew from %d to %d bytes with 25x the entries: memory follows entries, not uses", small, large)
	}
}

// TestPlantedDataNeverKept plants a value in request and response data
// (a log_raw device) and checks that no node, edge, evidence or diagnostic
// holds it.
func TestPlantedDataNeverKept(t *testing.T) {
	const planted = "PLANTED-vault-value-7f3a9c"
	p := synthLog(t, 200, 3, 2, planted)
	g := discover(t, p)
	if g.Len() == 0 {
		t.Fatal("no uses read")
	}
	var out bytes.Buffer
	if err := g.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String()+g.String(), planted) {
		t.Fatal("a value from request or response data reached the graph")
	}
}
