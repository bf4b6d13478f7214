package kubernetes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"

	"github.com/rs/zerolog"

	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// liveCluster is one cluster the live path reads: the name its node IDs
// carry, and how to reach it.
type liveCluster struct {
	name    string
	context string // "" for in-cluster
}

// liveClusters lists the configured clusters.
func (c *Connector) liveClusters() []liveCluster {
	var out []liveCluster
	if c.live.InCluster {
		name := c.cluster
		if name == "" {
			name = DefaultCluster
		}
		out = append(out, liveCluster{name: name})
	}
	for _, k := range c.live.Contexts {
		out = append(out, liveCluster{name: k.ClusterName(), context: k.Name})
	}
	return out
}

// restConfig builds the client configuration of a cluster: the pod's
// service account in-cluster, else the kubeconfig context, with the call
// timeout and a user agent that names convene in the audit log.
func (c *Connector) restConfig(lc liveCluster) (*rest.Config, error) {
	var rc *rest.Config
	var err error
	if lc.context == "" {
		rc, err = rest.InClusterConfig()
	} else {
		rules := clientcmd.NewDefaultClientConfigLoadingRules()
		if c.live.Kubeconfig != "" {
			rules.ExplicitPath = expandHome(c.live.Kubeconfig)
		}
		rc, err = clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules,
			&clientcmd.ConfigOverrides{CurrentContext: lc.context}).ClientConfig()
	}
	if err != nil {
		return nil, err
	}
	rc = rest.CopyConfig(rc)
	rc.Timeout = c.live.CallTimeout()
	rc.UserAgent = "convene (read-only inventory)"
	rc.QPS, rc.Burst = 20, 40
	rc.WarningHandler = warnings{}
	return rc, nil
}

// quietKlog stops client-go's own logger from writing to stderr, where it
// would interleave with convene's output; what matters reaches the user as
// a diagnostic or through zerolog.
var quietKlog sync.Once

// warnings sends the API server's Warning headers (deprecated APIs) to
// zerolog at debug level.
type warnings struct{ log *zerolog.Logger }

func (w warnings) HandleWarningHeader(code int, agent, text string) {
	if w.log != nil {
		w.log.Debug().Int("code", code).Str("agent", agent).Str("warning", text).Msg("kubernetes api warning")
	}
}

func expandHome(p string) string {
	if len(p) > 1 && p[:2] == "~/" {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, p[2:])
		}
	}
	return p
}

// readLive reads every configured cluster. A cluster that cannot be reached
// is one diagnostic and the others are read; a resource type the
// credentials may not list is a diagnostic and the rest of its cluster is
// read. It fails only when no cluster could be read, or ctx is done.
func (c *Connector) readLive(ctx context.Context, b *graph.Builder) ([]Object, error) {
	quietKlog.Do(func() {
		klog.LogToStderr(false)
		klog.SetOutput(io.Discard)
	})
	var objs []Object
	landed := 0
	clusters := c.liveClusters()
	for _, lc := range clusters {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		got, err := c.readCluster(ctx, lc, b)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			b.Diagnose(graph.Diagnostic{Connector: Name, File: "k8s-api:" + lc.name, Severity: graph.Error,
				Message: fmt.Sprintf("cluster not read: %v; check kubernetes.live in convene.yaml and the credentials of the context (docs/kubernetes.md)", err)})
			continue
		}
		objs = append(objs, got...)
		landed++
	}
	if landed == 0 && len(clusters) > 0 {
		return nil, errors.New("no Kubernetes cluster could be read; see the diagnostics")
	}
	return objs, nil
}

// readCluster reads one cluster's objects through three clients: discovery
// (which optional resources exist), metadata (Secrets, so their data never
// transits) and dynamic (everything else).
func (c *Connector) readCluster(ctx context.Context, lc liveCluster, b *graph.Builder) ([]Object, error) {
	rc, err := c.restConfig(lc)
	if err != nil {
		return nil, err
	}
	rc.WarningHandler = warnings{log: zerolog.Ctx(ctx)}
	dc, err := newDiscoverer(rc)
	if err != nil {
		return nil, err
	}
	dyn, err := dynamic.NewForConfig(rc)
	if err != nil {
		return nil, err
	}
	md, err := metadata.NewForConfig(metadataOnly(rc))
	if err != nil {
		return nil, err
	}
	r := &clusterReader{cluster: lc.name, timeout: c.live.CallTimeout(), limit: c.live.Limit(),
		disc: dc, dyn: dyn, meta: md, b: b}
	return r.read(ctx)
}

// metadataAccept is the only representation the metadata client accepts.
// client-go's own Accept list ends with plain application/json, which a
// server that cannot serve the metadata form would answer with the full
// objects, data included; without it such a server answers 406 instead.
const metadataAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1"

// metadataOnly returns rc with a transport that asks for metadata alone.
func metadataOnly(rc *rest.Config) *rest.Config {
	mc := rest.CopyConfig(rc)
	mc.Wrap(func(rt http.RoundTripper) http.RoundTripper {
		return roundTripper(func(r *http.Request) (*http.Response, error) {
			r = r.Clone(r.Context())
			r.Header.Set("Accept", metadataAccept)
			return rt.RoundTrip(r)
		})
	})
	return mc
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// liveOf returns the live settings of cfg.
func liveOf(cfg *config.Config) config.KubernetesLive {
	if cfg == nil {
		return config.KubernetesLive{}
	}
	return cfg.Kubernetes.Live
}
