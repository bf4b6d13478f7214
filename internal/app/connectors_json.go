package app

import (
	"encoding/json"

	"github.com/convene-dev/convene/connectors"
	"github.com/convene-dev/convene/internal/config"
	"github.com/convene-dev/convene/schemas"
)

// liveDescriber is implemented by connectors that read a platform's API:
// they name their convene.yaml settings and the read-only permissions or
// token scopes they need.
type liveDescriber interface {
	LiveSettings() (settings, permissions []string)
}

// connectorInfo is one connector in `convene connectors --format json`.
type connectorInfo struct {
	Name string `json:"name"`
	// Modes are "files" (reads files a scan routes to it) and "live"
	// (reads an API when configured).
	Modes       []string `json:"modes"`
	Reads       string   `json:"reads"`
	Needs       string   `json:"needs"`
	Settings    []string `json:"settings,omitempty"`
	Permissions []string `json:"permissions,omitempty"`
}

// ListConnectorsJSON prints every connector as JSON: its modes, what it
// reads and needs, and for live connectors their settings and the
// read-only permissions they need. The shape is stable (docs/configuration.md).
func (a *App) ListConnectorsJSON() error {
	reg, err := connectors.NewRegistry(connectors.All(config.Default())...)
	if err != nil {
		return err
	}
	out := []connectorInfo{}
	for _, c := range reg.Connectors() {
		reads, needs := c.About()
		ci := connectorInfo{Name: c.Name(), Reads: reads, Needs: needs, Modes: []string{}}
		if _, ok := c.(connectors.FileClaimer); ok {
			ci.Modes = append(ci.Modes, "files")
		}
		if d, ok := c.(liveDescriber); ok {
			ci.Modes = append(ci.Modes, "live")
			ci.Settings, ci.Permissions = d.LiveSettings()
		}
		out = append(out, ci)
	}
	enc := json.NewEncoder(a.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Schema     string          `json:"$schema"`
		Connectors []connectorInfo `json:"connectors"`
	}{schemas.Connectors, out})
}
