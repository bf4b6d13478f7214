package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/convene-dev/convene/internal/app"
)

// newManCommand writes a man page per command, for packagers (the release
// archives carry them). It is hidden: people read `convene help`.
func newManCommand(a *app.App) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:    "man --out DIR",
		Short:  "Write convene's man pages (section 1) into a folder",
		Hidden: true,
		Args:   usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return app.Usagef("give the folder to write the man pages in with --out DIR")
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			header := &doc.GenManHeader{Title: "CONVENE", Section: "1", Source: "convene " + version, Manual: "convene manual"}
			root := cmd.Root()
			root.DisableAutoGenTag = true
			if err := doc.GenManTree(root, header, out); err != nil {
				return fmt.Errorf("write man pages: %w", err)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "folder to write the pages in")
	return cmd
}
