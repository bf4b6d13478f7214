// Package report renders convene's reports — drift today; impact plans and
// findings as they arrive — as text for a terminal, Markdown for a change
// ticket and JSON for machines. Reports are plain structs made elsewhere;
// this package only turns them into bytes.
package report

import (
	"fmt"
	"slices"
	"strings"
)

// Formats lists the formats every report renders to.
var Formats = []string{"text", "md", "json"}

// CheckFormat returns an error naming the valid formats for an unknown one.
func CheckFormat(format string) error {
	if slices.Contains(Formats, format) {
		return nil
	}
	return fmt.Errorf("unknown format %q; choose one of: %s", format, strings.Join(Formats, ", "))
}

// mdEscape keeps a value from breaking inline code or a list item.
func mdEscape(s string) string {
	return strings.NewReplacer("`", "'", "\n", " ").Replace(s)
}
