package github

import "net/http"

// defaultTransport is the network under the transport; tests point the
// API URL at a local server, so the default transport serves them too.
func defaultTransport() http.RoundTripper { return http.DefaultTransport }
