// Package report renders convene's reports — drift today; impact plans and
// findings as they arrive — as text for a terminal, Markdown for a change
// ticket and JSON for machines. Reports are plain structs made elsewhere;
// this package only turns them into bytes.
package report

import (
	"fmt"
	"io"
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

// errWriter remembers the first failed write and fails every write after
// it, so a renderer that writes many lines is checked once, at the end: a
// full disk or a closed pipe is an error, never a silently short report.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, err
}

// checked runs render over an errWriter on w and returns the render's
// error, or else the first write error.
func checked(w io.Writer, render func(io.Writer) error) error {
	ew := &errWriter{w: w}
	if err := render(ew); err != nil {
		return err
	}
	return ew.err
}
