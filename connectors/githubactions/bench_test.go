package githubactions

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
)

// genWorkflow writes a realistic workflow of n jobs: checkout, a cloud
// login, secrets in env and with, a Vault read on some jobs.
func genWorkflow(rng *rand.Rand, n int) string {
	var sb strings.Builder
	sb.WriteString("name: generated\non:\n  push:\n    branches: [main]\n  pull_request:\n")
	if rng.IntN(4) == 0 {
		sb.WriteString("  schedule:\n    - cron: \"0 3 * * *\"\n")
	}
	sb.WriteString("permissions:\n  contents: read\n  id-token: write\nenv:\n  LOG_LEVEL: info\njobs:\n")
	for j := 0; j < n; j++ {
		fmt.Fprintf(&sb, "  job%d:\n    runs-on: ubuntu-latest\n", j)
		if rng.IntN(3) == 0 {
			sb.WriteString("    environment: production\n")
		}
		sb.WriteString("    steps:\n      - uses: actions/checkout@v4\n")
		sb.WriteString("      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n")
		fmt.Fprintf(&sb, "          role-to-assume: arn:aws:iam::111122223333:role/deploy-%d\n          aws-region: eu-west-1\n", rng.IntN(50))
		if rng.IntN(2) == 0 {
			sb.WriteString("      - uses: hashicorp/vault-action@v3\n        with:\n          url: https://vault.example\n          role: ci\n          method: jwt\n          secrets: |\n")
			fmt.Fprintf(&sb, "            secret/data/app%d/db password | DB_PASSWORD ;\n            secret/data/app%d/api key | API_KEY\n", rng.IntN(100), rng.IntN(100))
		}
		for s := 0; s < 2+rng.IntN(4); s++ {
			fmt.Fprintf(&sb, "      - name: step %d\n        env:\n          TOKEN: ${{ secrets.TOKEN_%d }}\n          OTHER: ${{ steps.x.outputs.y }}\n        run: |\n          make build-%d\n          ./deploy.sh --token \"$TOKEN\"\n", s, rng.IntN(30), s)
		}
	}
	return sb.String()
}

// BenchmarkDiscover scans 10,000 generated workflows (1 to 8 jobs each)
// spread over 100 repositories.
func BenchmarkDiscover(b *testing.B) {
	dir := b.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 10_000
	files := make([]string, 0, n)
	var bytes int64
	for i := 0; i < n; i++ {
		wd := filepath.Join(dir, "github.com", "org", fmt.Sprintf("repo%d", i%100), ".github", "workflows")
		if err := os.MkdirAll(wd, 0o755); err != nil {
			b.Fatal(err)
		}
		p := filepath.Join(wd, fmt.Sprintf("w%d.yml", i))
		data := genWorkflow(rng, 1+rng.IntN(8))
		bytes += int64(len(data))
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
		files = append(files, filepath.ToSlash(p))
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		bl := graph.NewBuilder()
		if err := New().Discover(context.Background(), files, bl); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "files/s")
}
