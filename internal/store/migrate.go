package store

import (
	"context"
	"database/sql"
	"fmt"
)

// dialect holds what differs between SQLite and PostgreSQL.
type dialect struct {
	name string
	// migrations[i] brings the schema from version i to i+1. Never edit a
	// released migration: add one.
	migrations []string
	// rebind turns ? placeholders into the dialect's own.
	rebind func(string) string
}

func schemaFor(idType, blobType string) []string {
	return []string{
		// 1: snapshots and their graphs.
		`CREATE TABLE snapshots (
			id ` + idType + `,
			source TEXT NOT NULL,
			created_at BIGINT NOT NULL,
			meta TEXT NOT NULL
		);
		CREATE TABLE snapshot_graphs (
			snapshot_id BIGINT PRIMARY KEY REFERENCES snapshots(id) ON DELETE CASCADE,
			format_version INTEGER NOT NULL,
			data ` + blobType + ` NOT NULL
		);`,
		// 2: counts for history without loading graphs, and the index
		// that finds each source's latest snapshot.
		`ALTER TABLE snapshots ADD COLUMN nodes INTEGER NOT NULL DEFAULT 0;
		ALTER TABLE snapshots ADD COLUMN edges INTEGER NOT NULL DEFAULT 0;
		ALTER TABLE snapshots ADD COLUMN diagnostics INTEGER NOT NULL DEFAULT 0;
		CREATE INDEX snapshots_source_id ON snapshots (source, id);`,
	}
}

// migrate applies the migrations the database lacks, each in its own
// transaction, and refuses a database newer than this convene.
func migrate(ctx context.Context, db *sql.DB, d dialect, upTo int) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var current int
	err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&current)
	if err != nil {
		return fmt.Errorf("migrate: read schema version: %w", err)
	}
	if current > len(d.migrations) {
		return fmt.Errorf("the store's schema is version %d, newer than this convene knows (%d); upgrade convene", current, len(d.migrations))
	}
	for v := current; v < upTo; v++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		// Another process may have migrated since the version was read:
		// read it again inside the transaction, which holds the write
		// lock (SQLite's transactions are IMMEDIATE; PostgreSQL's
		// migrations run under an advisory lock).
		var now int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&now); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate: read schema version: %w", err)
		}
		if now > v {
			tx.Rollback()
			continue
		}
		if _, err := tx.ExecContext(ctx, d.migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate to schema %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO schema_version (version) VALUES (?)`), v+1); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate to schema %d: %w", v+1, err)
		}
	}
	return nil
}
