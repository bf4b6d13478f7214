//go:build !race

package vaultaudit

const raceEnabled = false
