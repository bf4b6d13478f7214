package cron

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/graph"
)

// BenchmarkParse parses a 20,000-line system crontab of mixed jobs and
// variables and reports lines per second.
func BenchmarkParse(b *testing.B) {
	data := benchData()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := Parse(data, System, "")
		if len(f.Problems) > 0 {
			b.Fatal(f.Problems[0])
		}
	}
	b.ReportMetric(float64(benchLines*b.N)/b.Elapsed().Seconds(), "lines/s")
}

const benchLines = 20000

// benchData is a 20,000-line system crontab of jobs, variables and
// comments.
func benchData() []byte {
	var sb strings.Builder
	lines := []string{
		"MAILTO=ops@example.com",
		"%d 3 * * * root . /etc/backup/restic.env && restic backup /srv --password-command \"vault kv get -field=password secret/backup/restic\"",
		"*/%d * * * 1-5 deploy aws --profile deploy s3 sync /srv s3://bucket/x",
		"# comment %d",
		"@daily root /usr/local/bin/job-%d",
	}
	for i := 0; i < benchLines; i++ {
		l := lines[i%len(lines)]
		if strings.Contains(l, "%d") {
			l = fmt.Sprintf(l, i%50+1)
		}
		sb.WriteString(l + "\n")
	}
	return []byte(sb.String())
}

// BenchmarkDiscover is BenchmarkParse plus the command scan and the
// emission of nodes and edges into a builder: the connector's whole cost
// per line.
func BenchmarkDiscover(b *testing.B) {
	data := benchData()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bld := graph.NewBuilder()
		e := emitter{b: bld, host: shellcmd.Host{Root: "h", Name: "h"}, file: "h/etc/cron.d/big", onHost: "/etc/cron.d/big"}
		e.read(data, source{kind: System})
	}
	b.ReportMetric(float64(benchLines*b.N)/b.Elapsed().Seconds(), "lines/s")
}

// FuzzParse feeds Parse arbitrary bytes, seeded with the test trees and
// the sample estate, as each kind of cron file. It must not panic, and
// every problem names a line.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/tree/h1/etc/cron.d/*")
	seeds = append(seeds, "testdata/tree/h1/etc/anacrontab", "testdata/tree/h1/var/spool/cron/crontabs/alice",
		"../../testdata/estate/hosts/batch-01/etc/crontab", "../../testdata/estate/hosts/batch-01/etc/cron.d/backup")
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, k := range []Kind{System, User, Anacron} {
			pf := Parse(data, k, "u")
			for _, p := range pf.Problems {
				if p.Line < 1 || p.Msg == "" {
					t.Fatalf("problem without line or message: %+v", p)
				}
			}
		}
	})
}
