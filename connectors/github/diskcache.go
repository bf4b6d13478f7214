package github

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
)

// DiskCache is a Cache in a folder, one JSON file per request, so that a
// scheduled rescan by a new process revalidates too. The responses it
// holds are listings and file contents convene reads anyway: secret names
// and dates, never values (GitHub returns none).
type DiskCache struct{ Dir string }

func (c DiskCache) file(key string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(c.Dir, hex.EncodeToString(sum[:])+".json")
}

// Get implements Cache; an unreadable entry is a miss.
func (c DiskCache) Get(key string) (*Entry, bool) {
	data, err := os.ReadFile(c.file(key))
	if err != nil {
		return nil, false
	}
	var e Entry
	if json.Unmarshal(data, &e) != nil || e.ETag == "" {
		return nil, false
	}
	return &e, true
}

// Put implements Cache; a failed write only costs the next scan a
// download.
func (c DiskCache) Put(key string, e *Entry) {
	data, err := json.Marshal(e)
	if err != nil || os.MkdirAll(c.Dir, 0o700) != nil {
		return
	}
	tmp := c.file(key) + ".tmp"
	if os.WriteFile(tmp, data, 0o600) == nil {
		_ = os.Rename(tmp, c.file(key))
	}
}
