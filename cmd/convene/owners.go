package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/convene-dev/convene/internal/app"
)

func newOwnersCommand(a *app.App) *cobra.Command {
	var opts app.OwnersOptions
	cmd := &cobra.Command{
		Use:   "owners [--graph FILE | --snapshot ID]",
		Short: "List every owner seen, what it owns and where its name came from; draft an owners file",
		Long: `owners lists every team and person the graph knows: those of the owners file,
the catalog's groups and users, and those only a hint names (a tag or label, a
catalog spec.owner, CODEOWNERS, a Vault secret's custom_metadata, a crontab's
MAILTO). For each it prints the nodes it owns directly, how many inherit it,
and the evidence of where its name came from.

--format yaml writes a draft owners file (docs/owners-file.md) with a team or
person for each owner the owners file does not declare yet, and the names the
sources use as aliases: fill in the contacts and save it as
convene-owners.yaml.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.Owners(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", fmt.Sprintf("output format: %v", app.OwnersFormats))
	graphFlags(cmd, &opts.Graph)
	return cmd
}
