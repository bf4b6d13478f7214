package config

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/internal/duration"
)

// Duration is a duration in convene.yaml, in the grammar every flag takes
// (90m, 36h, 7d, 2w; see internal/duration).
type Duration time.Duration

// UnmarshalYAML reads a duration string, with its line in errors.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return err
	}
	v, err := duration.Parse(s)
	if err != nil {
		// A TypeError is collected with the document's other type errors.
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %v", n.Line, err)}}
	}
	*d = Duration(v)
	return nil
}

// String prints the duration as convene.yaml takes it (2h, not 2h0m0s).
func (d Duration) String() string { return duration.Format(time.Duration(d)) }
