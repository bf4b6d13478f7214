package aws

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/iampolicy"
)

// FuzzParseFile feeds any bytes to the file reader and emitter: they must
// never panic, and a secret-looking Lambda environment value must never
// reach the graph. Seeds are the real exports in testdata and the corpus.
func FuzzParseFile(f *testing.F) {
	var seeds []string
	for _, pat := range []string{
		"testdata/*.json", "testdata/*.csv",
		filepath.Join("..", "..", "testdata", "estate", "aws", "*", "*.json"),
		filepath.Join(corpusDir, "aws-*", "*", "*.json"),
	} {
		m, _ := filepath.Glob(pat)
		seeds = append(seeds, m...)
	}
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src := &source{name: "fuzz.json", lines: indexLines(data)}
		inv := &inventory{}
		if err := parseFile(data, src, inv); err != nil {
			return
		}
		b := graph.NewBuilder()
		e := newEmitter(b)
		e.emit(inv)
		e.finish()
		g := b.Build()
		if strings.Contains(g.String(), "hunter2-never-stored") {
			t.Fatal("an environment value reached the graph")
		}
	})
}

// FuzzParseDocument: policy documents in any shape parse or fail cleanly.
func FuzzParseDocument(f *testing.F) {
	f.Add([]byte(`{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`))
	f.Add([]byte(`"%7B%22Statement%22%3A%5B%5D%7D"`))
	f.Add([]byte(`{"Statement": [{"Effect": "Allow", "Principal": "*", "Condition": {"StringLike": {"a:sub": ["x", 1, true]}}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := iampolicy.Parse(data)
		if err != nil {
			return
		}
		for _, st := range doc.Statements {
			grantAttrs(doc, readActions["secretsmanager"], "arn:aws:secretsmanager:eu-west-1:111122223333:secret:x-a1B2c3", "111122223333", map[string]bool{"111122223333": true})
			_ = st
		}
	})
}
