package kubernetes

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
)

// discoverer reads the two discovery documents the live path needs (the
// API groups, and one group version's resources) with the cluster's
// authenticated HTTP client. client-go's discovery package would do the
// same but links every typed API and the OpenAPI models into convene,
// some 37 MB of binary for two GETs.
type discoverer struct {
	host    string
	client  *http.Client
	timeout time.Duration
}

func newDiscoverer(rc *rest.Config) (*discoverer, error) {
	hc, err := rest.HTTPClientFor(rc)
	if err != nil {
		return nil, err
	}
	return &discoverer{host: strings.TrimRight(rc.Host, "/"), client: hc, timeout: rc.Timeout}, nil
}

// statusError is a discovery document the server refused.
type statusError struct {
	path string
	code int
	msg  string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("GET %s: %d %s", e.path, e.code, e.msg)
}

func (d *discoverer) get(ctx context.Context, path string, v any) error {
	ctx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.host+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := d.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		var st metav1.Status
		msg := http.StatusText(resp.StatusCode)
		if json.Unmarshal(body, &st) == nil && st.Message != "" {
			msg = st.Message
		}
		return &statusError{path: path, code: resp.StatusCode, msg: msg}
	}
	return json.Unmarshal(body, v)
}

// groups returns the API groups the server serves.
func (d *discoverer) groups(ctx context.Context) (*metav1.APIGroupList, error) {
	var l metav1.APIGroupList
	return &l, d.get(ctx, "/apis", &l)
}

// resources returns the resources of a group version ("group/version").
func (d *discoverer) resources(ctx context.Context, gv string) (*metav1.APIResourceList, error) {
	var l metav1.APIResourceList
	return &l, d.get(ctx, "/apis/"+gv, &l)
}

// forbidden reports whether err is the server's 401 or 403.
func forbidden(err error) bool {
	se, ok := err.(*statusError)
	return ok && (se.code == http.StatusForbidden || se.code == http.StatusUnauthorized)
}
