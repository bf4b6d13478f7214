package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/convene-dev/convene/internal/app"
)

// buildInfo is what `convene version` prints: the release (set with
// -ldflags "-X main.version=…", else the module version `go install`
// recorded), the commit and its date from the VCS stamp, and the Go
// toolchain.
type buildInfo struct {
	Version, Commit, Date, Go string
	Modified                  bool
}

func readBuildInfo() (bi buildInfo) {
	bi = buildInfo{Version: version, Commit: "unknown", Date: "unknown", Go: "unknown"}
	defer func() { // the link-time values win over the toolchain's stamp
		if commit != "" {
			bi.Commit = commit
		}
		if date != "" {
			bi.Date = date
		}
	}()
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return bi
	}
	bi.Go = info.GoVersion
	if bi.Version == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		bi.Version = info.Main.Version
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			bi.Commit = s.Value
		case "vcs.time":
			bi.Date = s.Value
		case "vcs.modified":
			bi.Modified = s.Value == "true"
		}
	}
	return bi
}

// String is the one-line form `--version` prints.
func (bi buildInfo) String() string {
	commit := bi.Commit
	if len(commit) > 12 {
		commit = commit[:12]
	}
	if bi.Modified {
		commit += "-dirty"
	}
	return fmt.Sprintf("convene %s (commit %s, built from a tree dated %s, %s)", bi.Version, commit, bi.Date, bi.Go)
}

func newVersionCommand(a *app.App) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print convene's version, commit, build date and Go version",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			bi := readBuildInfo()
			switch strings.ToLower(format) {
			case "text":
				_, err := fmt.Fprintln(a.Stdout, bi.String())
				return err
			case "json":
				_, err := fmt.Fprintf(a.Stdout, "{\"version\":%q,\"commit\":%q,\"date\":%q,\"go\":%q,\"modified\":%t}\n",
					bi.Version, bi.Commit, bi.Date, bi.Go, bi.Modified)
				return err
			}
			return app.Usagef("unknown format %q; choose text or json", format)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	return cmd
}
