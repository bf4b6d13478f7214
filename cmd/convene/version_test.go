package main

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

func TestVersionNamesTheBuild(t *testing.T) {
	stdout, _, code := run(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "convene ") || !strings.Contains(stdout, runtime.Version()) {
		t.Errorf("version: exit %d, %q; want the release and %s", code, stdout, runtime.Version())
	}
	flag, _, _ := run(t, "--version")
	if flag != stdout {
		t.Errorf("--version = %q, version = %q; want the same line", flag, stdout)
	}
	js, _, code := run(t, "version", "--format", "json")
	var v map[string]any
	if err := json.Unmarshal([]byte(js), &v); err != nil || code != 0 || v["go"] != runtime.Version() {
		t.Errorf("version --format json: exit %d, %q (%v)", code, js, err)
	}
}
