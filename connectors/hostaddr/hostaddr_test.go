package hostaddr

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func TestOwn(t *testing.T) {
	hosts := "127.0.0.1 localhost\n127.0.1.1 batch-01.northwind.internal batch-01\n" +
		"10.20.0.15  batch-01.northwind.internal batch-01 # primary\n::1 localhost ip6-localhost\n" +
		"fe80::1 batch-01\n10.20.0.16 db-01\n# 10.9.9.9 batch-01\nnot-an-ip batch-01\n2001:db8::15 batch-01\n"
	tests := []struct {
		name     string
		want     []string
		wantLine int
	}{
		{"batch-01", []string{"10.20.0.15", "2001:db8::15"}, 3},
		{"batch-01.northwind.internal", []string{"10.20.0.15", "2001:db8::15"}, 3},
		{"db-01", []string{"10.20.0.16"}, 6},
		{"web-01", nil, 0},
	}
	for _, tt := range tests {
		got, line := Own([]byte(hosts), tt.name)
		if diff := cmp.Diff(tt.want, got); diff != "" || line != tt.wantLine {
			t.Errorf("Own(%s) line %d (-want +got):\n%s", tt.name, line, diff)
		}
	}
}

func FuzzOwn(f *testing.F) {
	f.Add([]byte("10.20.0.15 batch-01\n"), "batch-01")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		addrs, line := Own(data, name)
		if len(addrs) > 0 && line == 0 {
			t.Fatal("addresses without a line")
		}
	})
}

func TestDiscoverEstate(t *testing.T) {
	p := "../../testdata/estate/hosts/batch-01/etc/hosts"
	if !New(nil).Claims(p, nil) {
		t.Fatal("the estate's etc/hosts is not claimed")
	}
	if New(nil).Claims("../../testdata/estate/hosts/batch-01/etc/crontab", nil) {
		t.Fatal("a crontab is claimed")
	}
	b := graph.NewBuilder()
	if err := New(nil).Discover(context.Background(), []string{p}, b); err != nil {
		t.Fatal(err)
	}
	n, ok := b.Build().Node("host:batch-01")
	if !ok || n.Attrs["addresses"] != `["10.20.0.15"]` {
		t.Errorf(`host:batch-01 addresses %q, want ["10.20.0.15"]`, n.Attrs["addresses"])
	}
}
