package vault

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/vault/api"

	"github.com/convene-dev/convene/internal/config"
)

// Client is the narrow view of Vault the connector needs: LIST and READ of
// one path, nothing else. Read returns nil, nil for a path that does not
// exist. An error that Vault answered carries its status (see StatusError).
type Client interface {
	List(ctx context.Context, path string) ([]string, error)
	Read(ctx context.Context, path string) (map[string]any, error)
}

// StatusError is an HTTP error Vault answered with.
type StatusError struct {
	Status int
	Msg    string
}

func (e *StatusError) Error() string { return fmt.Sprintf("vault answered %d: %s", e.Status, e.Msg) }

// status returns the HTTP status of err, or 0.
func status(err error) int {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Status
	}
	var re *api.ResponseError
	if errors.As(err, &re) {
		return re.StatusCode
	}
	return 0
}

// ErrSecretPath is returned, without any request being sent, for a path
// that could return a secret value.
var ErrSecretPath = errors.New("refused: the path could return a secret value, and convene reads metadata only")

// guard wraps a Client so that reading a secret value is impossible
// whatever the rest of the code asks: on KV mounts only metadata/ and
// config may be read (KV v1 secrets are listed, never read), and a path
// whose second segment is data/ is refused on any mount not known to be
// something other than KV. Responses that carry wrapped or lease data are
// not requested anywhere, and creds/ or issue/ paths are refused too.
type guard struct {
	next Client
	mu   sync.RWMutex
	// kv maps a KV mount path ("secret/") to its version.
	kv map[string]int
	// other is the set of mounts known not to be KV.
	other map[string]bool
	// requests counts what was sent.
	requests atomic.Int64
}

func newGuard(next Client) *guard {
	return &guard{next: next, kv: map[string]int{}, other: map[string]bool{}}
}

// setMount records a mount's type, learnt from sys/mounts.
func (g *guard) setMount(path string, kvVersion int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if kvVersion > 0 {
		g.kv[path] = kvVersion
	} else {
		g.other[path] = true
	}
}

// valueEndpoints are the first path segments, below a secrets engine's
// mount, of endpoints that hand out or reveal a secret value (database,
// aws, ssh, consul, nomad creds; pki issue and sign; transit decrypt and
// export; totp code; gcp key and token; ldap static-cred).
var valueEndpoints = map[string]bool{"creds": true, "static-creds": true, "static-cred": true, "issue": true,
	"sign": true, "sign-verbatim": true, "decrypt": true, "export": true, "raw": true, "code": true,
	"key": true, "token": true, "data": true}

// approleSecrets are the last segments of auth paths that return login
// material (AppRole's role_id and secret IDs).
var approleSecrets = map[string]bool{"role-id": true, "secret-id": true, "secret-id-accessor": true, "custom-secret-id": true}

// allowed says whether Read may be sent for path. It looks at the path
// below its mount only, so a secret or role that happens to be named
// "creds" or "token" is still read where it is metadata.
func (g *guard) allowed(path string) bool {
	p := strings.TrimLeft(path, "/")
	segs := strings.Split(p, "/")
	switch {
	case strings.HasPrefix(p, "sys/"):
		return !strings.HasPrefix(p, "sys/raw") && !strings.HasPrefix(p, "sys/wrapping") && !strings.HasPrefix(p, "sys/leases")
	case strings.HasPrefix(p, "auth/"):
		return len(segs) < 5 || !approleSecrets[segs[len(segs)-1]]
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	// The longest known mount that holds p; unknown, the first segment.
	mount, kvVersion, best := segs[0]+"/", -1, 0
	for m, v := range g.kv {
		if strings.HasPrefix(p, m) && len(m) > best {
			mount, kvVersion, best = m, v, len(m)
		}
	}
	for m := range g.other {
		if strings.HasPrefix(p, m) && len(m) > best {
			mount, kvVersion, best = m, 0, len(m)
		}
	}
	rest := strings.TrimPrefix(p, mount)
	switch kvVersion {
	case 1:
		return false // every path of a KV v1 mount is a secret
	case 2:
		return strings.HasPrefix(rest, "metadata/") || rest == "config"
	}
	first, _, _ := strings.Cut(rest, "/")
	return !valueEndpoints[first]
}

// List implements Client.
func (g *guard) List(ctx context.Context, path string) ([]string, error) {
	g.requests.Add(1)
	return g.next.List(ctx, path)
}

// Read implements Client, refusing paths that could return a secret value.
func (g *guard) Read(ctx context.Context, path string) (map[string]any, error) {
	if !g.allowed(path) {
		return nil, fmt.Errorf("read %s: %w", path, ErrSecretPath)
	}
	g.requests.Add(1)
	return g.next.Read(ctx, path)
}

// apiClient is Client over vault/api.
type apiClient struct{ c *api.Client }

// NewAPIClient builds a client for cl the way the vault CLI does: vault/api's
// DefaultConfig reads VAULT_ADDR, VAULT_TOKEN, VAULT_NAMESPACE, the TLS
// variables and VAULT_MAX_RETRIES (network errors and 5xx are retried with
// backoff); fields set in cl override them. workers is the number of
// requests the scan keeps in flight.
func NewAPIClient(cl config.VaultCluster, workers int) (Client, string, error) {
	conf := api.DefaultConfig()
	if conf.Error != nil {
		return nil, "", fmt.Errorf("read Vault environment: %w", conf.Error)
	}
	// vault/api keeps GOMAXPROCS+1 idle connections per host; with more
	// requests in flight every extra one would open a new TLS connection.
	if tr, ok := conf.HttpClient.Transport.(*http.Transport); ok {
		tr.MaxIdleConnsPerHost = max(tr.MaxIdleConnsPerHost, workers)
	}
	if cl.Address != "" {
		conf.Address = cl.Address
	}
	tls := &api.TLSConfig{CACert: cl.CACert, CAPath: cl.CAPath, ClientCert: cl.ClientCert,
		ClientKey: cl.ClientKey, TLSServerName: cl.TLSServerName, Insecure: cl.TLSSkipVerify}
	if cl.CACert != "" || cl.CAPath != "" || cl.ClientCert != "" || cl.TLSServerName != "" || cl.TLSSkipVerify {
		if err := conf.ConfigureTLS(tls); err != nil {
			return nil, conf.Address, fmt.Errorf("configure TLS for %s: %w", conf.Address, err)
		}
	}
	c, err := api.NewClient(conf)
	if err != nil {
		return nil, conf.Address, fmt.Errorf("client for %s: %w", conf.Address, err)
	}
	if cl.Namespace != "" {
		c.SetNamespace(cl.Namespace)
	}
	if cl.TokenEnv != "" {
		tok := os.Getenv(cl.TokenEnv)
		if tok == "" {
			return nil, conf.Address, fmt.Errorf("token_env names %s, which is empty", cl.TokenEnv)
		}
		c.SetToken(tok)
	}
	return WrapAPI(c), conf.Address, nil
}

// WrapAPI returns a Client over an existing vault/api client.
func WrapAPI(c *api.Client) Client { return &apiClient{c: c} }

// List implements Client.
func (a *apiClient) List(ctx context.Context, path string) ([]string, error) {
	s, err := a.c.Logical().ListWithContext(ctx, path)
	if err != nil {
		return nil, apiErr(err)
	}
	if s == nil || s.Data == nil {
		return nil, nil
	}
	raw, _ := s.Data["keys"].([]any)
	keys := make([]string, 0, len(raw))
	for _, k := range raw {
		if ks, ok := k.(string); ok {
			keys = append(keys, ks)
		}
	}
	return keys, nil
}

// Read implements Client.
func (a *apiClient) Read(ctx context.Context, path string) (map[string]any, error) {
	s, err := a.c.Logical().ReadWithContext(ctx, path)
	if err != nil {
		return nil, apiErr(err)
	}
	if s == nil {
		return nil, nil
	}
	return s.Data, nil
}

// apiErr turns vault/api's error into a StatusError when Vault answered,
// keeping only Vault's own error messages.
func apiErr(err error) error {
	var re *api.ResponseError
	if errors.As(err, &re) {
		msg := strings.Join(re.Errors, "; ")
		if msg == "" {
			msg = http.StatusText(re.StatusCode)
		}
		return &StatusError{Status: re.StatusCode, Msg: msg}
	}
	return err
}
