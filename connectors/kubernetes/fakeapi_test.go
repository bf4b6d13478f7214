package kubernetes

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeAPI answers the Kubernetes REST calls of the live path in the API
// server's wire format: discovery documents (/api, /apis, a group
// version's resource list), cluster-wide lists with limit and continue,
// Status errors (403 Forbidden, 410 Expired), and Secrets two ways: a
// PartialObjectMetadataList when the client asks for one in its Accept
// header, the full objects with data otherwise — so a test can prove the
// connector never takes the second.
type fakeAPI struct {
	pageSize int
	// lists holds the objects of each list path (/api/v1/pods,
	// /apis/apps/v1/deployments), as the API returns them.
	lists map[string][]map[string]any
	// kinds names the kind of each list path's objects.
	kinds map[string]string
	// groups are the optional API groups served, group to version to
	// resource plurals.
	groups map[string]map[string][]string
	// forbidden list paths answer 403; expire list paths answer 410 to
	// their first continued request.
	forbidden map[string]bool
	expire    map[string]bool

	mu       sync.Mutex
	requests []fakeRequest
}

type fakeRequest struct {
	path, query, accept string
}

func (f *fakeAPI) start(t testing.TB) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	return srv
}

// kubeconfig writes a kubeconfig whose contexts all reach srv.
func kubeconfig(t testing.TB, srv *httptest.Server, contexts ...string) string {
	var b strings.Builder
	cl := "fake-" + contexts[0] // distinct across files that KUBECONFIG merges
	b.WriteString("apiVersion: v1\nkind: Config\nclusters:\n- name: " + cl + "\n  cluster:\n    server: " + srv.URL + "\n")
	b.WriteString("users:\n- name: " + cl + "\n  user:\n    token: fake-token-for-tests\ncontexts:\n")
	for _, c := range contexts {
		b.WriteString("- name: " + c + "\n  context:\n    cluster: " + cl + "\n    user: " + cl + "\n")
	}
	p := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *fakeAPI) reqs() []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeRequest(nil), f.requests...)
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, fakeRequest{r.URL.Path, r.URL.RawQuery, r.Header.Get("Accept")})
	f.mu.Unlock()
	p := r.URL.Path
	switch {
	case r.Method != http.MethodGet:
		f.status(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "read-only fake")
	case p == "/api":
		writeJSON(w, map[string]any{"kind": "APIVersions", "versions": []string{"v1"}})
	case p == "/apis":
		f.groupList(w)
	case f.isGroupVersion(p):
		f.resourceList(w, p)
	case f.forbidden[p]:
		f.status(w, http.StatusForbidden, "Forbidden", `list is forbidden: User "system:serviceaccount:convene:convene" cannot list resource`)
	case p == "/api/v1/secrets":
		f.secrets(w, r)
	case strings.HasPrefix(p, "/api/v1/namespaces/") && strings.Contains(p, "/secrets/"):
		// A full GET of one Secret: data included. The connector must
		// never come here.
		f.status(w, http.StatusInternalServerError, "InternalError", "a full GET of a Secret was made")
	case f.lists[p] != nil || f.kinds[p] != "":
		f.list(w, r, p, f.lists[p], f.kinds[p]+"List", "v1")
	default:
		f.status(w, http.StatusNotFound, "NotFound", "the server could not find the requested resource")
	}
}

func (f *fakeAPI) groupList(w http.ResponseWriter) {
	groups := []any{}
	for _, g := range []string{"apps", "batch", "rbac.authorization.k8s.io"} {
		groups = append(groups, group(g, "v1"))
	}
	for g, vs := range f.groups {
		for v := range vs {
			groups = append(groups, group(g, v))
		}
	}
	writeJSON(w, map[string]any{"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

func group(name, version string) map[string]any {
	gv := map[string]any{"groupVersion": name + "/" + version, "version": version}
	return map[string]any{"name": name, "versions": []any{gv}, "preferredVersion": gv}
}

func (f *fakeAPI) isGroupVersion(p string) bool {
	parts := strings.Split(strings.TrimPrefix(p, "/apis/"), "/")
	return strings.HasPrefix(p, "/apis/") && len(parts) == 2 && f.groups[parts[0]][parts[1]] != nil
}

func (f *fakeAPI) resourceList(w http.ResponseWriter, p string) {
	parts := strings.Split(strings.TrimPrefix(p, "/apis/"), "/")
	var rs []any
	for _, plural := range f.groups[parts[0]][parts[1]] {
		rs = append(rs, map[string]any{"name": plural, "namespaced": !strings.HasPrefix(plural, "cluster"),
			"kind": f.kinds[p+"/"+plural], "verbs": []string{"get", "list", "watch"}})
	}
	writeJSON(w, map[string]any{"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": parts[0] + "/" + parts[1], "resources": rs})
}

// secrets answers a Secret list: metadata only when asked for
// PartialObjectMetadataList, else the full objects with their data.
func (f *fakeAPI) secrets(w http.ResponseWriter, r *http.Request) {
	items := f.lists["/api/v1/secrets"]
	if !strings.Contains(r.Header.Get("Accept"), "as=PartialObjectMetadataList") {
		f.list(w, r, "/api/v1/secrets", items, "SecretList", "v1")
		return
	}
	meta := make([]map[string]any, len(items))
	for i, it := range items {
		meta[i] = map[string]any{"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": it["metadata"]}
	}
	f.list(w, r, "/api/v1/secrets", meta, "PartialObjectMetadataList", "meta.k8s.io/v1")
}

// list answers one page: continue tokens are the offset of the next page.
func (f *fakeAPI) list(w http.ResponseWriter, r *http.Request, p string, items []map[string]any, kind, apiVersion string) {
	q := r.URL.Query()
	start := 0
	if c := q.Get("continue"); c != "" {
		f.mu.Lock()
		expire := f.expire[p]
		delete(f.expire, p)
		f.mu.Unlock()
		if expire {
			f.status(w, http.StatusGone, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.")
			return
		}
		start, _ = strconv.Atoi(c)
	}
	end := len(items)
	if l, _ := strconv.Atoi(q.Get("limit")); l > 0 && f.pageSize > 0 {
		end = min(start+min(l, f.pageSize), len(items))
	}
	md := map[string]any{"resourceVersion": "1000"}
	if end < len(items) {
		md["continue"] = strconv.Itoa(end)
	}
	page := items[start:end]
	if page == nil {
		page = []map[string]any{}
	}
	writeJSON(w, map[string]any{"kind": kind, "apiVersion": apiVersion, "metadata": md, "items": page})
}

func (f *fakeAPI) status(w http.ResponseWriter, code int, reason, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{"kind": "Status", "apiVersion": "v1", "metadata": map[string]any{},
		"status": "Failure", "message": msg, "reason": reason, "code": code})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
