// Package readbench holds what the read-rate benchmarks and memory tests
// of the log-reading connectors (cloudtrail, vaultaudit) share: a read rate
// per CPU-second, so a benchmark on a shared machine is not charged for
// time other processes took; the heap a read keeps; and whether the race
// detector, whose own allocations make heap figures meaningless, is on.
// It is for tests only.
package readbench

import (
	"os"
	"runtime"
	"testing"
)

// Discover benchmarks read, which reads the file at path once: it reports
// bytes and allocations per read and MB per CPU-second (per core, as a
// connector reads one file on one core).
func Discover(b *testing.B, path string, read func() error) {
	b.Helper()
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(info.Size())
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if err := read(); err != nil {
			b.Fatal(err)
		}
	}
	if used := cpuTime() - start; used > 0 {
		b.ReportMetric(float64(info.Size())*float64(b.N)/used.Seconds()/1e6, "MB/cpu-s")
	}
}

// HeapKept runs read between two garbage collections and returns by how
// many bytes the live heap grew: what the reader's state keeps. Whatever
// read fills must be reachable from read itself (a variable it captures),
// so that it is still alive at the second measure.
func HeapKept(read func()) uint64 {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	read()
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(read)
	return after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
}
