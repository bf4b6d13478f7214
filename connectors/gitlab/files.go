package gitlab

import (
	"context"
	"path"
	"regexp"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	gl "gitlab.com/gitlab-org/api/client-go"

	"github.com/convene-dev/convene/graph"
)

// maxFilesPerProject bounds the files fetched from one project.
const maxFilesPerProject = 200

// wantedFile reports whether a file at p (relative to the project root) is
// one the file connectors read by its name: a pipeline, CODEOWNERS where
// GitLab looks for it, or a Backstage catalog file.
func wantedFile(p string) bool {
	base := path.Base(p)
	switch {
	case p == ".gitlab-ci.yml" || p == ".gitlab-ci.yaml" || strings.HasSuffix(base, ".gitlab-ci.yml") || strings.HasSuffix(base, ".gitlab-ci.yaml"):
		return true
	case p == "CODEOWNERS" || p == "docs/CODEOWNERS" || p == ".gitlab/CODEOWNERS":
		return true
	case base == "catalog-info.yaml" || base == "catalog-info.yml":
		return true
	}
	return false
}

// includeRef finds the YAML paths a pipeline names (local includes, in
// any of GitLab's spellings); those in the tree are fetched too, so the
// gitlabci connector can follow them.
var includeRef = regexp.MustCompile(`['"]?(/?[A-Za-z0-9_.*/-]+\.ya?ml)['"]?`)

// fetchFiles lists the default branch's tree, fetches the wanted files and
// the local files the pipelines include, under host/path/with/namespace.
func (s *scanner) fetchFiles(ctx context.Context, p *gl.Project, pi *projectInfo) {
	branch := p.DefaultBranch
	if branch == "" {
		return // an empty project
	}
	var tree []string
	opt := &gl.ListTreeOptions{ListOptions: gl.ListOptions{PerPage: 100}, Ref: gl.Ptr(branch), Recursive: gl.Ptr(true)}
	for {
		nodes, resp, err := s.c.Repositories.ListTree(p.ID, opt, gl.WithContext(ctx))
		if err != nil {
			s.failed(pi.path, "list the files of branch "+branch, "read_api (Reporter role)", err)
			return
		}
		for _, n := range nodes {
			if n.Type == "blob" {
				tree = append(tree, n.Path)
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	var queue []string
	for _, f := range tree {
		if wantedFile(f) {
			queue = append(queue, f)
		}
	}
	fetched := map[string]bool{}
	var ci strings.Builder
	for len(queue) > 0 && len(fetched) < maxFilesPerProject {
		f := queue[0]
		queue = queue[1:]
		if fetched[f] {
			continue
		}
		fetched[f] = true
		data, _, err := s.c.RepositoryFiles.GetRawFile(p.ID, f, &gl.GetRawFileOptions{Ref: gl.Ptr(branch)}, gl.WithContext(ctx))
		if err != nil {
			s.failed(pi.path, "read "+f, "read_api (Reporter role)", err)
			continue
		}
		s.mu.Lock()
		s.files[pi.id+"/"+f] = data
		s.mu.Unlock()
		if base := path.Base(f); base == "CODEOWNERS" || strings.HasPrefix(base, "catalog-info.") {
			continue
		}
		ci.Write(data)
		ci.WriteByte('\n')
		for _, m := range includeRef.FindAllStringSubmatch(string(data), -1) {
			pat := strings.TrimPrefix(m[1], "/")
			for _, t := range tree {
				if ok, _ := doublestar.Match(pat, t); ok && !fetched[t] {
					queue = append(queue, t)
				}
			}
		}
	}
	if len(queue) > 0 {
		s.b.Diagnose(graph.Diagnostic{Connector: Name, File: pi.id, Severity: graph.Warning,
			Message: "more than 200 pipeline, include, CODEOWNERS and catalog files; the rest were not read: scan a checkout instead"})
	}
	pi.ciText = ci.String()
}

// resolveVariables links each variable a project's pipelines mention but
// the project does not define to the group and instance variables of that
// key it inherits, copy_of with synced_by: gitlab: the job's $KEY is the
// group's value, given afresh to every pipeline, so a plan on the group
// variable reaches the jobs.
func (s *scanner) resolveVariables() {
	for _, pi := range s.projects {
		if pi == nil || pi.ciText == "" {
			continue
		}
		for scope, vars := range s.inherited {
			if scope != "" && !strings.HasPrefix(pi.path, scope+"/") {
				continue
			}
			target := s.host + "/-"
			if scope != "" {
				target = s.host + "/" + scope + "/-"
			}
			for _, v := range vars {
				if pi.vars[v.Key] || !mentions(pi.ciText, v.Key) {
					continue
				}
				ref := pi.id + "/variables/" + v.Key
				src := "GET /projects/" + pi.path + "/variables"
				s.b.AddNode(graph.Node{ID: ref, Kind: graph.Credential, Type: "ci-secret", Name: v.Key,
					Attrs: map[string]string{"store": "gitlab-ci-variable"}, Evidence: s.ev(src)})
				s.b.AddEdge(graph.Edge{From: ref, To: target + "/variables/" + v.Key, Kind: graph.CopyOf,
					Attrs: map[string]string{"resolved_by": "gitlab", "synced_by": "gitlab"}, Evidence: s.ev(src)})
			}
		}
	}
}

// mentions reports whether text names $KEY or ${KEY}.
func mentions(text, key string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], key)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(key)
		before := j > 0 && (text[j-1] == '$' || j > 1 && text[j-2:j] == "${")
		after := end == len(text) || !isIdent(text[end])
		if before && after {
			return true
		}
		i = end
	}
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
