package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
	"github.com/spf13/cobra"

	"github.com/convene-dev/convene/internal/app"
)

// version, commit and date are set at build time with -ldflags
// "-X main.version=…" (the Makefile sets all three); a build without them
// falls back to what the Go toolchain stamped, if anything.
var (
	version = "dev"
	commit  = ""
	date    = ""
)

type globalFlags struct {
	logLevel  string
	logFormat string
}

func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	return newRootCommandWith(&app.App{Stdout: stdout, Stderr: stderr, Progress: isTerminal(stderr), Terminal: isTerminal(stdout)})
}

// newRootCommandWith wires the commands to a; tests give it a fixed clock.
func newRootCommandWith(a *app.App) *cobra.Command {
	var gf globalFlags
	// Every byte of data goes through out, which remembers a failed write:
	// a command that ran but could not say so exits 1.
	out := app.CheckWrites(a.Stdout)
	a.Stdout = out
	stdout, stderr := a.Stdout, a.Stderr
	root := &cobra.Command{
		Use:   "convene",
		Short: "Map non-human identities and plan privileged-access changes",
		Long: `convene maps the non-human identities of an estate (cloud roles and keys,
Vault secrets and auth roles, CI credentials, scheduled jobs) into one
dependency graph, and answers what a change would break, who owns each piece
and who must be invited into planning.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		// An explicit Args check makes an unknown command a usage error
		// (exit 2) rather than cobra's plain error.
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			log, err := newLogger(stderr, gf)
			if err != nil {
				return err
			}
			cmd.SetContext(log.WithContext(cmd.Context()))
			return nil
		},
		PersistentPostRunE: func(*cobra.Command, []string) error { return out.Err() },
	}
	root.Version = readBuildInfo().String()
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&gf.logLevel, "log-level", "warn", "log level: debug, info, warn or error")
	root.PersistentFlags().StringVar(&gf.logFormat, "log-format", "console", "log format on stderr: console or json")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &app.UsageError{Err: err} })
	root.AddCommand(
		newScanCommand(a),
		newPlanCommand(a),
		newFindingsCommand(a),
		newExportCommand(a),
		newShowCommand(a),
		newAccessCommand(a),
		newDiffCommand(a),
		newHistoryCommand(a),
		newServeCommand(a),
		newConnectorsCommand(a),
		newVersionCommand(a),
		newManCommand(a),
		newOwnersCommand(a),
		newVerifyCommand(a),
	)
	registerCompletions(root, a)
	return root
}

func newLogger(w io.Writer, gf globalFlags) (zerolog.Logger, error) {
	level, err := zerolog.ParseLevel(strings.ToLower(gf.logLevel))
	if err != nil || gf.logLevel == "" {
		return zerolog.Nop(), app.Usagef("--log-level %q: use debug, info, warn or error", gf.logLevel)
	}
	switch gf.logFormat {
	case "json":
	case "console":
		w = zerolog.ConsoleWriter{Out: w, NoColor: !isTerminal(w), TimeFormat: "15:04:05"}
	default:
		return zerolog.Nop(), app.Usagef("--log-format %q: use console or json", gf.logFormat)
	}
	// Connectors log from their own goroutines: serialise the writes.
	return zerolog.New(zerolog.SyncWriter(w)).Level(level).With().Timestamp().Logger(), nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// usageArgs wraps a cobra argument check so its error exits 2.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return &app.UsageError{Err: fmt.Errorf("%w\nusage: %s", err, cmd.UseLine())}
		}
		return nil
	}
}
