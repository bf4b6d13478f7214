package vault

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/convene-dev/convene/graph"
)

// walkKV lists a KV mount recursively (v2 under metadata/, v1 the mount
// itself), folders concurrently with at most s.workers requests in flight,
// and emits every secret as a credential. KV v2 secrets' metadata is read;
// KV v1 secrets are only listed, as reading one would return its value.
func (s *scanner) walkKV(ctx context.Context, m mount) {
	base := m.path
	if m.kvVersion == 2 {
		base += "metadata/"
	}
	var wg sync.WaitGroup
	var visit func(folder string)
	visit = func(folder string) {
		defer wg.Done()
		if ctx.Err() != nil {
			return
		}
		s.sem <- struct{}{}
		keys, err := s.c.List(ctx, base+folder)
		<-s.sem
		if s.failed("LIST", base+folder, err) {
			return
		}
		for _, k := range keys {
			if strings.HasSuffix(k, "/") {
				wg.Add(1)
				go visit(folder + k)
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.kvSecret(ctx, m, folder+k)
			}()
		}
	}
	wg.Add(1)
	visit("")
	wg.Wait()
}

// kvSecret emits one secret, with its metadata on KV v2.
func (s *scanner) kvSecret(ctx context.Context, m mount, rel string) {
	id := s.prefix + m.name() + "/" + rel
	attrs := map[string]string{"mount": m.name(), "kv_version": fmt.Sprint(m.kvVersion), "path": rel}
	src := m.path + rel
	readPath := m.path + rel
	if m.kvVersion == 2 {
		src = m.path + "metadata/" + rel
		readPath = m.path + "data/" + rel
		s.sem <- struct{}{}
		md, err := s.c.Read(ctx, src)
		<-s.sem
		if !s.failed("READ", src, err) && md != nil {
			kvMetadata(attrs, md)
		}
	}
	s.node(graph.Node{ID: id, Kind: graph.Credential, Type: graph.TypeVaultKVSecret, Name: m.name() + "/" + rel, Attrs: attrs}, src)
	s.edge(id, s.prefix+"sys/mounts/"+m.name(), graph.PartOf, src, nil)
	s.addTarget(target{id: id, path: readPath, capability: "read"})
}

// kvMetadata copies a KV v2 metadata response's fields, never a value (the
// metadata endpoint holds none).
func kvMetadata(attrs map[string]string, md map[string]any) {
	for _, k := range []string{"created_time", "updated_time", "current_version", "oldest_version",
		"max_versions", "delete_version_after", "cas_required"} {
		setStr(attrs, k, md[k])
	}
	normTime(attrs, "created_time")
	normTime(attrs, "updated_time")
	if cm, ok := md["custom_metadata"].(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(cm)) {
			attrs["tag."+k] = str(cm[k])
		}
	}
	// versions holds per-version times and deletion state: keep the
	// current version's deletion time, which says the secret is soft-deleted.
	if vs, ok := md["versions"].(map[string]any); ok {
		if cur, ok := vs[str(md["current_version"])].(map[string]any); ok {
			if dt := str(cur["deletion_time"]); dt != "" {
				attrs["deletion_time"] = dt
				normTime(attrs, "deletion_time")
			}
			if str(cur["destroyed"]) == "true" {
				attrs["destroyed"] = "true"
			}
		}
	}
}
