// Package store keeps scans as immutable snapshots, in SQLite (the embedded
// default, pure Go) or PostgreSQL (shared by several scanners).
//
// A snapshot is the graph one scan of one source produced, saved whole in
// one transaction: a scan that fails, or dies while saving, leaves the store
// as it was. Several scanners may each save snapshots of their own source
// (one per network zone, account group or host); a reader sees the state of
// the estate as the latest snapshot of every source, merged into one graph.
//
// Graphs are stored in a compact binary encoding (snapwrite.go), one row
// per snapshot, which loads several times faster than the same graph's
// JSON file; the tables index the metadata. Snapshots saved by earlier
// releases, gzip-compressed graph files (docs/graph-format.md), still load.
package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
)

// DefaultSource names the snapshots of a scan that did not name its source.
const DefaultSource = "default"

// Info describes a saved snapshot.
type Info struct {
	ID        int64
	Source    string
	CreatedAt time.Time
	// Nodes, Edges and Diagnostics count what the snapshot's graph holds.
	Nodes, Edges, Diagnostics int
	Meta                      Meta
}

// Meta is what a scan records about itself.
type Meta struct {
	Paths      []string       `json:"paths,omitempty"`
	Version    string         `json:"convene_version,omitempty"`
	Host       string         `json:"host,omitempty"`
	Duration   time.Duration  `json:"duration_ns,omitempty"`
	Connectors []ConnectorRun `json:"connectors,omitempty"`
}

// ConnectorRun is how one connector's part of a saved scan went.
type ConnectorRun struct {
	Name     string        `json:"name"`
	Files    int           `json:"files"`
	Duration time.Duration `json:"duration_ns"`
	Error    string        `json:"error,omitempty"`
}

// State is the estate as the store knows it at one point: the latest
// snapshot of every source, merged.
type State struct {
	Graph *graph.Graph
	// Snapshots are the snapshots merged, one per source, in source order.
	Snapshots []Info
}

// Store keeps snapshots. Implementations are safe for concurrent use, also
// by several processes.
type Store interface {
	// Save stores g as a new snapshot of info.Source (DefaultSource when
	// empty), in one transaction, and returns its ID and time. A Save
	// that fails or is cancelled stores nothing.
	Save(ctx context.Context, g *graph.Graph, info Info) (Info, error)
	// List returns the snapshots, newest first, of one source or of all
	// when source is "".
	List(ctx context.Context, source string) ([]Info, error)
	// Load returns one snapshot's graph.
	Load(ctx context.Context, id int64) (*graph.Graph, Info, error)
	// StateAt merges, for every source, its latest snapshot with an ID no
	// greater than id; id 0 means the latest of all.
	StateAt(ctx context.Context, id int64) (*State, error)
	// Prune deletes, per source, the snapshots beyond the newest keep
	// (keep <= 0: no count limit) and those older than maxAge (0: no age
	// limit), always keeping each source's newest. It returns how many it
	// deleted.
	Prune(ctx context.Context, keep int, maxAge time.Duration) (int, error)
	Close() error
}

// ErrNotFound is returned when a snapshot does not exist, or the store holds
// none.
var ErrNotFound = errors.New("no such snapshot")

// DefaultURL is the embedded store: $XDG_DATA_HOME/convene/convene.db, or
// ~/.local/share/convene/convene.db.
func DefaultURL() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return "sqlite://" + filepath.Join(dir, "convene", "convene.db")
}

// Open opens the store at rawURL — sqlite://PATH or postgres://… (also
// postgresql://) — creating it if needed and applying schema migrations.
func Open(ctx context.Context, rawURL string) (Store, error) {
	switch {
	case strings.HasPrefix(rawURL, "sqlite://"):
		path := strings.TrimPrefix(rawURL, "sqlite://")
		if path == "" {
			return nil, fmt.Errorf("store %q names no file; use sqlite:///path/to/convene.db", rawURL)
		}
		return openSQLite(ctx, path)
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		if _, err := url.Parse(rawURL); err != nil {
			return nil, fmt.Errorf("store URL: %w", err)
		}
		return openPostgres(ctx, rawURL)
	}
	return nil, fmt.Errorf("store %q: use sqlite://PATH or postgres://USER@HOST/DB", redact(rawURL))
}

// redact hides a password in a URL before it is shown.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
