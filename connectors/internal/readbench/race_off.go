//go:build !race

package readbench

// RaceEnabled is true when the race detector is built in: memory tests
// skip, as its own allocations make heap figures meaningless.
const RaceEnabled = false
