package connectors

import (
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/aws"
	"github.com/convene-dev/convene/connectors/awsprofile"
	"github.com/convene-dev/convene/connectors/backstage"
	"github.com/convene-dev/convene/connectors/cloudtrail"
	"github.com/convene-dev/convene/connectors/codeowners"
	"github.com/convene-dev/convene/connectors/cron"
	"github.com/convene-dev/convene/connectors/github"
	"github.com/convene-dev/convene/connectors/githubactions"
	"github.com/convene-dev/convene/connectors/gitlab"
	"github.com/convene-dev/convene/connectors/gitlabci"
	"github.com/convene-dev/convene/connectors/graphfile"
	"github.com/convene-dev/convene/connectors/hostaddr"
	"github.com/convene-dev/convene/connectors/jenkins"
	"github.com/convene-dev/convene/connectors/k8saudit"
	"github.com/convene-dev/convene/connectors/kubernetes"
	"github.com/convene-dev/convene/connectors/mcp"
	"github.com/convene-dev/convene/connectors/ownership"
	"github.com/convene-dev/convene/connectors/systemd"
	"github.com/convene-dev/convene/connectors/vault"
	"github.com/convene-dev/convene/connectors/vaultaudit"
	"github.com/convene-dev/convene/internal/config"
)

// All returns a new instance of every connector convene ships, configured by
// cfg, in the order they are listed to users. This is the one list: a
// connector that is not here does not exist. Add a connector with one line.
func All(cfg *config.Config) []Connector {
	return []Connector{
		ownership.New(),
		codeowners.New(),
		backstage.New(),
		graphfile.New(),
		cron.New(cfg),
		systemd.New(cfg),
		awsprofile.New(cfg),
		aws.New(cfg),
		githubactions.New(),
		gitlabci.New(),
		jenkins.New(),
		vault.New(cfg),
		kubernetes.New(cfg),
		mcp.New(cfg),
		vaultaudit.New(cfg),
		cloudtrail.New(cfg),
		hostaddr.New(cfg),
		k8saudit.New(cfg),
		github.New(cfg, RouteFS(githubactions.New(), codeowners.New(), backstage.New())),
		gitlab.New(cfg, RouteFS(gitlabci.New(), codeowners.New(), backstage.New())),
	}
}

// Registry is a checked set of connectors, looked up by name.
type Registry struct {
	list   []Connector
	byName map[string]Connector
}

// NewRegistry checks that every connector has a distinct, non-empty name.
func NewRegistry(conns ...Connector) (*Registry, error) {
	r := &Registry{byName: make(map[string]Connector, len(conns))}
	for _, c := range conns {
		name := c.Name()
		if name == "" {
			return nil, fmt.Errorf("connector %T has no name", c)
		}
		if _, dup := r.byName[name]; dup {
			return nil, fmt.Errorf("two connectors are named %q", name)
		}
		r.byName[name] = c
		r.list = append(r.list, c)
	}
	return r, nil
}

// Connectors returns the connectors in registration order.
func (r *Registry) Connectors() []Connector { return slices.Clone(r.list) }

// Get returns the connector with the given name.
func (r *Registry) Get(name string) (Connector, bool) {
	c, ok := r.byName[name]
	return c, ok
}

// Names returns the connectors' names in registration order.
func (r *Registry) Names() []string {
	names := make([]string, len(r.list))
	for i, c := range r.list {
		names[i] = c.Name()
	}
	return names
}

// Select returns the registry less the named connectors. An unknown name is
// an error listing the known ones.
func (r *Registry) Select(disabled []string) (*Registry, error) {
	off := make(map[string]bool)
	for _, n := range disabled {
		if _, ok := r.byName[n]; !ok {
			return nil, fmt.Errorf("unknown connector %q; known connectors: %s", n, strings.Join(r.Names(), ", "))
		}
		off[n] = true
	}
	var keep []Connector
	for _, c := range r.list {
		if !off[c.Name()] {
			keep = append(keep, c)
		}
	}
	return NewRegistry(keep...)
}
