package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/convene-dev/convene/internal/app"
	"github.com/convene-dev/convene/internal/export"
	"github.com/convene-dev/convene/internal/planner"
	"github.com/convene-dev/convene/internal/report"
)

// formatsByCommand lists each command's output formats, for completion.
var formatsByCommand = map[string][]string{
	"plan":     report.PlanFormats,
	"findings": report.FindingsFormats,
	"export":   export.Formats(),
	"diff":     {"text", "md", "json"},
	"verify":   {"text", "md", "json"},
	"version":  {"text", "json"},
	"history":  {"text", "json"},
	"show":     {"text", "json"},
}

// nodeArgs names the commands whose positional arguments are node
// references, with the position (0-based) of the first one.
var nodeArgs = map[string]int{"plan": 1, "show": 0, "access": 0}

// registerCompletions adds dynamic shell completion (`convene completion
// bash|zsh|fish|powershell`): actions, formats, node IDs and names from the
// graph the command would read (--graph, --snapshot, --store), and snapshot
// IDs from the store.
func registerCompletions(root *cobra.Command, a *app.App) {
	for _, cmd := range root.Commands() {
		if formats, ok := formatsByCommand[cmd.Name()]; ok && cmd.Flags().Lookup("format") != nil {
			cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
		}
		if cmd.Flags().Lookup("snapshot") != nil {
			cmd.RegisterFlagCompletionFunc("snapshot", func(c *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
				url, _ := c.Flags().GetString("store")
				return a.CompleteSnapshots(c.Context(), url), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
			})
		}
		if cmd.Flags().Lookup("focus") != nil {
			cmd.RegisterFlagCompletionFunc("focus", func(c *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
				return a.CompleteNodes(c.Context(), sourceFromFlags(c), prefix), cobra.ShellCompDirectiveNoFileComp
			})
		}
		first, ok := nodeArgs[cmd.Name()]
		if !ok {
			continue
		}
		name := cmd.Name()
		cmd.ValidArgsFunction = func(c *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if name == "plan" && len(args) == 0 {
				var actions []string
				for _, act := range planner.Actions {
					if strings.HasPrefix(string(act), prefix) {
						actions = append(actions, string(act))
					}
				}
				return actions, cobra.ShellCompDirectiveNoFileComp
			}
			if len(args) != first {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return a.CompleteNodes(c.Context(), sourceFromFlags(c), prefix), cobra.ShellCompDirectiveNoFileComp
		}
	}
}

// sourceFromFlags reads the graph source a command's flags name.
func sourceFromFlags(cmd *cobra.Command) app.GraphSource {
	var src app.GraphSource
	src.File, _ = cmd.Flags().GetString("graph")
	src.Snapshot, _ = cmd.Flags().GetString("snapshot")
	src.Store, _ = cmd.Flags().GetString("store")
	return src
}
