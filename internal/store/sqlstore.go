package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
)

// sqlStore is the Store over database/sql, shared by both databases.
type sqlStore struct {
	db   *sql.DB
	d    dialect
	name string // for messages, without a password
}

func newSQLStore(ctx context.Context, db *sql.DB, d dialect, name string, schema int) (*sqlStore, error) {
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store %s: %w", name, err)
	}
	s := &sqlStore{db: db, d: d, name: name}
	if err := s.migrate(ctx, schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("store %s: %w", name, err)
	}
	return s, nil
}

// migrate runs the migrations while holding a lock, so that scanners
// opening the same store at once do not race.
func (s *sqlStore) migrate(ctx context.Context, upTo int) error {
	if s.d.name == "postgres" {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		const lockKey = 0x636f6e76 // "conv"
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lockKey); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, lockKey)
	}
	return migrate(ctx, s.db, s.d, upTo)
}

func (s *sqlStore) q(query string) string { return s.d.rebind(query) }

func (s *sqlStore) Close() error { return s.db.Close() }

func (s *sqlStore) Save(ctx context.Context, g *graph.Graph, info Info) (Info, error) {
	if info.Source == "" {
		info.Source = DefaultSource
	}
	if info.CreatedAt.IsZero() {
		info.CreatedAt = time.Now()
	}
	info.CreatedAt = info.CreatedAt.UTC()
	info.Nodes, info.Edges, info.Diagnostics = g.Len(), len(g.Edges()), len(g.Diagnostics())
	meta, err := json.Marshal(info.Meta)
	if err != nil {
		return Info{}, err
	}
	// Compress before the transaction opens, so it is held only to write.
	var blob bytes.Buffer
	if err := writeSnapshot(&blob, g); err != nil {
		return Info{}, fmt.Errorf("save snapshot: %w", err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Info{}, fmt.Errorf("save snapshot: %w", err)
	}
	defer tx.Rollback() // a no-op after Commit
	err = tx.QueryRowContext(ctx, s.q(`INSERT INTO snapshots (source, created_at, meta, nodes, edges, diagnostics)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
		info.Source, info.CreatedAt.UnixNano(), string(meta), info.Nodes, info.Edges, info.Diagnostics).Scan(&info.ID)
	if err != nil {
		return Info{}, fmt.Errorf("save snapshot: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO snapshot_graphs (snapshot_id, format_version, data) VALUES (?, ?, ?)`),
		info.ID, graph.FormatVersion, blob.Bytes()); err != nil {
		return Info{}, fmt.Errorf("save snapshot: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Info{}, fmt.Errorf("save snapshot: %w", err)
	}
	return info, nil
}

const infoColumns = `id, source, created_at, meta, nodes, edges, diagnostics`

func scanInfo(row interface{ Scan(...any) error }) (Info, error) {
	var info Info
	var created int64
	var meta string
	if err := row.Scan(&info.ID, &info.Source, &created, &meta, &info.Nodes, &info.Edges, &info.Diagnostics); err != nil {
		return Info{}, err
	}
	info.CreatedAt = time.Unix(0, created).UTC()
	if err := json.Unmarshal([]byte(meta), &info.Meta); err != nil {
		return Info{}, fmt.Errorf("snapshot %d: metadata: %w", info.ID, err)
	}
	return info, nil
}

func (s *sqlStore) List(ctx context.Context, source string) ([]Info, error) {
	query := `SELECT ` + infoColumns + ` FROM snapshots`
	var args []any
	if source != "" {
		query += ` WHERE source = ?`
		args = append(args, source)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query+` ORDER BY id DESC`), args...)
	if err != nil {
		return nil, fmt.Errorf("list snapshots: %w", err)
	}
	defer rows.Close()
	var out []Info
	for rows.Next() {
		info, err := scanInfo(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, info)
	}
	return out, rows.Err()
}

func (s *sqlStore) Load(ctx context.Context, id int64) (*graph.Graph, Info, error) {
	info, err := scanInfo(s.db.QueryRowContext(ctx, s.q(`SELECT `+infoColumns+` FROM snapshots WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, Info{}, fmt.Errorf("snapshot %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, Info{}, fmt.Errorf("load snapshot %d: %w", id, err)
	}
	var data []byte
	var version int
	err = s.db.QueryRowContext(ctx, s.q(`SELECT format_version, data FROM snapshot_graphs WHERE snapshot_id = ?`), id).Scan(&version, &data)
	if err != nil {
		return nil, Info{}, fmt.Errorf("load snapshot %d: %w", id, err)
	}
	g, err := decodeSnapshot(data)
	if err != nil {
		return nil, Info{}, fmt.Errorf("load snapshot %d: %w", id, err)
	}
	return g, info, nil
}

// decodeSnapshot reads a stored graph in either encoding: the binary one
// this convene writes, or the gzip-compressed graph file that releases
// before it wrote, streamed through the JSON reader.
func decodeSnapshot(data []byte) (*graph.Graph, error) {
	if isBinarySnapshot(data) {
		return readSnapshot(data)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return graph.ReadJSON(zr)
}

func (s *sqlStore) StateAt(ctx context.Context, id int64) (*State, error) {
	query := `SELECT ` + infoColumns + ` FROM snapshots s WHERE s.id = (
		SELECT MAX(t.id) FROM snapshots t WHERE t.source = s.source`
	var args []any
	if id > 0 {
		query += ` AND t.id <= ?`
		args = append(args, id)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query+`) ORDER BY s.source`), args...)
	if err != nil {
		return nil, fmt.Errorf("read the latest snapshots: %w", err)
	}
	var infos []Info
	for rows.Next() {
		info, err := scanInfo(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		infos = append(infos, info)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(infos) == 0 {
		return nil, ErrNotFound
	}
	if len(infos) == 1 {
		g, _, err := s.Load(ctx, infos[0].ID)
		if err != nil {
			return nil, err
		}
		return &State{Graph: g, Snapshots: infos}, nil
	}
	b := graph.NewBuilder()
	for _, info := range infos {
		g, _, err := s.Load(ctx, info.ID)
		if err != nil {
			return nil, err
		}
		b.AddGraph(g)
	}
	return &State{Graph: b.Build(), Snapshots: infos}, nil
}

func (s *sqlStore) Prune(ctx context.Context, keep int, maxAge time.Duration) (int, error) {
	infos, err := s.List(ctx, "")
	if err != nil {
		return 0, err
	}
	cutoff := time.Time{}
	if maxAge > 0 {
		cutoff = time.Now().Add(-maxAge)
	}
	seen := make(map[string]int)
	var doomed []any
	for _, info := range infos { // newest first
		seen[info.Source]++
		n := seen[info.Source]
		if n == 1 {
			continue // a source's newest snapshot is never pruned
		}
		if (keep > 0 && n > keep) || (!cutoff.IsZero() && info.CreatedAt.Before(cutoff)) {
			doomed = append(doomed, info.ID)
		}
	}
	if len(doomed) == 0 {
		return 0, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	marks := strings.TrimSuffix(strings.Repeat("?,", len(doomed)), ",")
	// Delete graphs explicitly: SQLite enforces ON DELETE CASCADE only
	// with foreign keys on, and being explicit costs nothing.
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM snapshot_graphs WHERE snapshot_id IN (`+marks+`)`), doomed...); err != nil {
		return 0, fmt.Errorf("prune: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM snapshots WHERE id IN (`+marks+`)`), doomed...); err != nil {
		return 0, fmt.Errorf("prune: %w", err)
	}
	return len(doomed), tx.Commit()
}
