package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHosts(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte("version: 1\nhosts:\n  names:\n    \"**/backup-copy\": batch-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Hosts.NameFor("scans/2026/backup-copy"); got != "batch-01" {
		t.Errorf("NameFor = %q", got)
	}
	if got := c.Hosts.NameFor("other"); got != "" {
		t.Errorf("NameFor(other) = %q", got)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\nhosts:\n  names:\n    \"[\": \"a/b\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(bad)
	if err == nil || !strings.Contains(err.Error(), "not a valid glob") || !strings.Contains(err.Error(), "host name \"a/b\"") {
		t.Errorf("bad hosts: %v", err)
	}
}
