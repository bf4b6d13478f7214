//go:build unix

package vaultaudit

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time the process has used, so that a benchmark on a
// shared machine can report bytes per CPU-second (per core) rather than
// per second of wall time other processes also took.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportPerCore reports MB per CPU-second over the loop that began at
// start, having read size bytes per iteration.
func reportPerCore(b *testing.B, start time.Duration, size int64) {
	if used := cpuTime() - start; used > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/used.Seconds()/1e6, "MB/cpu-s")
	}
}
