//go:build !race

package cloudtrail

const raceEnabled = false
