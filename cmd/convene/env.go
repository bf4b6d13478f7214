package main

import "os"

// configFile returns the --config flag, else $CONVENE_CONFIG, else "" for
// the embedded defaults.
func configFile(flag string) string {
	if flag != "" {
		return flag
	}
	return os.Getenv("CONVENE_CONFIG")
}

// storeURL returns $CONVENE_STORE, or "" for the embedded default.
func storeURL() string { return os.Getenv("CONVENE_STORE") }
