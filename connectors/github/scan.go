package github

import (
	"context"
	"path"
	"slices"
	"sync"

	gh "github.com/google/go-github/v84/github"
	"github.com/rs/zerolog"
	"golang.org/x/sync/errgroup"

	"github.com/convene-dev/convene/connectors/internal/srcfs"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// scanner holds one Discover's state.
type scanner struct {
	c    *gh.Client
	cfg  config.GitHub
	host string
	b    *graph.Builder
	log  *zerolog.Logger

	mu    sync.Mutex
	files srcfs.Map
	repos []*repoInfo
	orgs  map[string]*orgInfo
}

// orgInfo is what an organisation holds that its repositories inherit.
type orgInfo struct {
	login   string
	secrets []orgSecret
	// vars maps a variable's name to its value and the repositories it is
	// visible to (nil: all).
	vars map[string]orgVar
	// oidcKeys is the organisation's OIDC subject template, "" for the
	// default.
	oidcKeys string
}

type orgSecret struct {
	name, visibility string
	selected         []string // repository names, for visibility "selected"
}

type orgVar struct {
	value, visibility string
	selected          []string
}

// repoInfo is what a repository's scan found that later steps need.
type repoInfo struct {
	owner, name, id string // id: host/owner/name
	private         bool
	secrets         map[string]bool
	envSecrets      map[string][]string // secret name -> environments
	refs            map[string]bool     // secret names the fetched files mention
	attrs           map[string]string   // the repository node's, written last
}

func newScanner(c *gh.Client, cfg config.GitHub, b *graph.Builder, log *zerolog.Logger) *scanner {
	return &scanner{c: c, cfg: cfg, host: hostOf(cfg), b: b, log: log, files: srcfs.Map{}, orgs: map[string]*orgInfo{}}
}

// run reads every organisation, then every repository, at most
// cfg.Concurrency repositories at once. A repository's failures are
// diagnostics; only a cancelled context stops the scan.
func (s *scanner) run(ctx context.Context) error {
	ctx = context.WithValue(ctx, gh.BypassRateLimitCheck, true) // the transport waits instead
	var repos []*gh.Repository
	for _, org := range s.cfg.Organizations {
		if err := ctx.Err(); err != nil {
			return err
		}
		s.org(ctx, org)
		for r, err := range s.c.Repositories.ListByOrgIter(ctx, org, &gh.RepositoryListByOrgOptions{Type: "all", ListOptions: gh.ListOptions{PerPage: 100}}) {
			if err != nil {
				s.failed(org, "", "list the repositories of organisation "+org, "Metadata: read", err)
				break
			}
			repos = append(repos, r)
		}
	}
	if len(s.cfg.Organizations) == 0 && s.cfg.App.InstallationID != 0 {
		for r, err := range s.c.Apps.ListReposIter(ctx, &gh.ListOptions{PerPage: 100}) {
			if err != nil {
				s.failed("installation", "", "list the installation's repositories", "Metadata: read", err)
				break
			}
			repos = append(repos, r)
		}
		for _, r := range repos {
			if o := r.GetOwner().GetLogin(); s.orgs[o] == nil && r.GetOwner().GetType() == "Organization" {
				s.org(ctx, o)
			}
		}
	}
	repos = slices.DeleteFunc(repos, func(r *gh.Repository) bool { return r.GetArchived() || !s.wanted(r.GetFullName()) })
	workers := s.cfg.Concurrency
	if workers <= 0 {
		workers = 4
	}
	infos := make([]*repoInfo, len(repos))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, r := range repos {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			infos[i] = s.repo(gctx, r)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	s.repos = infos
	return ctx.Err()
}

// wanted applies cfg.Repositories.
func (s *scanner) wanted(full string) bool {
	if len(s.cfg.Repositories) == 0 {
		return true
	}
	for _, p := range s.cfg.Repositories {
		if ok, _ := path.Match(p, full); ok {
			return true
		}
	}
	return false
}

// repo reads one repository: its files, then its settings.
func (s *scanner) repo(ctx context.Context, r *gh.Repository) *repoInfo {
	ri := &repoInfo{owner: r.GetOwner().GetLogin(), name: r.GetName(), private: r.GetPrivate() || r.GetVisibility() == "internal",
		secrets: map[string]bool{}, envSecrets: map[string][]string{}, refs: map[string]bool{}}
	ri.id = s.host + "/" + ri.owner + "/" + ri.name
	attrs := map[string]string{"default_branch": r.GetDefaultBranch(), "visibility": r.GetVisibility(), "source": "github-api"}
	ri.attrs = attrs
	if org := s.orgs[ri.owner]; org != nil {
		for name, v := range org.vars {
			if v.visibility == "selected" && !slices.Contains(v.selected, ri.name) || v.visibility == "private" && !ri.private {
				continue
			}
			attrs["var."+name] = v.value
		}
	}
	s.fetchFiles(ctx, r, ri)
	s.repoSecrets(ctx, ri)
	s.repoVariables(ctx, ri)
	s.environments(ctx, r, ri)
	s.repoOIDC(ctx, ri)
	s.deployKeys(ctx, ri)
	src := "GET /orgs/" + ri.owner + "/repos"
	s.b.AddNode(graph.Node{ID: ri.id, Kind: graph.Location, Type: "git-repo", Name: ri.owner + "/" + ri.name, Attrs: attrs, Evidence: s.ev(src)})
	if _, ok := s.orgs[ri.owner]; ok {
		s.b.AddEdge(graph.Edge{From: ri.id, To: s.orgID(ri.owner), Kind: graph.PartOf, Evidence: s.ev(src)})
	}
	return ri
}

// ev is API evidence: the call a claim was read from.
func (s *scanner) ev(source string) []graph.Evidence {
	return []graph.Evidence{{Connector: Name, Source: source, Basis: graph.Configured}}
}

func (s *scanner) orgID(org string) string { return s.host + "/" + org }
