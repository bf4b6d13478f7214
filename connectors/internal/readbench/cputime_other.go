//go:build !unix

package readbench

import "time"

// cpuTime is unknown here: Discover then reports no per-core rate.
func cpuTime() time.Duration { return 0 }
