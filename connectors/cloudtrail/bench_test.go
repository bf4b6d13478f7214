package cloudtrail

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/convene-dev/convene/connectors/internal/observe"
	"github.com/convene-dev/convene/connectors/internal/readbench"
	"github.com/convene-dev/convene/graph"
)

// synthTrail writes a {"Records": [...]} file of n records over keys
// distinct access keys and secrets distinct secrets, with planted in every
// response element (session tokens, secret strings).
func synthTrail(tb testing.TB, n, keys, secrets int, planted string) string {
	tb.Helper()
	var buf bytes.Buffer
	buf.WriteString(`{"Records":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, s := i%keys, (i/keys)%secrets
		name, params, resp := "GetSecretValue", fmt.Sprintf(`{"secretId":"app/secret-%d"}`, s),
			fmt.Sprintf(`{"arn":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/secret-%d-AbCdEf","name":"app/secret-%d","secretString":%q,"versionId":"v1"}`, s, s, planted)
		if i%3 == 0 {
			name, params, resp = "AssumeRole", fmt.Sprintf(`{"roleArn":"arn:aws:iam::111122223333:role/app-%d","roleSessionName":"s","durationSeconds":3600}`, s),
				fmt.Sprintf(`{"credentials":{"accessKeyId":"ASIAXXXXXXXXXXXXXXXX","sessionToken":%q,"expiration":"Nov 27, 2026, 10:00:00 AM"},"assumedRoleUser":{"assumedRoleId":"AROAX:s","arn":"arn:aws:sts::111122223333:assumed-role/app/s"}}`, planted)
		}
		fmt.Fprintf(&buf, `{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAX%04d","arn":"arn:aws:iam::111122223333:user/svc-%d","accountId":"111122223333","accessKeyId":"AKIAZNWSYNTHKEY%05d","userName":"svc-%d"},"eventTime":"2026-11-%02dT%02d:%02d:%02dZ","eventSource":"secretsmanager.amazonaws.com","eventName":%q,"awsRegion":"eu-west-1","sourceIPAddress":"10.1.%d.%d","userAgent":"aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12 prompt/off command/secretsmanager.get-secret-value","requestParameters":%s,"responseElements":%s,"requestID":"6936cb5f-948b-4139-8939-06118942c0cc","eventID":"ef0464cd-918e-4528-9ea3-1a081d39b393","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"secretsmanager.eu-west-1.amazonaws.com"}}`,
			k, k, k, k, 1+i%28, i%24, i%60, i%60, name, k%256, i%2, params, resp)
	}
	buf.WriteString(`]}`)
	p := filepath.Join(tb.TempDir(), "trail.json")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkDiscover measures the read rate of one core on CloudTrail JSON
// (MB/s is per core: the connector reads a file on one).
func BenchmarkDiscover(b *testing.B) {
	p := synthTrail(b, 40000, 200, 20, "not-a-real-token")
	readbench.Discover(b, p, func() error {
		return New(nil).Discover(context.Background(), []string{p}, graph.NewBuilder())
	})
}

// TestMemoryBounded reads many records of few distinct uses: the heap kept
// after the read must not grow with the number of records.
func TestMemoryBounded(t *testing.T) {
	if readbench.RaceEnabled {
		t.Skip("the race detector's own allocations make heap figures meaningless")
	}
	if testing.Short() {
		t.Skip("reads a large synthetic trail")
	}
	heapAfter := func(n int) (uint64, int) {
		p := synthTrail(t, n, 10, 5, "x")
		agg := observe.NewAggregator(time.Time{})
		b := graph.NewBuilder()
		kept := readbench.HeapKept(func() {
			if err := readFile(context.Background(), p, agg, b); err != nil {
				t.Fatal(err)
			}
		})
		return kept, agg.Len()
	}
	small, usesSmall := heapAfter(2000)
	large, usesLarge := heapAfter(50000)
	if usesSmall != usesLarge {
		t.Fatalf("%d and %d uses; the synthetic trails should hold the same", usesSmall, usesLarge)
	}
	if large > small+(1<<20) {
		t.Errorf("heap kept after reading grew from %d to %d bytes with 25x the records: memory follows records, not uses", small, large)
	}
}

// TestPlantedResponseNeverKept plants a value in every response element
// and checks that no node, edge, evidence or diagnostic holds it.
func TestPlantedResponseNeverKept(t *testing.T) {
	const planted = "PLANTED-session-token-4b1d"
	for _, p := range []string{synthTrail(t, 300, 3, 2, planted), "testdata/records.json"} {
		g := discover(t, p)
		if g.Len() == 0 {
			t.Fatal("no uses read")
		}
		var out bytes.Buffer
		if err := g.WriteJSON(&out); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out.String()+g.String(), "PLANTED") {
			t.Fatalf("%s: a value from responseElements reached the graph", p)
		}
	}
}
