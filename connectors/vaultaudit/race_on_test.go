//go:build race

package vaultaudit

// raceEnabled: the race detector makes the memory test slow and its heap
// figures meaningless, so it is skipped.
const raceEnabled = true
