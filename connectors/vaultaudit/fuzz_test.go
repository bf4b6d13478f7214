package vaultaudit

import (
	"os"
	"strings"
	"testing"
	"time"
)

// FuzzEntry feeds arbitrary lines to the entry reader: it must never panic,
// and a value under data must never become part of a use.
func FuzzEntry(f *testing.F) {
	for _, p := range []string{"testdata/audit.log", "testdata/pretty.json"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			f.Add([]byte(line))
		}
	}
	f.Add([]byte(`{"type":"response","request":{"path":"auth//login"},"auth":{"metadata":{"role":"x"}}}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		s := newScanner(time.Time{})
		var e entry
		if err := unmarshal(line, &e); err != nil {
			return
		}
		s.entry(&e, 1)
		for _, u := range s.resp.Uses() {
			if u.Object == "" || u.Client == "" {
				t.Fatalf("use with no object or client: %+v", u.Key)
			}
		}
	})
}
