package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
)

// ErrNoStore is returned by OpenReadOnly when there is no store at the URL:
// no file, or a database without convene's tables.
var ErrNoStore = errors.New("no store")

type noStoreError struct{ where string }

func (e *noStoreError) Error() string {
	return fmt.Sprintf("no store at %s; `convene scan --save` creates one (or pass --store, or --graph FILE)", e.where)
}

func (e *noStoreError) Is(target error) bool { return target == ErrNoStore }

// OpenReadOnly opens an existing store for reading: it creates nothing — no
// folder, no file, no table — and applies no migration. The commands that
// only read (history, diff, plan, show, findings, export) use it, so that a
// mistyped --store fails with ErrNoStore instead of creating an empty one.
func OpenReadOnly(ctx context.Context, rawURL string) (Store, error) {
	switch {
	case strings.HasPrefix(rawURL, "sqlite://"):
		path := strings.TrimPrefix(rawURL, "sqlite://")
		if path == "" {
			return nil, fmt.Errorf("store %q names no file; use sqlite:///path/to/convene.db", rawURL)
		}
		fi, err := os.Stat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &noStoreError{path}
		}
		if err != nil {
			return nil, fmt.Errorf("store %s: %w", path, err)
		}
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("store %s is not a file; name the store's database file", path)
		}
		// mode=ro: SQLite opens the file for reading only and never
		// creates it; the busy timeout waits out a scanner's commit.
		db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)")
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		return openExisting(ctx, db, sqliteDialect, "sqlite://"+path, path)
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		u, err := url.Parse(rawURL)
		if err != nil {
			return nil, fmt.Errorf("store URL: %w", err)
		}
		// Every transaction of this connection is read-only on the server.
		q := u.Query()
		q.Set("default_transaction_read_only", "on")
		u.RawQuery = q.Encode()
		db, err := sql.Open("pgx", withConnectTimeout(u.String()))
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", redact(rawURL), err)
		}
		return openExisting(ctx, db, postgresDialect, redact(rawURL), redact(rawURL))
	}
	return nil, fmt.Errorf("store %q: use sqlite://PATH or postgres://USER@HOST/DB", redact(rawURL))
}

// openExisting checks that db holds a convene store of this convene's
// schema, without changing it.
func openExisting(ctx context.Context, db *sql.DB, d dialect, name, where string) (Store, error) {
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store %s: %w", name, err)
	}
	var version int
	err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&version)
	switch {
	case err != nil && isMissingTable(err):
		db.Close()
		return nil, &noStoreError{where}
	case err != nil:
		db.Close()
		return nil, fmt.Errorf("store %s: read schema version: %w", name, err)
	case version > len(d.migrations):
		db.Close()
		return nil, fmt.Errorf("store %s: the store's schema is version %d, newer than this convene knows (%d); upgrade convene", name, version, len(d.migrations))
	case version < len(d.migrations):
		db.Close()
		return nil, fmt.Errorf("store %s: the store's schema is version %d, older than this convene's %d; a `convene scan --save` upgrades it", name, version, len(d.migrations))
	}
	return &sqlStore{db: db, d: d, name: name}, nil
}

// isMissingTable recognises "no such table" (SQLite) and undefined_table
// (PostgreSQL, SQLSTATE 42P01).
func isMissingTable(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "no such table") || strings.Contains(msg, "42P01")
}
