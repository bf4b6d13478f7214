package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/internal/config"
	"github.com/convene-dev/convene/internal/server"
)

// ServeOptions are the inputs of `convene serve`.
type ServeOptions struct {
	ConfigFile string
	// Paths to scan; when empty, the configuration's scan.paths.
	Paths []string
	// Schedule and Listen override the configuration when set.
	Schedule string
	Listen   string
	Store    string
	Version  string
}

// Serve scans on the configured schedule, saving each scan as a snapshot,
// and serves /metrics and /healthz until ctx is cancelled.
func (a *App) Serve(ctx context.Context, opts ServeOptions) error {
	cfg, err := config.Load(opts.ConfigFile)
	if err != nil {
		return err
	}
	if opts.Schedule == "" {
		opts.Schedule = cfg.Serve.Schedule
	}
	if opts.Listen == "" {
		opts.Listen = cfg.Serve.Listen
	}
	sched, err := config.ScheduleParser.Parse(opts.Schedule)
	if err != nil {
		return Usagef("--schedule %q: %v; write five cron fields or @every 6h", opts.Schedule, err)
	}
	paths := opts.Paths
	if len(paths) == 0 {
		paths = cfg.Scan.Paths
	}
	if len(paths) == 0 {
		return Usagef("nothing to scan: name one or more paths, or set scan.paths in convene.yaml")
	}
	// Fail now, not at the first scheduled run, on a store that won't open.
	st, err := openStore(ctx, opts.Store)
	if err != nil {
		return err
	}
	st.Close()
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", opts.Listen, err)
	}
	scan := func(ctx context.Context) (server.Outcome, error) {
		res, err := a.Scan(ctx, ScanOptions{Paths: paths, ConfigFile: opts.ConfigFile, Save: true,
			Store: opts.Store, Source: cfg.Serve.Source, Version: opts.Version})
		incomplete := errors.Is(err, ErrIncomplete)
		if err != nil && !incomplete {
			return server.Outcome{}, err
		}
		return server.Outcome{Graph: res.Graph, Snapshot: res.Saved.ID, Incomplete: incomplete}, nil
	}
	zerolog.Ctx(ctx).Info().Str("schedule", opts.Schedule).Strs("paths", paths).Msg("scheduled scans")
	return server.Run(ctx, server.Options{Schedule: sched, Jitter: time.Duration(cfg.Serve.Jitter), Listener: ln, Scan: scan, RunAtStart: true})
}
