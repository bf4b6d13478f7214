package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"regexp"
	"strings"

	gh "github.com/google/go-github/v84/github"

	"github.com/convene-dev/convene/graph"
)

// maxFilesPerRepo bounds the files fetched from one repository.
const maxFilesPerRepo = 300

// wantedFile reports whether a file at p (relative to the repository root)
// is one the file connectors read: a workflow, a local action, CODEOWNERS
// where GitHub looks for it, or a Backstage catalog file.
func wantedFile(p string) bool {
	base := path.Base(p)
	switch {
	case path.Dir(p) == ".github/workflows":
		return strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml")
	case base == "action.yml" || base == "action.yaml":
		return true
	case p == "CODEOWNERS" || p == ".github/CODEOWNERS" || p == "docs/CODEOWNERS":
		return true
	case base == "catalog-info.yaml" || base == "catalog-info.yml":
		return true
	}
	return false
}

// fetchFiles lists the default branch's tree and fetches the wanted files
// by their blob SHA (immutable, so a cached copy is always current), under
// the virtual path host/owner/name/path.
func (s *scanner) fetchFiles(ctx context.Context, r *gh.Repository, ri *repoInfo) {
	branch := r.GetDefaultBranch()
	if branch == "" {
		return
	}
	tree, _, err := s.c.Git.GetTree(ctx, ri.owner, ri.name, branch, true)
	if err != nil {
		var er *gh.ErrorResponse
		if errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusConflict {
			return // an empty repository has no tree
		}
		s.failed(ri.owner, ri.name, "list the files of branch "+branch, "Contents: read", err)
		return
	}
	if tree.GetTruncated() {
		s.b.Diagnose(graph.Diagnostic{Connector: Name, File: ri.id, Severity: graph.Warning,
			Message: "the file tree is too large for one API response; files past GitHub's limit were not read: scan a checkout of this repository instead"})
	}
	n := 0
	for _, e := range tree.Entries {
		if e.GetType() != "blob" || !wantedFile(e.GetPath()) {
			continue
		}
		if n++; n > maxFilesPerRepo {
			s.b.Diagnose(graph.Diagnostic{Connector: Name, File: ri.id, Severity: graph.Warning,
				Message: fmt.Sprintf("more than %d workflow, action, CODEOWNERS and catalog files; the rest were not read: scan a checkout instead", maxFilesPerRepo)})
			break
		}
		data, _, err := s.c.Git.GetBlobRaw(ctx, ri.owner, ri.name, e.GetSHA())
		if err != nil {
			s.failed(ri.owner, ri.name, "read "+e.GetPath(), "Contents: read", err)
			continue
		}
		if path.Dir(e.GetPath()) == ".github/workflows" || path.Base(e.GetPath()) == "action.yml" || path.Base(e.GetPath()) == "action.yaml" {
			for _, name := range secretRefs(string(data)) {
				ri.refs[name] = true
			}
		}
		s.mu.Lock()
		s.files[ri.id+"/"+e.GetPath()] = data
		s.mu.Unlock()
	}
}

var secretRef = regexp.MustCompile(`secrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*['"]([^'"]+)['"]\s*\])`)

// secretRefs lists the secret names a workflow or action mentions.
func secretRefs(text string) []string {
	var out []string
	for _, m := range secretRef.FindAllStringSubmatch(text, -1) {
		if m[1] != "" {
			out = append(out, m[1])
		} else {
			out = append(out, m[2])
		}
	}
	return out
}

// resolveSecrets links each secret a repository's workflows mention but
// the repository does not hold to what GitHub resolves the name to: the
// environment secrets of that name, else the organisation secret shared
// with the repository. The edge is copy_of with synced_by: github — the
// job's secrets.NAME is the organisation's or environment's value, given
// afresh to every run — so a plan to rotate the organisation secret reaches
// the jobs (auto), and one to delete it breaks them.
func (s *scanner) resolveSecrets() {
	for _, ri := range s.repos {
		if ri == nil {
			continue
		}
		for name := range ri.refs {
			if ri.secrets[name] || name == "GITHUB_TOKEN" {
				continue
			}
			ref := ri.id + "/secrets/" + name
			targets := map[string]string{} // secret -> environment ("" for all jobs)
			for _, env := range ri.envSecrets[name] {
				targets[ri.id+"/environments/"+env+"/secrets/"+name] = env
			}
			if org := s.orgs[ri.owner]; org != nil {
				for _, os := range org.secrets {
					if os.name == name && visibleTo(os, ri) {
						targets[s.orgID(ri.owner)+"/secrets/"+name] = ""
					}
				}
			}
			if len(targets) == 0 {
				continue
			}
			src := "GET /repos/" + ri.owner + "/" + ri.name + "/actions/secrets"
			s.b.AddNode(graph.Node{ID: ref, Kind: graph.Credential, Type: "ci-secret", Name: name, Evidence: s.ev(src)})
			for t, env := range targets {
				attrs := map[string]string{"resolved_by": "github", "synced_by": "github"}
				if env != "" {
					attrs["environment"] = env // only jobs deploying to it get this one
				}
				s.b.AddEdge(graph.Edge{From: ref, To: t, Kind: graph.CopyOf, Attrs: attrs, Evidence: s.ev(src)})
			}
		}
	}
}

func visibleTo(os orgSecret, ri *repoInfo) bool {
	switch os.visibility {
	case "selected":
		for _, r := range os.selected {
			if r == ri.name {
				return true
			}
		}
		return false
	case "private":
		return ri.private
	}
	return true
}
