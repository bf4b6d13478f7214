package main

import (
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/convene-dev/convene/internal/app"
	"github.com/convene-dev/convene/internal/export"
)

func newScanCommand(a *app.App) *cobra.Command {
	var opts app.ScanOptions
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Discover the estate under the given paths and build its graph",
		Long: `scan walks each PATH (a checkout, a GitOps repository, /etc, a folder of
exports, or convene graph files from other scanners), hands every file to the
connectors that read it, links what they found and prints a summary. With
--out it writes the graph file the other commands read.

A file that cannot be read or parsed is reported with its line and skipped;
the scan goes on. The exit status is 1 when anything was skipped or a
connector failed, after the graph is written.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			res, err := a.Scan(cmd.Context(), opts)
			if res != nil {
				w := a.Stdout
				if opts.Out == "-" {
					w = a.Stderr
				}
				app.WriteSummary(w, res)
			}
			if errors.Is(err, app.ErrIncomplete) {
				files, failed := res.Skipped()
				fmt.Fprintf(a.Stderr, "convene: scan incomplete: %d file(s) skipped, %d connector(s) failed; see the diagnostics above\n", files, failed)
			}
			return err
		},
	}
	cmd.Flags().StringVar(&opts.ConfigFile, "config", "", "convene.yaml to use over the embedded defaults (default $CONVENE_CONFIG)")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "write the graph file here (- for stdout)")
	cmd.PreRun = func(*cobra.Command, []string) { opts.ConfigFile = configFile(opts.ConfigFile) }
	return cmd
}

func newExportCommand(a *app.App) *cobra.Command {
	var opts app.ExportOptions
	cmd := &cobra.Command{
		Use:   "export --format FORMAT --graph FILE",
		Short: "Write the graph, or the neighbourhood of some nodes, for review",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.Export(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "dot", fmt.Sprintf("output format: %v", export.Formats()))
	cmd.Flags().StringVarP(&opts.Graph, "graph", "g", "", "graph file written by `convene scan --out` (- for stdin)")
	cmd.Flags().StringSliceVar(&opts.Focus, "focus", nil, "export only the nodes near these IDs, suffixes or names")
	cmd.Flags().IntVar(&opts.Depth, "depth", 2, "with --focus: how many edges away to go")
	return cmd
}

func newShowCommand(a *app.App) *cobra.Command {
	var graphFile string
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one node, its evidence and its edges",
		Long:  "show prints a node named by its ID, a unique suffix of it, or its name.",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.Show(cmd.Context(), graphFile, args[0])
		},
	}
	cmd.Flags().StringVarP(&graphFile, "graph", "g", "", "graph file written by `convene scan --out` (- for stdin)")
	return cmd
}

func newConnectorsCommand(a *app.App) *cobra.Command {
	return &cobra.Command{
		Use:   "connectors",
		Short: "List the connectors, what each reads and what it needs",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(*cobra.Command, []string) error { return a.ListConnectors() },
	}
}

func newVersionCommand(a *app.App) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print convene's version",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			v := version
			if info, ok := debug.ReadBuildInfo(); ok && v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
				v = info.Main.Version
			}
			_, err := fmt.Fprintf(a.Stdout, "convene %s\n", v)
			return err
		},
	}
}
