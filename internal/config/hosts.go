package config

import (
	"fmt"
	"maps"
	"regexp"
	"slices"

	"github.com/bmatcuk/doublestar/v4"
)

// Hosts configures how the host connectors (cron, systemd, aws-profile)
// name the host trees a scan meets.
type Hosts struct {
	// Names maps a glob over a host tree's root folder, as the scan names
	// it (slash-separated, such as "**/backup-copy"), to the host's name.
	// It is used when the tree has no etc/hostname; without either, the
	// root folder's own name is the host's name.
	Names map[string]string `yaml:"names"`
}

// hostName is a DNS name: host names become part of node IDs
// (host:NAME/...), which must stay typable and hold no slash.
var hostName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$`)

// NameFor returns the configured name of the host tree at root, the first
// matching glob in sorted order winning, or "".
func (h Hosts) NameFor(root string) string {
	for _, pat := range slices.Sorted(maps.Keys(h.Names)) {
		if ok, _ := doublestar.Match(pat, root); ok {
			return h.Names[pat]
		}
	}
	return ""
}

func (h Hosts) validate(c *Config) []error {
	var errs []error
	for _, pat := range slices.Sorted(maps.Keys(h.Names)) {
		key := "hosts.names." + pat
		if !doublestar.ValidatePattern(pat) {
			errs = append(errs, c.Errorf(key, "host tree pattern %q is not a valid glob", pat))
		}
		if name := h.Names[pat]; !hostName.MatchString(name) {
			errs = append(errs, c.Errorf(key, "%s", fmt.Sprintf("host name %q must be letters, digits, '.', '_' or '-' (it becomes part of node IDs: host:NAME/...)", name)))
		}
	}
	return errs
}
