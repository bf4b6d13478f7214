package integration

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/vault/api"
	"go.yaml.in/yaml/v3"
)

// estate is testdata/estate/vault/estate.yaml.
type estate struct {
	Mounts  []mountSpec `yaml:"mounts"`
	Auth    []mountSpec `yaml:"auth"`
	Secrets []struct {
		Path               string            `yaml:"path"`
		MaxVersions        int               `yaml:"max_versions"`
		DeleteVersionAfter string            `yaml:"delete_version_after"`
		CustomMetadata     map[string]string `yaml:"custom_metadata"`
	} `yaml:"secrets"`
	Writes []struct {
		Path string         `yaml:"path"`
		Data map[string]any `yaml:"data"`
	} `yaml:"writes"`
}

type mountSpec struct {
	Path        string            `yaml:"path"`
	Type        string            `yaml:"type"`
	Description string            `yaml:"description"`
	Options     map[string]string `yaml:"options"`
}

// loadEstate loads the estate's mounts, policies, secrets (metadata and a
// dummy value) and configuration into the Vault behind c.
func loadEstate(t testing.TB, c *api.Client, dir string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "estate.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var e estate
	if err := yaml.Unmarshal(data, &e); err != nil {
		t.Fatalf("estate.yaml: %v", err)
	}
	for _, m := range e.Mounts {
		// The test core mounts a KV at secret/ of its own; the estate's
		// replaces it.
		_ = c.Sys().Unmount(m.Path)
		if err := c.Sys().Mount(m.Path, &api.MountInput{Type: m.Type, Description: m.Description, Options: m.Options}); err != nil {
			t.Fatalf("mount %s: %v", m.Path, err)
		}
	}
	for _, m := range e.Auth {
		if err := c.Sys().EnableAuthWithOptions(m.Path, &api.EnableAuthOptions{Type: m.Type, Description: m.Description}); err != nil {
			t.Fatalf("enable auth %s: %v", m.Path, err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "policies", "*.hcl"))
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Sys().PutPolicy(strings.TrimSuffix(filepath.Base(f), ".hcl"), string(text)); err != nil {
			t.Fatalf("policy %s: %v", f, err)
		}
	}
	for _, s := range e.Secrets {
		if _, err := c.Logical().Write("secret/data/"+s.Path, map[string]any{"data": map[string]any{"value": dummyValue}}); err != nil {
			t.Fatalf("secret %s: %v", s.Path, err)
		}
		md := map[string]any{"custom_metadata": s.CustomMetadata}
		if s.MaxVersions > 0 {
			md["max_versions"] = s.MaxVersions
		}
		if s.DeleteVersionAfter != "" {
			md["delete_version_after"] = s.DeleteVersionAfter
		}
		if _, err := c.Logical().Write("secret/metadata/"+s.Path, md); err != nil {
			t.Fatalf("metadata %s: %v", s.Path, err)
		}
	}
	for _, w := range e.Writes {
		if _, err := c.Logical().Write(w.Path, w.Data); err != nil {
			t.Fatalf("write %s: %v", w.Path, err)
		}
	}
}
