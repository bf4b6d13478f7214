package findings

import (
	"testing"

	"github.com/convene-dev/convene/graph"
)

// FuzzDocAdmin: any policy document, valid or not, is read without a
// panic, and one that denies administrator access never allows it.
func FuzzDocAdmin(f *testing.F) {
	for _, d := range []string{adminDoc, iamStarDoc, notActDoc, powerDoc, s3Doc, denyAllDoc, denyCondDoc} {
		f.Add(d[len("document="):])
	}
	f.Add(`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`)
	f.Add(`{"Statement":[{"Effect":"Allow","Action":["*"],"Resource":["*"]},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}`)
	f.Add(`{"Statement":[1,2]}`)
	f.Fuzz(func(t *testing.T, doc string) {
		denies, allows := docAdmin(doc)
		if denies && allows {
			t.Fatalf("%q both denies and allows", doc)
		}
		_ = AdminPolicy(graph.Node{Attrs: map[string]string{"document": doc}})
	})
}
