package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/connectors"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/access"
	"github.com/convene-dev/convene/internal/config"
	"github.com/convene-dev/convene/internal/link"
	"github.com/convene-dev/convene/internal/scanpath"
	"github.com/convene-dev/convene/internal/store"
)

// ScanOptions are the inputs of `convene scan`.
type ScanOptions struct {
	// Paths to scan; when empty, the configuration's scan.paths.
	Paths []string
	// ConfigFile is a convene.yaml; empty means the embedded defaults.
	ConfigFile string
	// Out is where to write the graph file; "-" is standard output and
	// empty writes none.
	Out string
	// Save stores the graph as a snapshot of Source in Store.
	Save   bool
	Store  string
	Source string
	// Keep and KeepFor prune older snapshots after saving (0: no limit).
	Keep    int
	KeepFor time.Duration
	// Version is convene's version, recorded with a saved snapshot.
	Version string
	// ObservedSince, when positive, replaces observed.since: audit-trail
	// entries older than this are not counted.
	ObservedSince time.Duration
	// Exclude adds globs to scan.exclude; OneFileSystem keeps each walk on
	// the filesystem its path is on.
	Exclude       []string
	OneFileSystem bool
	// Diagnostics, when set, is a file every diagnostic is written to, one
	// JSON object a line (see docs/configuration.md).
	Diagnostics string
}

// ScanResult is what a scan found and how it went.
type ScanResult struct {
	Graph    *graph.Graph
	Routing  *connectors.Routing
	Results  []connectors.Result
	Duration time.Duration
	// Saved is the snapshot the scan was saved as, when it was.
	Saved *store.Info
	// TagKeys are the attributes read as owner hints (nil: the defaults).
	TagKeys []string
	// DiagnosticsFile is where every diagnostic was written, when it was.
	DiagnosticsFile string
}

// Skipped counts the files the scan could not read, or that a connector
// could not parse, and the connectors that failed.
func (r *ScanResult) Skipped() (files, failedConnectors int) {
	seen := make(map[string]bool)
	for _, d := range r.Graph.Diagnostics() {
		if d.Severity == graph.Error && d.File != "" && !seen[d.File] {
			seen[d.File] = true
		}
	}
	for _, res := range r.Results {
		if res.Err != nil {
			failedConnectors++
		}
	}
	return len(seen), failedConnectors
}

// Scan discovers the estate under the given paths and writes the graph.
// It returns ErrIncomplete, after writing everything it could, when files
// were skipped or a connector failed.
func (a *App) Scan(ctx context.Context, opts ScanOptions) (*ScanResult, error) {
	start := time.Now()
	log := zerolog.Ctx(ctx)
	cfg, err := config.Load(opts.ConfigFile)
	if err != nil {
		return nil, err
	}
	if opts.ObservedSince > 0 {
		cfg.Observed.Since = config.Age(opts.ObservedSince)
	}
	cfg.Observed.Now = a.now
	reg, err := registry(cfg)
	if err != nil {
		return nil, err
	}
	paths := opts.Paths
	if len(paths) == 0 {
		paths = cfg.Scan.Paths
	}
	if len(paths) == 0 {
		return nil, Usagef("nothing to scan: name one or more paths, or set scan.paths in convene.yaml")
	}
	var out *atomicFile
	if opts.Out != "" && opts.Out != "-" {
		if out, err = createAtomic(opts.Out); err != nil { // fail before the work, not after
			return nil, err
		}
		defer out.Abort()
	}
	var diagOut *atomicFile
	if opts.Diagnostics != "" {
		if diagOut, err = createAtomic(opts.Diagnostics); err != nil {
			return nil, fmt.Errorf("--diagnostics: %w", err)
		}
		defer diagOut.Abort()
	}

	routing, err := connectors.Route(ctx, paths, reg.Connectors(), connectors.RouteOptions{
		MaxFileSize: cfg.Scan.MaxFileSize, MaxExportSize: cfg.Scan.MaxExportSize,
		Exclude: append(slices.Clone(cfg.Scan.Exclude), opts.Exclude...), OneFileSystem: opts.OneFileSystem})
	if err != nil {
		return nil, err
	}
	log.Debug().Int("seen", routing.Seen).Int("routed", routing.Routed).Msg("files routed")
	jobs := jobsFor(reg, routing)

	b := graph.NewBuilder()
	for _, d := range routing.Diagnostics {
		b.Diagnose(d)
	}
	bar := a.newProgress(len(jobs))
	// Attributes cite files relative to the paths scanned (internal/scanpath).
	results := connectors.Run(scanpath.WithRoots(ctx, paths), jobs, b, cfg.Scan.Concurrency, func(r connectors.Result) {
		bar.done(r.Connector)
		ev := log.Debug()
		if r.Err != nil && ctx.Err() == nil { // an interrupted scan says so once, in main
			ev = log.Error().Err(r.Err)
		}
		ev.Str("connector", r.Connector).Int("files", r.Files).Dur("took", r.Duration).Msg("connector finished")
	})
	bar.wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rules := link.WithOwnerTagKeys(link.Default(), cfg.Ownership.TagKeys)
	if err := link.Run(ctx, b.Build(), b, rules...); err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	if err := access.Derive(ctx, b.Build(), b); err != nil {
		return nil, err
	}
	g, err := link.ResolveObserved(ctx, b.Build(), cfg.Observed)
	if err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	res := &ScanResult{Graph: g, Routing: routing, Results: results, TagKeys: cfg.Ownership.TagKeys}
	res.Duration = time.Since(start)

	switch {
	case out != nil:
		if err := res.Graph.WriteJSON(out); err != nil {
			return nil, fmt.Errorf("write %s: %w", opts.Out, err)
		}
		if err := out.Commit(); err != nil {
			return nil, err
		}
	case opts.Out == "-":
		if err := res.Graph.WriteJSON(a.Stdout); err != nil {
			return nil, err
		}
	}
	if diagOut != nil {
		if err := writeDiagnosticsJSON(diagOut, res.Graph.Diagnostics()); err != nil {
			return nil, fmt.Errorf("write %s: %w", opts.Diagnostics, err)
		}
		if err := diagOut.Commit(); err != nil {
			return nil, err
		}
		res.DiagnosticsFile = opts.Diagnostics
	}
	if opts.Save {
		info, err := a.save(ctx, opts, res)
		if err != nil {
			return res, err
		}
		res.Saved = &info
	}
	if files, failed := res.Skipped(); files > 0 || failed > 0 {
		return res, ErrIncomplete
	}
	return res, nil
}

// registry returns the connectors the configuration leaves enabled.
func registry(cfg *config.Config) (*connectors.Registry, error) {
	all, err := connectors.NewRegistry(connectors.All(cfg)...)
	if err != nil {
		return nil, err
	}
	for i, name := range cfg.Connectors.Disable {
		if _, ok := all.Get(name); !ok {
			return nil, cfg.Errorf(fmt.Sprintf("connectors.disable.%d", i),
				"unknown connector %q; `convene connectors` lists them", name)
		}
	}
	return all.Select(cfg.Connectors.Disable)
}

// jobsFor pairs each connector with its files. File connectors run only
// when they were given files, switchable ones only when configured; the
// others always run.
func jobsFor(reg *connectors.Registry, routing *connectors.Routing) []connectors.Job {
	var jobs []connectors.Job
	for _, c := range reg.Connectors() {
		files := routing.Files[c.Name()]
		if _, isFile := c.(connectors.FileClaimer); isFile && len(files) == 0 {
			continue
		}
		if sw, ok := c.(connectors.Switchable); ok && !sw.Configured() && len(files) == 0 {
			continue
		}
		jobs = append(jobs, connectors.Job{Connector: c, Files: slices.Clone(files)})
	}
	return jobs
}
