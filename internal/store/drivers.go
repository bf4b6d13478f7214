package store

import (
	"context"
	"database/sql"
	"fmt"
	neturl "net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

var sqliteDialect = dialect{
	name:       "sqlite",
	migrations: schemaFor("INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB"),
	rebind:     func(q string) string { return q },
}

var postgresDialect = dialect{
	name:       "postgres",
	migrations: schemaFor("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "BYTEA"),
	rebind:     dollarPlaceholders,
}

func dollarPlaceholders(q string) string {
	var sb strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			sb.WriteString("$" + strconv.Itoa(n))
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

func openSQLite(ctx context.Context, path string) (Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the store's folder: %w", err)
	}
	// WAL lets readers go on while a scanner saves; busy_timeout makes a
	// second writer wait rather than fail.
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return newSQLStore(ctx, db, sqliteDialect, "sqlite://"+path, len(sqliteDialect.migrations))
}

func openPostgres(ctx context.Context, url string) (Store, error) {
	db, err := sql.Open("pgx", withConnectTimeout(url))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", redact(url), err)
	}
	return newSQLStore(ctx, db, postgresDialect, redact(url), len(postgresDialect.migrations))
}

// withConnectTimeout bounds how long connecting to PostgreSQL may take
// (10 s) unless the URL says otherwise, so that an unreachable server fails
// a scan with a message instead of hanging it.
func withConnectTimeout(raw string) string {
	u, err := neturl.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	if q.Get("connect_timeout") == "" {
		q.Set("connect_timeout", "10")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
