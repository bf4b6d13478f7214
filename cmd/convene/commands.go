package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/spf13/cobra"

	"github.com/convene-dev/convene/internal/app"
	"github.com/convene-dev/convene/internal/export"
	"github.com/convene-dev/convene/internal/planner"
)

func newScanCommand(a *app.App) *cobra.Command {
	var opts app.ScanOptions
	var summary string
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Discover the estate under the given paths and build its graph",
		Example: `  convene scan testdata/estate --out estate.json
  convene scan ./checkout /etc --save --source host-batch-01
  convene scan . --out g.json --exclude 'vendor/**'
  convene scan ./estate --out g.json --summary json > summary.json`,
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
				// On a terminal, or when every diagnostic goes to a file,
				// the summary shows only the first few.
				limit := opts.Diagnostics != "" || (opts.Out == "-" && a.Progress) || (opts.Out != "-" && a.Terminal)
				write := func() error { return app.WriteSummary(w, res, limit) }
				if summary == "json" {
					write = func() error { return app.WriteSummaryJSON(w, res) }
				}
				if werr := write(); werr != nil && (err == nil || errors.Is(err, app.ErrIncomplete)) {
					return werr
				}
			}
			if errors.Is(err, app.ErrIncomplete) {
				files, failed := res.Skipped()
				where := "see the diagnostics above"
				if opts.Diagnostics != "" {
					where = "every diagnostic is in " + opts.Diagnostics
				}
				fmt.Fprintf(a.Stderr, "convene: scan incomplete: %d file(s) skipped, %d connector(s) failed; %s\n", files, failed, where)
			}
			return err
		},
	}
	cmd.Flags().StringVar(&opts.ConfigFile, "config", "", "convene.yaml to use over the embedded defaults (default $CONVENE_CONFIG)")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "write the graph file here (- for stdout)")
	cmd.Flags().BoolVar(&opts.Save, "save", false, "save the graph as a snapshot in the store")
	cmd.Flags().StringVar(&opts.Source, "source", "", "with --save: the source this scan covers, for partial scans merged with others' (default \"default\")")
	cmd.Flags().IntVar(&opts.Keep, "keep", 0, "with --save: keep only the newest N snapshots of each source")
	cmd.Flags().StringVar(&summary, "summary", "text", "summary format: text or json (schemas/scan-summary.schema.json)")
	cmd.Flags().StringVar(&opts.Diagnostics, "diagnostics", "", "write every diagnostic to this file, one JSON object a line; the summary then shows only the first few of each connector and file")
	cmd.Flags().StringArrayVar(&opts.Exclude, "exclude", nil, "leave out files and folders matching this glob (** for any depth, e.g. '**/testdata/**'); repeatable, added to scan.exclude")
	cmd.Flags().BoolVar(&opts.OneFileSystem, "one-file-system", false, "do not descend into other mounted filesystems (pseudo filesystems such as /proc and /sys are always left out)")
	keepFor := cmd.Flags().String("keep-for", "", "with --save: delete snapshots older than this (e.g. 90d); each source's newest is kept")
	observedSince := cmd.Flags().String("observed-since", "", "count audit-trail entries this recent (e.g. 30d); overrides observed.since")
	storeFlag(cmd, &opts.Store)
	cmd.PreRunE = func(*cobra.Command, []string) error {
		if summary != "text" && summary != "json" {
			return app.Usagef("--summary %q: use text or json", summary)
		}
		opts.ConfigFile = configFile(opts.ConfigFile)
		opts.Version = version
		d, err := app.ParseAge(*keepFor)
		if err != nil {
			return &app.UsageError{Err: fmt.Errorf("--keep-for: %w", err)}
		}
		opts.KeepFor = d
		if opts.ObservedSince, err = app.ParseAge(*observedSince); err != nil {
			return &app.UsageError{Err: fmt.Errorf("--observed-since: %w", err)}
		}
		for _, pat := range opts.Exclude {
			if !doublestar.ValidatePattern(pat) {
				return app.Usagef("--exclude %q is not a valid glob", pat)
			}
		}
		if !opts.Save && (opts.Keep > 0 || opts.KeepFor > 0 || opts.Source != "") {
			return app.Usagef("--source, --keep and --keep-for go with --save")
		}
		return nil
	}
	return cmd
}

func newExportCommand(a *app.App) *cobra.Command {
	var opts app.ExportOptions
	cmd := &cobra.Command{
		Use:   "export --format FORMAT [--graph FILE | --snapshot ID]",
		Short: "Write the graph, or the neighbourhood of some nodes, for review",
		Example: `  convene export --format dot --exclude owner,location | dot -Tsvg > estate.svg
  convene export --format dot --focus role/deploy --depth 2 --legend --title "deploy role"
  convene export --format graphml > estate.graphml          # Gephi, yEd, networkx
  convene export --format opengraph > convene.json          # BloodHound OpenGraph upload
  convene export --format neo4j --out neo4j-import/         # CSVs for neo4j-admin and a LOAD CSV script
  convene export --format mermaid --focus payments/db --depth 1   # for a Markdown ticket`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("depth") && len(opts.Focus) == 0 {
				return app.Usagef("--depth goes with --focus: name the nodes to export the neighbourhood of")
			}
			return a.Export(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "dot", fmt.Sprintf("output format: %v", export.Formats()))
	graphFlags(cmd, &opts.Graph)
	cmd.Flags().StringSliceVar(&opts.Focus, "focus", nil, "export only the nodes near these IDs, suffixes or names")
	cmd.Flags().IntVar(&opts.Depth, "depth", 2, "with --focus: how many edges away to go")
	cmd.Flags().BoolVar(&opts.ThroughHubs, "through-hubs", false, "with --focus: walk on through owners and locations instead of stopping at them")
	cmd.Flags().StringSliceVar(&opts.Kinds, "kinds", nil, "keep only nodes of these kinds (identity, credential, policy, workload, owner, location)")
	cmd.Flags().StringSliceVar(&opts.EdgeKinds, "edge-kinds", nil, "keep only edges of these kinds (assumes, reads, uses, …)")
	cmd.Flags().StringSliceVar(&opts.Exclude, "exclude", nil, "drop nodes of these kinds, e.g. owner,location")
	cmd.Flags().StringVar(&opts.Title, "title", "", "title of the picture (dot, mermaid)")
	cmd.Flags().BoolVar(&opts.Legend, "legend", false, "add a legend of shapes and colours (dot)")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "write to this file, or for neo4j into this folder, instead of standard output")
	return cmd
}

func newShowCommand(a *app.App) *cobra.Command {
	var src app.GraphSource
	var format string
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one node, its evidence and its edges",
		Example: `  convene show --graph estate.json payments/db
  convene show role/payments-deploy
  convene show role/payments-deploy --format json | jq '.edges_in[].from'`,
		Long: "show prints a node named by its ID, a unique suffix of it, or its name.",
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "text":
				return a.Show(cmd.Context(), src, args[0])
			case "json":
				return a.ShowJSON(cmd.Context(), src, args[0])
			}
			return app.Usagef("--format %q: use text or json", format)
		},
	}
	graphFlags(cmd, &src)
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	return cmd
}

func newAccessCommand(a *app.App) *cobra.Command {
	var opts app.AccessOptions
	cmd := &cobra.Command{
		Use:   "access IDENTITY",
		Short: "Show who can become an identity, by which chain, and what it can become",
		Example: `  convene access --graph estate.json role/github-actions-ci
  convene access vault:auth/approle/role/backup-agent --format md`,
		Long: `access lists every node that can obtain an identity's access (shortest chain
first, each step with the permission or rule that allows it) and every identity
and credential it can itself become. Escalations (can_become edges) are derived
by the rules of docs/access.md.`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			return a.Access(cmd.Context(), opts)
		},
	}
	graphFlags(cmd, &opts.Graph)
	cmd.Flags().StringVar(&opts.Format, "format", "text", "text, md or json")
	cmd.PreRunE = func(*cobra.Command, []string) error {
		if opts.Format != "text" && opts.Format != "md" && opts.Format != "json" {
			return app.Usagef("--format %q: use text, md or json", opts.Format)
		}
		return nil
	}
	return cmd
}

func newConnectorsCommand(a *app.App) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "connectors",
		Short: "List the connectors, what each reads and what it needs",
		Example: `  convene connectors
  convene connectors --format json   # modes, settings and permissions`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			switch format {
			case "text":
				return a.ListConnectors()
			case "json":
				return a.ListConnectorsJSON()
			}
			return app.Usagef("--format %q: use text or json", format)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	return cmd
}

func newDiffCommand(a *app.App) *cobra.Command {
	var opts app.DiffOptions
	var since string
	cmd := &cobra.Command{
		Use:   "diff [OLD] [NEW]",
		Short: "Show what changed between two snapshots (or graph files)",
		Example: `  convene diff                         # the latest snapshot against the one before
  convene diff --since 7d --format md  # this week's drift, for the change ticket
  convene diff old.json new.json --exit-code`,
		Long: `diff compares two states of the estate: nodes and edges added, removed and
changed, grouped by kind and owner. OLD and NEW are snapshot IDs (see
convene history), "latest", or graph files. With no arguments it compares the
latest state with the state before the latest snapshot; --since 7d compares
it with the state a week ago.`,
		Args: usageArgs(cobra.MaximumNArgs(2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				opts.Old = args[0]
			}
			if len(args) > 1 {
				opts.New = args[1]
			}
			d, err := app.ParseAge(since)
			if err != nil {
				return &app.UsageError{Err: fmt.Errorf("--since: %w", err)}
			}
			opts.Since = d
			return a.Diff(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "compare the latest state with the state this long ago (7d, 2w, 36h)")
	cmd.Flags().BoolVar(&opts.ExitCode, "exit-code", false, "exit 3 when anything drifted")
	cmd.Flags().StringVar(&opts.ConfigFile, "config", "", "convene.yaml with the findings thresholds (default $CONVENE_CONFIG)")
	cmd.PreRun = func(*cobra.Command, []string) { opts.ConfigFile = configFile(opts.ConfigFile) }
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text, md or json")
	storeFlag(cmd, &opts.Store)
	return cmd
}

func newHistoryCommand(a *app.App) *cobra.Command {
	var storeURL, source, format string
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List the saved snapshots, newest first",
		Example: `  convene history
  convene history --store postgres://convene@db/convene`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.History(cmd.Context(), storeURL, source, format)
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "only the snapshots of this source")
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	storeFlag(cmd, &storeURL)
	return cmd
}

// graphFlags adds the flags that choose a command's graph: a file or a
// snapshot in the store.
func graphFlags(cmd *cobra.Command, src *app.GraphSource) {
	cmd.Flags().StringVarP(&src.File, "graph", "g", "", "read the graph from `FILE`, written by convene scan --out (- for stdin); default: the latest snapshot in the store")
	cmd.Flags().StringVar(&src.Snapshot, "snapshot", "", "snapshot ID or latest, from the store")
	storeFlag(cmd, &src.Store)
}

func storeFlag(cmd *cobra.Command, url *string) {
	cmd.Flags().StringVar(url, "store", storeURL(), "snapshot store: sqlite://PATH or postgres://… (default $CONVENE_STORE, else the embedded SQLite file)")
}

func newServeCommand(a *app.App) *cobra.Command {
	var opts app.ServeOptions
	cmd := &cobra.Command{
		Use:   "serve [PATH...]",
		Short: "Serve the API and web UI over the store's latest state; scan on a schedule when given paths",
		Example: `  convene serve --store postgres://convene@db/convene          # serve what the scanners save
  convene serve /etc --schedule "@every 6h"                     # scan too
  convene serve --listen 0.0.0.0:9464 --tokens-file tokens.sha256 --tls-cert cert.pem --tls-key key.pem`,
		Long: `serve keeps the store's latest merged state in memory and serves the JSON API
under /api/v1 (described at /api/v1/openapi.json) and the web UI under /ui,
with Prometheus metrics at /metrics and health at /healthz. It checks the
store every --reload-every for a snapshot saved by any scanner and swaps the
new state in. Given paths (or scan.paths) it also scans them at start and then
on the schedule (serve.schedule, default @every 6h, with up to serve.jitter of
random delay), one scan at a time, saving each as a snapshot.

It listens on loopback by default; another address is refused unless
authentication is configured: --tokens-file (SHA-256 digests of bearer tokens)
and/or --proxy-header with --proxy-allow (a trusted reverse proxy). The API is
read-only. SIGTERM or Ctrl-C stops it; a scan still running is abandoned and
saves nothing. docs/serve.md has the API and a deployment.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			opts.ConfigFile = configFile(opts.ConfigFile)
			opts.Version = version
			return a.Serve(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.ConfigFile, "config", "", "convene.yaml to use over the embedded defaults (default $CONVENE_CONFIG)")
	cmd.Flags().StringVar(&opts.Schedule, "schedule", "", "cron expression or @every DURATION (default serve.schedule); needs paths")
	cmd.Flags().StringVar(&opts.Listen, "listen", "", "address to serve on (default serve.listen, 127.0.0.1:9464); not loopback needs authentication")
	cmd.Flags().DurationVar(&opts.ReloadEvery, "reload-every", 5*time.Second, "how often to check the store for a new snapshot")
	cmd.Flags().StringVar(&opts.TLSCert, "tls-cert", "", "PEM certificate to serve HTTPS with (with --tls-key)")
	cmd.Flags().StringVar(&opts.TLSKey, "tls-key", "", "PEM private key of --tls-cert")
	cmd.Flags().StringVar(&opts.TokensFile, "tokens-file", "", "file of SHA-256 digests (hex) of the bearer tokens the API accepts, one a line")
	cmd.Flags().StringVar(&opts.ProxyHeader, "proxy-header", "", "header a trusted reverse proxy sets to the authenticated user, e.g. X-Forwarded-Email")
	cmd.Flags().StringSliceVar(&opts.ProxyAllow, "proxy-allow", nil, "users the proxy header may name: exact names, @example.com for a domain, * for any")
	storeFlag(cmd, &opts.Store)
	return cmd
}

func newPlanCommand(a *app.App) *cobra.Command {
	var opts app.PlanOptions
	cmd := &cobra.Command{
		Use:   "plan ACTION TARGET | plan --change FILE",
		Short: "Plan a change: what depends on the target, what breaks, who owns it, whom to invite",
		Example: `  convene plan rotate secret/payments/db --graph estate.json --window 2026-12-01T22:00Z/2h
  convene plan revoke role/payments-deploy --format md > plan.md
  convene plan --change change.yaml --format html > plan.html
  convene plan rotate payments/db --fail-on-tier high   # exit 3 for a high-risk change`,
		Long: `plan walks the graph from the target against the arrows, to everything that
depends on it, and reports each impacted node with its impact class (breaks,
may-break, update-copy, restart, orphaned, indirect, auto), the path that
explains it with the evidence of every edge, its owners and its scheduled runs
inside the window; then the change's risk tier and the people to invite, with
why and what to ask them.

ACTION is rotate, revoke, disable, delete, modify or decommission. TARGET is
a node ID, a unique suffix of one, or a name; an ambiguous or unknown target
lists candidates and exits 2.`,
		Args: usageArgs(cobra.MaximumNArgs(2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				opts.Action = args[0]
			}
			if len(args) > 1 {
				opts.Target = args[1]
			}
			if opts.MaxDepth < 1 {
				return app.Usagef("--max-depth must be 1 or more, not %d", opts.MaxDepth)
			}
			opts.Version = version
			return a.Plan(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.ChangeFile, "change", "", "a change file (YAML: action, targets, window, environment, ticket, notes)")
	cmd.Flags().StringVar(&opts.Window, "window", "", "change window START/DURATION, e.g. 2026-12-01T22:00Z/2h")
	cmd.Flags().StringVar(&opts.Environment, "env", "", "environment the change is made in (production raises the risk)")
	cmd.Flags().StringVar(&opts.FailOnTier, "fail-on-tier", "", "exit 3 after writing the plan when its risk tier is this or higher (low, medium, high)")
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text, md, json, html, dot, mermaid or runbook (the steps as a Markdown checklist)")
	cmd.Flags().IntVar(&opts.MaxDepth, "max-depth", planner.DefaultMaxDepth, "bound the walk to this many edges from the target; the report says when it was reached")
	cmd.Flags().StringVar(&opts.ConfigFile, "config", "", "convene.yaml with the risk tiers and findings thresholds (default $CONVENE_CONFIG)")
	cmd.PreRun = func(*cobra.Command, []string) { opts.ConfigFile = configFile(opts.ConfigFile) }
	graphFlags(cmd, &opts.Graph)
	return cmd
}

func newFindingsCommand(a *app.App) *cobra.Command {
	var opts app.FindingsOptions
	cmd := &cobra.Command{
		Use:   "findings",
		Short: "List NHI hygiene problems: static keys in CI, open OIDC trust, unowned or unused identities…",
		Example: `  convene findings --graph estate.json
  convene findings --format sarif > convene.sarif
  convene findings --fail-on high --exclude-rules NHI-UNUSED`,
		Long: `findings runs convene's rules over the graph. Each finding has a rule ID,
severity, the nodes and evidence (file:line or API call), a remediation, and
its OWASP NHI Top 10, NIST CSF 2.0 and MAESTRO mappings. --format sarif
writes SARIF 2.1.0 for code scanning. Read from the store, findings new since
the previous snapshot are marked NEW.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Version = version
			return a.Findings(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output format: text, md, json, sarif or gitlab")
	cmd.Flags().BoolVar(&opts.IncludeSuppressed, "include-suppressed", false, "list suppressed findings too (SARIF always carries them, marked)")
	cmd.Flags().StringVar(&opts.ConfigFile, "config", "", "convene.yaml with the findings thresholds (default $CONVENE_CONFIG)")
	cmd.Flags().StringVar(&opts.FailOn, "fail-on", "", "exit 3 when an open, unsuppressed finding is at this severity or worse (critical, high, medium, low)")
	cmd.Flags().StringSliceVar(&opts.Rules, "rules", nil, "run only the rules whose IDs match these globs (NHI-OIDC-*)")
	cmd.Flags().StringSliceVar(&opts.ExcludeRules, "exclude-rules", nil, "skip the rules whose IDs match these globs")
	cmd.PreRun = func(*cobra.Command, []string) { opts.ConfigFile = configFile(opts.ConfigFile) }
	graphFlags(cmd, &opts.Graph)
	return cmd
}
