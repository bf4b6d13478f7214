package readbench

import (
	"os"
	"path/filepath"
	"testing"
)

func TestHeapKept(t *testing.T) {
	if RaceEnabled {
		t.Skip("the race detector's own allocations make heap figures meaningless")
	}
	var kept [][]byte
	grown := HeapKept(func() {
		for range 64 {
			kept = append(kept, make([]byte, 64<<10))
		}
	})
	if grown < 4<<20 {
		t.Errorf("4 MiB kept, HeapKept says %d bytes", grown)
	}
	if dropped := HeapKept(func() { _ = make([]byte, 4<<20) }); dropped > 1<<20 {
		t.Errorf("nothing kept, HeapKept says %d bytes", dropped)
	}
}

func BenchmarkDiscover(b *testing.B) {
	p := filepath.Join(b.TempDir(), "f")
	if err := os.WriteFile(p, make([]byte, 1<<20), 0o600); err != nil {
		b.Fatal(err)
	}
	Discover(b, p, func() error {
		_, err := os.ReadFile(p)
		return err
	})
}
