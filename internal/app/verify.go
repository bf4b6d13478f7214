package app

import (
	"context"
	"fmt"
	"os"
	"slices"

	"github.com/convene-dev/convene/internal/verify"
)

// VerifyOptions are the inputs of `convene verify`.
type VerifyOptions struct {
	// PlanFile is a plan written by `convene plan --format json`.
	PlanFile string
	// Graph is the estate after the change.
	Graph  GraphSource
	Format string
}

// Verify reports each step of a plan as done, not done or unknown in a
// scan taken after the change. It returns a *CheckFailedError (exit 3) when
// a step that data can prove is not done.
func (a *App) Verify(ctx context.Context, opts VerifyOptions) error {
	if opts.PlanFile == "" {
		return Usagef("name the plan: convene verify --plan plan.json (write it with convene plan --format json)")
	}
	if !slices.Contains(verify.Formats, opts.Format) {
		return Usagef("unknown format %q; choose one of: %v", opts.Format, verify.Formats)
	}
	f, err := os.Open(opts.PlanFile)
	if err != nil {
		return fmt.Errorf("read the plan: %w", err)
	}
	p, err := verify.ReadPlan(f, opts.PlanFile)
	f.Close()
	if err != nil {
		return err
	}
	g, label, err := opts.Graph.load(ctx)
	if err != nil {
		return err
	}
	r := verify.Check(g, p, label)
	if err := verify.Write(a.Stdout, opts.Format, r); err != nil {
		return err
	}
	if n := r.Count()[verify.NotDone]; n > 0 {
		return &CheckFailedError{Reason: fmt.Sprintf("%d step(s) of the plan are not done", n)}
	}
	return nil
}
