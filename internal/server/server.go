// Package server runs convene as a service: scans on a schedule, one at a
// time, with Prometheus metrics and a health endpoint, and mounts the
// handler it is given (the web API and UI) beside them. What a scan does is
// given to it; the package knows schedules, HTTP and metrics only.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/graph"
)

// Outcome is what one scheduled scan produced.
type Outcome struct {
	Graph *graph.Graph
	// Snapshot is the ID the scan was saved as.
	Snapshot int64
	// Incomplete is set when files were skipped or a connector failed; the
	// snapshot was still saved.
	Incomplete bool
}

// ScanFunc runs one scan and saves it. It must honour ctx: when ctx is
// cancelled it returns without saving.
type ScanFunc func(ctx context.Context) (Outcome, error)

// Options configure Run.
type Options struct {
	// Schedule is when to scan; nil means never (serve only).
	Schedule cron.Schedule
	Jitter   time.Duration
	// Listener serves /metrics, /healthz and Handler.
	Listener net.Listener
	// Handler, when set, serves every other path.
	Handler http.Handler
	// Status, when set, adds fields to what /healthz reports (the state
	// being served).
	Status func() map[string]any
	// TLSCert and TLSKey, when set, are the PEM files to serve HTTPS with.
	TLSCert, TLSKey string
	Scan            ScanFunc
	// RunAtStart runs a scan as soon as the server starts, before the
	// first scheduled time.
	RunAtStart bool
}

// Run serves until ctx is cancelled, scanning on the schedule. Scans never
// overlap: a time that comes while a scan is running is skipped and logged.
// On cancellation the running scan is cancelled too (it saves nothing), the
// HTTP server drains, and Run returns nil.
func Run(ctx context.Context, opts Options) error {
	log := zerolog.Ctx(ctx)
	m := newMetrics()
	s := &state{status: opts.Status}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", s.health)
	if opts.Handler != nil {
		mux.Handle("/", opts.Handler)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	serveErr := make(chan error, 1)
	go func() {
		if opts.TLSCert != "" {
			serveErr <- srv.ServeTLS(opts.Listener, opts.TLSCert, opts.TLSKey)
			return
		}
		serveErr <- srv.Serve(opts.Listener)
	}()
	log.Info().Str("listen", opts.Listener.Addr().String()).Bool("tls", opts.TLSCert != "").Msg("serving")

	var wg sync.WaitGroup
	running := make(chan struct{}, 1) // holds a token while a scan runs
	start := func(at time.Time) {
		select {
		case running <- struct{}{}:
		default:
			log.Warn().Time("due", at).Msg("scan skipped: the previous scan is still running")
			m.skipped.Inc()
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-running }()
			s.run(ctx, opts.Scan, m)
		}()
	}
	if opts.RunAtStart && opts.Scan != nil {
		start(time.Now())
	}
	sched := opts.Schedule
	if sched == nil || opts.Scan == nil {
		sched = never{}
	}
	next := sched.Next(time.Now())
	for {
		delay := time.Until(next)
		if opts.Jitter > 0 {
			delay += rand.N(opts.Jitter)
		}
		timer := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			wg.Wait() // the scan sees ctx cancelled and stops without saving
			shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			if err := srv.Shutdown(shutdown); err != nil {
				return err
			}
			log.Info().Msg("stopped")
			return nil
		case err := <-serveErr:
			timer.Stop()
			return err
		case <-timer.C:
			start(next)
			next = sched.Next(time.Now())
		}
	}
}

// never is the schedule of a server that only serves.
type never struct{}

func (never) Next(t time.Time) time.Time { return t.Add(100 * 365 * 24 * time.Hour) }

// state is what /healthz reports.
type state struct {
	mu          sync.Mutex
	lastRun     time.Time
	lastSuccess time.Time
	lastError   string
	snapshot    int64
	status      func() map[string]any
}

func (s *state) run(ctx context.Context, scan ScanFunc, m *metrics) {
	log := zerolog.Ctx(ctx)
	started := time.Now()
	log.Info().Msg("scan started")
	out, err := scan(ctx)
	took := time.Since(started)
	m.duration.Observe(took.Seconds())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastRun = started
	switch {
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		m.scans.WithLabelValues("cancelled").Inc()
		log.Warn().Dur("took", took).Msg("scan abandoned at shutdown; nothing saved")
		return
	case err != nil:
		m.scans.WithLabelValues("error").Inc()
		s.lastError = err.Error()
		log.Error().Err(err).Dur("took", took).Msg("scan failed; the previous snapshot stands")
		return
	}
	result := "ok"
	if out.Incomplete {
		result = "incomplete"
	}
	m.scans.WithLabelValues(result).Inc()
	m.observe(out.Graph)
	m.lastSuccess.SetToCurrentTime()
	s.lastSuccess, s.lastError, s.snapshot = time.Now(), "", out.Snapshot
	log.Info().Int64("snapshot", out.Snapshot).Int("nodes", out.Graph.Len()).Dur("took", took).Str("result", result).Msg("scan saved")
}

// health answers 200 while the last scan succeeded (or none ran yet) and
// 503 after a failure, with the details as JSON.
func (s *state) health(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	body := map[string]any{"status": "ok", "last_run": s.lastRun, "last_success": s.lastSuccess, "snapshot": s.snapshot}
	if s.status != nil {
		for k, v := range s.status() {
			body[k] = v
		}
	}
	code := http.StatusOK
	if s.lastError != "" {
		body["status"], body["error"], code = "failing", s.lastError, http.StatusServiceUnavailable
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(body)
}

type metrics struct {
	reg         *prometheus.Registry
	duration    prometheus.Histogram
	scans       *prometheus.CounterVec
	skipped     prometheus.Counter
	lastSuccess prometheus.Gauge
	nodes       *prometheus.GaugeVec
	edges       *prometheus.GaugeVec
	diagnostics prometheus.Gauge
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "convene_scan_duration_seconds",
			Help: "How long scheduled scans took.", Buckets: prometheus.ExponentialBuckets(0.5, 2, 12)}),
		scans: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "convene_scans_total",
			Help: "Scheduled scans by result: ok, incomplete (saved, with files skipped), error, cancelled."}, []string{"result"}),
		skipped: prometheus.NewCounter(prometheus.CounterOpts{Name: "convene_scans_skipped_total",
			Help: "Scheduled times skipped because the previous scan was still running."}),
		lastSuccess: prometheus.NewGauge(prometheus.GaugeOpts{Name: "convene_scan_last_success_timestamp_seconds",
			Help: "When the last scan was saved, as a Unix time."}),
		nodes: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "convene_graph_nodes",
			Help: "Nodes in the last saved scan, by kind."}, []string{"kind"}),
		edges: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "convene_graph_edges",
			Help: "Edges in the last saved scan, by kind."}, []string{"kind"}),
		diagnostics: prometheus.NewGauge(prometheus.GaugeOpts{Name: "convene_scan_diagnostics",
			Help: "Diagnostics (skipped or doubtful inputs) in the last saved scan."}),
	}
	m.reg.MustRegister(m.duration, m.scans, m.skipped, m.lastSuccess, m.nodes, m.edges, m.diagnostics)
	return m
}

func (m *metrics) observe(g *graph.Graph) {
	nodes, edges := g.Count()
	for _, k := range graph.NodeKinds {
		m.nodes.WithLabelValues(string(k)).Set(float64(nodes[k]))
	}
	for _, k := range graph.EdgeKinds {
		m.edges.WithLabelValues(string(k)).Set(float64(edges[k]))
	}
	m.diagnostics.Set(float64(len(g.Diagnostics())))
}
