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
	"github.com/convene-dev/convene/internal/web"
)

// ServeOptions are the inputs of `convene serve`.
type ServeOptions struct {
	ConfigFile string
	// Paths to scan; when empty, the configuration's scan.paths. With
	// neither, serve only serves the store's latest state.
	Paths []string
	// Schedule and Listen override the configuration when set.
	Schedule string
	Listen   string
	Store    string
	Version  string
	// ReloadEvery is how often the store is checked for a snapshot saved
	// by any scanner (default 5s).
	ReloadEvery time.Duration
	// TLSCert and TLSKey are PEM files; both or neither.
	TLSCert, TLSKey string
	// TokensFile holds SHA-256 digests of the bearer tokens accepted.
	TokensFile string
	// ProxyHeader names the header a trusted reverse proxy sets to the
	// authenticated user; ProxyAllow lists the users admitted.
	ProxyHeader string
	ProxyAllow  []string
}

// Serve serves the web API and UI over the store's latest state, kept in
// memory and reloaded when a scanner saves, with /metrics and /healthz;
// given paths it also scans them on the schedule, saving each scan as a
// snapshot. It returns when ctx is cancelled.
func (a *App) Serve(ctx context.Context, opts ServeOptions) error {
	cfg, err := config.Load(opts.ConfigFile)
	if err != nil {
		return err
	}
	schedule := opts.Schedule
	if schedule == "" {
		schedule = cfg.Serve.Schedule
	}
	if opts.Listen == "" {
		opts.Listen = cfg.Serve.Listen
	}
	if opts.ReloadEvery == 0 {
		opts.ReloadEvery = 5 * time.Second
	}
	if opts.ReloadEvery < 0 {
		return Usagef("--reload-every must be positive, e.g. 5s")
	}
	paths := opts.Paths
	if len(paths) == 0 {
		paths = cfg.Scan.Paths
	}
	if len(paths) == 0 && opts.Schedule != "" {
		return Usagef("--schedule needs something to scan: name one or more paths, or set scan.paths in convene.yaml")
	}
	auth, err := serveAuth(opts)
	if err != nil {
		return err
	}
	if err := web.CheckListen(opts.Listen, auth); err != nil {
		return &UsageError{err}
	}
	// Fail now, not at the first scheduled run, on a store that won't open.
	st, err := openStore(ctx, opts.Store)
	if err != nil {
		return err
	}
	st.Close()
	res, err := a.NewResident(opts.Store, opts.ConfigFile)
	if err != nil {
		return err
	}
	defer res.Close()
	log := zerolog.Ctx(ctx)
	if _, err := res.Reload(ctx); err != nil {
		return err
	}
	if res.State() == nil && len(paths) == 0 {
		log.Warn().Msg("the store holds no snapshot yet: the API answers 503 until a scanner saves one")
	}
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", opts.Listen, err)
	}
	watchCtx, stopWatch := context.WithCancel(ctx)
	watched := make(chan struct{})
	go func() { res.Watch(watchCtx, opts.ReloadEvery); close(watched) }()
	defer func() { stopWatch(); <-watched }() // before the store closes
	sopts := server.Options{Jitter: time.Duration(cfg.Serve.Jitter), Listener: ln, TLSCert: opts.TLSCert, TLSKey: opts.TLSKey,
		Handler: web.New(res, web.Options{Auth: auth, Version: opts.Version, Log: log}),
		Status: func() map[string]any {
			s := res.State()
			if s == nil {
				return map[string]any{"serving": "nothing yet: the store holds no snapshot"}
			}
			return map[string]any{"serving": s.Label, "serving_snapshot": s.Snapshot, "serving_nodes": s.Graph.Len(), "loaded": s.Loaded}
		}}
	if len(paths) > 0 {
		sched, err := config.ScheduleParser.Parse(schedule)
		if err != nil {
			ln.Close()
			return Usagef("--schedule %q: %v; write five cron fields or @every 6h", schedule, err)
		}
		sopts.Schedule, sopts.RunAtStart = sched, true
		sopts.Scan = func(ctx context.Context) (server.Outcome, error) {
			out, err := a.Scan(ctx, ScanOptions{Paths: paths, ConfigFile: opts.ConfigFile, Save: true,
				Store: opts.Store, Source: cfg.Serve.Source, Version: opts.Version})
			incomplete := errors.Is(err, ErrIncomplete)
			if err != nil && !incomplete {
				return server.Outcome{}, err
			}
			if _, err := res.Reload(ctx); err != nil {
				log.Warn().Err(err).Msg("scan saved, but reloading the store's state failed")
			}
			return server.Outcome{Graph: out.Graph, Snapshot: out.Saved.ID, Incomplete: incomplete}, nil
		}
		log.Info().Str("schedule", schedule).Strs("paths", paths).Msg("scheduled scans")
	} else {
		log.Info().Dur("reload_every", opts.ReloadEvery).Msg("serving the store's latest state; no scans")
	}
	return server.Run(ctx, sopts)
}

// serveAuth builds the API's authentication from the flags; nil when none
// is configured.
func serveAuth(opts ServeOptions) (*web.Auth, error) {
	if (opts.TLSCert == "") != (opts.TLSKey == "") {
		return nil, Usagef("give --tls-cert and --tls-key together")
	}
	if (opts.ProxyHeader == "") != (len(opts.ProxyAllow) == 0) {
		return nil, Usagef("give --proxy-header and --proxy-allow together: the header names the user, the allow list says who may come in")
	}
	if opts.TokensFile == "" && opts.ProxyHeader == "" {
		return nil, nil
	}
	auth := &web.Auth{ProxyHeader: opts.ProxyHeader, ProxyAllow: opts.ProxyAllow}
	if opts.TokensFile != "" {
		if err := auth.LoadTokens(opts.TokensFile); err != nil {
			return nil, &UsageError{err}
		}
	}
	return auth, nil
}
