package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/drift"
	"github.com/convene-dev/convene/internal/duration"
	"github.com/convene-dev/convene/internal/findings"
	"github.com/convene-dev/convene/internal/report"
	"github.com/convene-dev/convene/internal/store"
	"github.com/convene-dev/convene/schemas"
)

// GraphSource says where a command reads its graph: a graph file, or a
// snapshot in the store (the latest state of every source by default).
type GraphSource struct {
	// File is a graph file written by `convene scan --out`; "-" is stdin.
	File string
	// Snapshot is a snapshot ID or "latest"; used when File is empty.
	Snapshot string
	// Store is the store URL.
	Store string
}

// load reads the graph a command works on, and a label for it.
func (src GraphSource) load(ctx context.Context) (*graph.Graph, string, error) {
	if src.File != "" {
		if src.Snapshot != "" {
			return nil, "", Usagef("give --graph or --snapshot, not both")
		}
		g, err := loadGraph(src.File)
		return g, src.File, err
	}
	if err := checkSnapshotRef(src.Snapshot); err != nil {
		return nil, "", err // a usage error, before any store is opened
	}
	st, err := openStoreReadOnly(ctx, src.Store)
	if err != nil {
		return nil, "", err
	}
	defer st.Close()
	return stateOf(ctx, st, src.Snapshot)
}

func openStore(ctx context.Context, url string) (store.Store, error) {
	if url == "" {
		url = store.DefaultURL()
	}
	return store.Open(ctx, url)
}

// openStoreReadOnly opens an existing store for a command that only reads;
// it creates nothing and fails with store.ErrNoStore when there is none.
func openStoreReadOnly(ctx context.Context, url string) (store.Store, error) {
	if url == "" {
		url = store.DefaultURL()
	}
	return store.OpenReadOnly(ctx, url)
}

func checkSnapshotRef(ref string) error {
	if ref == "" || ref == "latest" {
		return nil
	}
	if n, err := strconv.ParseInt(ref, 10, 64); err != nil || n <= 0 {
		return Usagef("snapshot %q: give a snapshot ID from `convene history`, or latest", ref)
	}
	return nil
}

// stateOf resolves "", "latest" or a snapshot ID to the merged state at
// that snapshot.
func stateOf(ctx context.Context, st store.Store, ref string) (*graph.Graph, string, error) {
	var id int64
	if ref != "" && ref != "latest" {
		if err := checkSnapshotRef(ref); err != nil {
			return nil, "", err
		}
		id, _ = strconv.ParseInt(ref, 10, 64)
		if _, _, err := st.Load(ctx, id); err != nil {
			return nil, "", err
		}
	}
	state, err := st.StateAt(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", fmt.Errorf("the store holds no snapshot yet: run `convene scan PATH --save` first, or pass --graph FILE")
	}
	if err != nil {
		return nil, "", err
	}
	return state.Graph, stateLabel(state), nil
}

func stateLabel(s *store.State) string {
	last := s.Snapshots[0]
	for _, info := range s.Snapshots {
		if info.ID > last.ID {
			last = info
		}
	}
	label := fmt.Sprintf("snapshot %d (%s)", last.ID, last.CreatedAt.Format(time.DateTime+" MST"))
	if len(s.Snapshots) > 1 {
		label += fmt.Sprintf(", %d sources", len(s.Snapshots))
	}
	return label
}

// save stores a scan's graph as a snapshot and applies retention.
func (a *App) save(ctx context.Context, opts ScanOptions, res *ScanResult) (store.Info, error) {
	st, err := openStore(ctx, opts.Store)
	if err != nil {
		return store.Info{}, err
	}
	defer st.Close()
	host, _ := os.Hostname()
	meta := store.Meta{Paths: opts.Paths, Version: opts.Version, Host: host, Duration: res.Duration}
	for _, r := range res.Results {
		run := store.ConnectorRun{Name: r.Connector, Files: r.Files, Duration: r.Duration}
		if r.Err != nil {
			run.Error = r.Err.Error()
		}
		meta.Connectors = append(meta.Connectors, run)
	}
	info, err := st.Save(ctx, res.Graph, store.Info{Source: opts.Source, Meta: meta})
	if err != nil {
		return store.Info{}, err
	}
	if opts.Keep > 0 || opts.KeepFor > 0 {
		if _, err := st.Prune(ctx, opts.Keep, opts.KeepFor); err != nil {
			return info, fmt.Errorf("snapshot %d saved, but pruning failed: %w", info.ID, err)
		}
	}
	return info, nil
}

// DiffOptions are the inputs of `convene diff`.
type DiffOptions struct {
	// Old and New are snapshot IDs, "latest", or graph files. With neither,
	// the latest state is compared with the state before the latest
	// snapshot.
	Old, New string
	// Since compares the latest state with the state as it was this long
	// ago.
	Since  time.Duration
	Store  string
	Format string
	// ConfigFile holds the findings thresholds.
	ConfigFile string
	// ExitCode makes a drift exit 3 after the report is written.
	ExitCode bool
}

// Diff prints what changed between two states of the estate.
func (a *App) Diff(ctx context.Context, opts DiffOptions) error {
	if err := report.CheckFormat(opts.Format); err != nil {
		return &UsageError{err}
	}
	if opts.Since > 0 && opts.Old != "" {
		return Usagef("give OLD or --since, not both")
	}
	var st store.Store
	needStore := opts.Old == "" || opts.New == "" || !isFile(opts.Old) || !isFile(opts.New)
	if needStore {
		var err error
		if st, err = openStoreReadOnly(ctx, opts.Store); err != nil {
			return err
		}
		defer st.Close()
	}
	oldRef, newRef := opts.Old, opts.New
	if newRef == "" {
		newRef = "latest"
	}
	if oldRef == "" {
		list, err := st.List(ctx, "")
		if err != nil {
			return err
		}
		oldRef, err = previousSnapshot(list, opts.Since)
		if err != nil {
			return err
		}
	}
	oldG, oldLabel, err := a.resolve(ctx, st, oldRef)
	if err != nil {
		return err
	}
	newG, newLabel, err := a.resolve(ctx, st, newRef)
	if err != nil {
		return err
	}
	r := drift.Compare(oldG, newG)
	r.From, r.To = oldLabel, newLabel
	if err := a.findingsDrift(ctx, r, oldG, newG, opts.ConfigFile); err != nil {
		return err
	}
	if err := report.Drift(a.Stdout, opts.Format, r); err != nil {
		return err
	}
	if opts.ExitCode && !r.Empty() {
		return &CheckFailedError{Reason: fmt.Sprintf("the estate drifted from %s to %s", r.From, r.To)}
	}
	return nil
}

func isFile(ref string) bool {
	if ref == "" || ref == "latest" || ref == firstScan {
		return false
	}
	if _, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return false
	}
	return true
}

// firstScan stands for the state before the first snapshot: nothing, so a
// diff after the first scan lists everything as added.
const firstScan = "(before the first snapshot)"

func (a *App) resolve(ctx context.Context, st store.Store, ref string) (*graph.Graph, string, error) {
	if ref == firstScan {
		return graph.NewBuilder().Build(), "nothing (no earlier snapshot)", nil
	}
	if isFile(ref) {
		g, err := loadGraph(ref)
		return g, ref, err
	}
	return stateOf(ctx, st, ref)
}

// previousSnapshot picks the snapshot to compare the latest state with:
// the one before the newest, or with since, the newest at least that old.
func previousSnapshot(newestFirst []store.Info, since time.Duration) (string, error) {
	if len(newestFirst) == 0 {
		return "", fmt.Errorf("the store holds no snapshot yet: run `convene scan PATH --save` first")
	}
	if since > 0 {
		cutoff := time.Now().Add(-since)
		for _, info := range newestFirst {
			if !info.CreatedAt.After(cutoff) {
				return strconv.FormatInt(info.ID, 10), nil
			}
		}
		return "", fmt.Errorf("no snapshot is %s old yet; the oldest is from %s", duration.Format(since), newestFirst[len(newestFirst)-1].CreatedAt.Format(time.DateTime))
	}
	if len(newestFirst) < 2 {
		return firstScan, nil
	}
	return strconv.FormatInt(newestFirst[1].ID, 10), nil
}

// History lists the saved snapshots, newest first.
func (a *App) History(ctx context.Context, storeURL, source, format string) error {
	if format != "text" && format != "json" {
		return Usagef("unknown format %q; choose text or json", format)
	}
	st, err := openStoreReadOnly(ctx, storeURL)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := st.List(ctx, source)
	if err != nil {
		return err
	}
	if format == "json" {
		return historyJSON(a.Stdout, list)
	}
	tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSOURCE\tSAVED\tNODES\tEDGES\tDIAGNOSTICS\tPATHS")
	for _, info := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d\t%s\n", info.ID, info.Source, info.CreatedAt.Local().Format(time.DateTime),
			info.Nodes, info.Edges, info.Diagnostics, strings.Join(info.Meta.Paths, " "))
	}
	return tw.Flush()
}

// historySnapshot is one snapshot in `history --format json`.
type historySnapshot struct {
	ID          int64     `json:"id"`
	Source      string    `json:"source"`
	SavedAt     time.Time `json:"saved_at"`
	Nodes       int       `json:"nodes"`
	Edges       int       `json:"edges"`
	Diagnostics int       `json:"diagnostics"`
	Paths       []string  `json:"paths"`
	Version     string    `json:"convene_version,omitempty"`
	Host        string    `json:"host,omitempty"`
	DurationMS  int64     `json:"duration_ms"`
}

func historyJSON(w io.Writer, list []store.Info) error {
	out := make([]historySnapshot, len(list))
	for i, info := range list {
		out[i] = historySnapshot{ID: info.ID, Source: info.Source, SavedAt: info.CreatedAt.UTC(), Nodes: info.Nodes,
			Edges: info.Edges, Diagnostics: info.Diagnostics, Paths: info.Meta.Paths, Version: info.Meta.Version,
			Host: info.Meta.Host, DurationMS: info.Meta.Duration.Milliseconds()}
		if out[i].Paths == nil {
			out[i].Paths = []string{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Schema    string            `json:"$schema"`
		Snapshots []historySnapshot `json:"snapshots"`
	}{schemas.History, out})
}

// ParseAge reads a duration that may also be written in days or weeks
// ("7d", "2w"), as retention and --since are: internal/duration's grammar,
// the one every flag and file uses.
func ParseAge(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	return duration.Parse(s)
}

// findingsDrift marks the findings that appeared or went away between two
// states, so a drift report shows new risk beside new nodes.
func (a *App) findingsDrift(ctx context.Context, r *drift.Report, oldG, newG *graph.Graph, configFile string) error {
	th, err := a.thresholds(configFile)
	if err != nil {
		return err
	}
	before, err := a.runFindings(ctx, oldG, th)
	if err != nil {
		return err
	}
	after, err := a.runFindings(ctx, newG, th)
	if err != nil {
		return err
	}
	line := func(f findings.Finding) string { return fmt.Sprintf("[%s] %s: %s", f.Severity, f.RuleID, f.Message) }
	seen := map[string]bool{}
	for _, f := range before.Findings {
		seen[f.Fingerprint()] = true
	}
	now := map[string]bool{}
	for _, f := range after.Findings {
		now[f.Fingerprint()] = true
		if !seen[f.Fingerprint()] && f.Suppressed == "" {
			r.NewFindings = append(r.NewFindings, line(f))
		}
	}
	for _, f := range before.Findings {
		if !now[f.Fingerprint()] && f.Suppressed == "" {
			r.ResolvedFindings = append(r.ResolvedFindings, line(f))
		}
	}
	return nil
}
