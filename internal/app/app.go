// Package app carries out convene's commands: it loads the configuration,
// runs the connectors, links and builds the graph and hands it to the
// exporters. The command line in cmd/convene only wires flags to it.
package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/convene-dev/convene/graph"
)

// App holds what every command needs: where to write data and messages.
// Data goes to Stdout, messages and progress to Stderr; the logger travels
// in the context.
type App struct {
	Stdout io.Writer
	Stderr io.Writer
	// Progress turns on the progress display on Stderr; set it only when
	// Stderr is a terminal.
	Progress bool
	// Terminal says Stdout is a terminal: a scan summary then shows only
	// the first few diagnostics of each connector and file.
	Terminal bool
	// Clock gives the time ages are judged from (how long ago a key was
	// used); nil means the wall clock. Tests fix it.
	Clock func() time.Time
}

func (a *App) now() time.Time {
	if a.Clock != nil {
		return a.Clock()
	}
	return time.Now()
}

// UsageError is an error in how convene was called; the command exits 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a *UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{fmt.Errorf(format, args...)}
}

// CheckFailedError says that the check a command was asked to make failed
// (findings at --fail-on, drift with --exit-code, a plan at --fail-on-tier):
// the output was written in full, and the command exits 3.
type CheckFailedError struct{ Reason string }

func (e *CheckFailedError) Error() string { return "check failed: " + e.Reason }

// ExitCode maps an error returned by a command to convene's exit status:
// 0 ok, 1 error, 2 usage error, 3 the check asked for failed. A target that
// names several nodes, or none, is a usage error.
func ExitCode(err error) int {
	var ue *UsageError
	var amb *graph.AmbiguousError
	var nf *graph.NotFoundError
	var cf *CheckFailedError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue), errors.As(err, &amb), errors.As(err, &nf):
		return 2
	case errors.As(err, &cf):
		return 3
	}
	return 1
}

// ErrIncomplete is returned by a scan that wrote its graph but skipped files
// or had a connector fail; the command exits 1.
var ErrIncomplete = errors.New("scan incomplete")

// loadGraph reads a graph file written by `convene scan --out`; "-" is
// standard input.
func loadGraph(path string) (*graph.Graph, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("read graph: %w", err)
		}
		defer f.Close()
		r = f
	}
	g, err := graph.ReadJSON(r)
	if err != nil {
		var fe *graph.FormatError
		if errors.As(err, &fe) && fe.Line > 0 {
			return nil, fmt.Errorf("%s:%d: %s", path, fe.Line, fe.Msg)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}
