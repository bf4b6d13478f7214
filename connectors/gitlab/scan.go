package gitlab

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	gl "gitlab.com/gitlab-org/api/client-go"
	"golang.org/x/sync/errgroup"

	"github.com/convene-dev/convene/connectors/internal/srcfs"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// scanner holds one Discover's state.
type scanner struct {
	c    *gl.Client
	cfg  config.GitLab
	host string
	b    *graph.Builder

	mu       sync.Mutex
	files    srcfs.Map
	projects []*projectInfo
	// inherited are the variables of the instance ("" key) and of each
	// group (by full path) that projects below inherit.
	inherited map[string][]variable
}

// projectInfo is what a project's scan found that later steps need.
type projectInfo struct {
	path, id string // path with namespace; id: host/path
	vars     map[string]bool
	ciText   string // the fetched CI files, for variable references
}

func (s *scanner) ev(source string) []graph.Evidence {
	return []graph.Evidence{{Connector: Name, Source: source, Basis: graph.Configured}}
}

// run reads the instance's variables when asked, every configured group
// with its subgroups, then every project below them, at most
// cfg.Concurrency at once.
func (s *scanner) run(ctx context.Context) error {
	s.inherited = map[string][]variable{}
	if s.cfg.Instance {
		vars, err := list[variable](ctx, s.c, "admin/ci/variables")
		if err != nil {
			s.failed("", "list the instance's CI/CD variables", "an administrator's token", err)
		}
		s.inherited[""] = vars
		s.variables(s.host+"/-", "", "instance", vars, "GET /admin/ci/variables")
	}
	var projects []*gl.Project
	seen := map[int64]bool{}
	for _, root := range s.cfg.Groups {
		if err := ctx.Err(); err != nil {
			return err
		}
		groups := []string{root}
		opt := &gl.ListDescendantGroupsOptions{ListOptions: gl.ListOptions{PerPage: 100}}
		for {
			gs, resp, err := s.c.Groups.ListDescendantGroups(root, opt, gl.WithContext(ctx))
			if err != nil {
				s.failed(root, "list the subgroups of "+root, "read_api", err)
				break
			}
			for _, g := range gs {
				groups = append(groups, g.FullPath)
			}
			if resp.NextPage == 0 {
				break
			}
			opt.Page = resp.NextPage
		}
		for _, g := range groups {
			s.group(ctx, g)
		}
		popt := &gl.ListGroupProjectsOptions{ListOptions: gl.ListOptions{PerPage: 100}, IncludeSubGroups: gl.Ptr(true), Archived: gl.Ptr(false)}
		for {
			ps, resp, err := s.c.Groups.ListGroupProjects(root, popt, gl.WithContext(ctx))
			if err != nil {
				s.failed(root, "list the projects of "+root, "read_api", err)
				break
			}
			for _, p := range ps {
				if !seen[p.ID] {
					seen[p.ID] = true
					projects = append(projects, p)
				}
			}
			if resp.NextPage == 0 {
				break
			}
			popt.Page = resp.NextPage
		}
	}
	workers := s.cfg.Concurrency
	if workers <= 0 {
		workers = 4
	}
	infos := make([]*projectInfo, len(projects))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, p := range projects {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			infos[i] = s.project(gctx, p)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	s.projects = infos
	return ctx.Err()
}

// group reads a group's variables, access tokens and deploy tokens.
func (s *scanner) group(ctx context.Context, full string) {
	id := s.host + "/" + full
	s.b.AddNode(graph.Node{ID: id, Kind: graph.Location, Type: "gitlab-group", Name: full,
		Attrs: map[string]string{"source": "gitlab-api"}, Evidence: s.ev("GET /groups/" + full)})
	enc := pathEscape(full)
	src := "GET /groups/" + full + "/variables"
	vars, err := list[variable](ctx, s.c, "groups/"+enc+"/variables")
	if err != nil {
		s.failed(full, "list the group's CI/CD variables", "read_api as a group Maintainer", err)
	}
	s.inherited[full] = vars
	s.variables(id+"/-", id, "group", vars, src)
	toks, err := list[accessToken](ctx, s.c, "groups/"+enc+"/access_tokens")
	if err != nil {
		s.failed(full, "list the group's access tokens", "read_api as a group Owner", err)
	}
	s.accessTokens(id, toks, "GET /groups/"+full+"/access_tokens")
	dts, err := list[deployToken](ctx, s.c, "groups/"+enc+"/deploy_tokens")
	if err != nil {
		s.failed(full, "list the group's deploy tokens", "read_api as a group Maintainer", err)
	}
	s.deployTokens(id, dts, "GET /groups/"+full+"/deploy_tokens")
}

// project reads one project: its files, then its settings.
func (s *scanner) project(ctx context.Context, p *gl.Project) *projectInfo {
	pi := &projectInfo{path: p.PathWithNamespace, id: s.host + "/" + p.PathWithNamespace, vars: map[string]bool{}}
	attrs := map[string]string{"default_branch": p.DefaultBranch, "visibility": string(p.Visibility), "source": "gitlab-api"}
	if len(p.CIIdTokenSubClaimComponents) > 0 {
		attrs["id_token_sub_claim_components"] = graph.EncodeList(p.CIIdTokenSubClaimComponents)
	}
	if p.CIConfigPath != "" {
		attrs["ci_config_path"] = p.CIConfigPath
	}
	s.fetchFiles(ctx, p, pi)
	enc := pathEscape(p.PathWithNamespace)
	vars, err := list[variable](ctx, s.c, "projects/"+enc+"/variables")
	if err != nil {
		s.failed(pi.path, "list the project's CI/CD variables", "read_api as a Maintainer", err)
	}
	for _, v := range vars {
		pi.vars[v.Key] = true
	}
	s.variables(pi.id, pi.id, "project", vars, "GET /projects/"+pi.path+"/variables")
	toks, err := list[accessToken](ctx, s.c, "projects/"+enc+"/access_tokens")
	if err != nil {
		s.failed(pi.path, "list the project's access tokens", "read_api as a Maintainer", err)
	}
	s.accessTokens(pi.id, toks, "GET /projects/"+pi.path+"/access_tokens")
	dts, err := list[deployToken](ctx, s.c, "projects/"+enc+"/deploy_tokens")
	if err != nil {
		s.failed(pi.path, "list the project's deploy tokens", "read_api as a Maintainer", err)
	}
	s.deployTokens(pi.id, dts, "GET /projects/"+pi.path+"/deploy_tokens")
	scheds, err := list[schedule](ctx, s.c, "projects/"+enc+"/pipeline_schedules")
	if err != nil {
		s.failed(pi.path, "list the project's pipeline schedules", "read_api as a Developer", err)
	}
	s.schedules(pi, scheds)
	name := p.PathWithNamespace
	s.b.AddNode(graph.Node{ID: pi.id, Kind: graph.Location, Type: "git-repo", Name: name, Attrs: attrs, Evidence: s.ev("GET /groups/:id/projects")})
	if ns := p.Namespace; ns != nil && ns.FullPath != "" && slices.Contains(s.cfgGroupsBelow(), ns.FullPath) {
		s.b.AddEdge(graph.Edge{From: pi.id, To: s.host + "/" + ns.FullPath, Kind: graph.PartOf, Evidence: s.ev("GET /groups/:id/projects")})
	}
	return pi
}

// cfgGroupsBelow lists the group paths read (those with inherited
// variables recorded).
func (s *scanner) cfgGroupsBelow() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.inherited))
	for k := range s.inherited {
		if k != "" {
			out = append(out, k)
		}
	}
	return out
}

func pathEscape(p string) string { return strings.ReplaceAll(p, "/", "%2F") }

// failed records a request that could not be answered as a diagnostic,
// saying what the token needs; the scan goes on.
func (s *scanner) failed(where, what, need string, err error) {
	file := s.host
	if where != "" {
		file += "/" + where
	}
	msg := fmt.Sprintf("cannot %s: %v", what, err)
	sev := graph.Error
	var er *gl.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		switch er.Response.StatusCode {
		case 401, 403:
			msg, sev = fmt.Sprintf("cannot %s: %d forbidden; the token needs %s", what, er.Response.StatusCode, need), graph.Warning
		case 404:
			msg, sev = fmt.Sprintf("cannot %s: 404 (missing, or not visible to the token); the token needs %s", what, need), graph.Warning
		}
	}
	s.b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Severity: sev, Message: msg})
}
