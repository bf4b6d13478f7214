package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/convene-dev/convene/internal/app"
	"github.com/convene-dev/convene/internal/verify"
)

func newVerifyCommand(a *app.App) *cobra.Command {
	var opts app.VerifyOptions
	cmd := &cobra.Command{
		Use:   "verify --plan PLAN.json [--graph FILE | --snapshot ID]",
		Short: "After the change: report each step of a plan as done, not done or unknown, with evidence",
		Example: `  convene plan rotate secret/payments/db --window 2026-12-01T22:00Z/2h --format json > plan.json
  convene scan ./estate --out after.json    # after the window
  convene verify --plan plan.json --graph after.json`,
		Long: `verify reads the steps of a plan (convene plan --format json) and a scan of
the estate taken after the change, and reports each step as done, not done or
unknown, with the evidence: copies updated after the window started (secret
metadata dates, KV versions, key creation dates), the old key or version
still used after the window (observed use from audit logs), consumers still
configured to read the old credential, orphans still present. A step no data
can prove is unknown, and says so.

Exit status: 0 when every step data can prove is done, 3 when one is not,
1 on errors.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.Verify(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.PlanFile, "plan", "", "the plan, as written by convene plan --format json")
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", fmt.Sprintf("output format: %v", verify.Formats))
	graphFlags(cmd, &opts.Graph)
	return cmd
}
