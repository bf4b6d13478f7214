package web

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
)

// Auth says who may call the API: a holder of one of the bearer tokens, or
// a user a trusted reverse proxy names in a header and the allow list
// admits. A nil *Auth lets everyone in, which CheckListen allows only on
// loopback.
type Auth struct {
	// tokens are SHA-256 digests of the accepted tokens; the tokens
	// themselves are never held.
	tokens [][sha256.Size]byte
	// names are the tokens' names, for the access log ("token 2" when the
	// file names none).
	names []string
	// ProxyHeader is the header a reverse proxy puts the authenticated
	// user in (X-Forwarded-User, X-Auth-Request-Email…).
	ProxyHeader string
	// ProxyAllow lists the users admitted: exact names, "@example.com" for
	// a whole domain, or "*" for anyone the proxy authenticated.
	ProxyAllow []string
}

// LoadTokens reads a tokens file: one SHA-256 digest of a token a line,
// in hex (what `printf %s "$TOKEN" | sha256sum` prints), optionally
// followed by a name; blank lines and lines starting with # are skipped.
// Errors name the file and line.
func (a *Auth) LoadTokens(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read tokens file: %w", err)
	}
	return a.parseTokens(path, data)
}

// parseTokens reads the content of a tokens file; path names it in errors.
func (a *Auth) parseTokens(path string, data []byte) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		field := strings.TrimPrefix(strings.Fields(text)[0], "sha256:")
		sum, err := hex.DecodeString(field)
		if err != nil || len(sum) != sha256.Size {
			// The line may be a token pasted by mistake: say so without
			// repeating it.
			return fmt.Errorf("%s:%d: not a SHA-256 digest in hex; store printf %%s \"$TOKEN\" | sha256sum, never the token", path, line)
		}
		a.tokens = append(a.tokens, [sha256.Size]byte(sum))
		name := fmt.Sprintf("token %d", len(a.tokens))
		if f := strings.Fields(text); len(f) > 1 {
			name = "token " + strings.Join(f[1:], " ")
		}
		a.names = append(a.names, name)
	}
	if len(a.tokens) == 0 {
		return fmt.Errorf("%s: no token digest; add one line per token", path)
	}
	return nil
}

// Configured reports whether the API is guarded at all.
func (a *Auth) Configured() bool {
	return a != nil && (len(a.tokens) > 0 || a.ProxyHeader != "")
}

// allowed checks a request's bearer token or proxy identity, and says who
// it is, for the access log.
func (a *Auth) allowed(r *http.Request) (string, bool) {
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && len(a.tokens) > 0 {
		sum := sha256.Sum256([]byte(strings.TrimSpace(tok)))
		found := -1
		for i, t := range a.tokens { // every digest is compared, found or not
			if subtle.ConstantTimeCompare(sum[:], t[:]) == 1 {
				found = i
			}
		}
		if found >= 0 {
			return a.names[found], true
		}
	}
	if a.ProxyHeader == "" {
		return "", false
	}
	user := strings.ToLower(strings.TrimSpace(r.Header.Get(a.ProxyHeader)))
	if user == "" {
		return "", false
	}
	for _, allow := range a.ProxyAllow {
		allow = strings.ToLower(allow)
		if allow == "*" || allow == user || (strings.HasPrefix(allow, "@") && strings.HasSuffix(user, allow)) {
			return user, true
		}
	}
	return "", false
}

// guard answers 401 to a request that is not allowed.
func (a *Auth) guard(next http.Handler) http.Handler {
	if !a.Configured() {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who, ok := a.allowed(r)
		if !ok {
			if len(a.tokens) > 0 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="convene"`)
			}
			problem(w, r, http.StatusUnauthorized, "authenticate: send Authorization: Bearer TOKEN, or come through the configured proxy")
			return
		}
		if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
			info.who = who
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin is Go's own CSRF check: it refuses a browser's request that
// Sec-Fetch-Site, or else Origin against Host, shows came from another site.
var crossOrigin = http.NewCrossOriginProtection()

// sameOrigin is the CSRF check of requests that act (POST): the body must
// be JSON, which no HTML form can send and which makes a browser ask the
// server before a cross-site fetch (and convene answers no such
// preflight); and the browser must not say the request came from another
// site.
func sameOrigin(w http.ResponseWriter, r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if mt, _, _ := strings.Cut(ct, ";"); strings.TrimSpace(strings.ToLower(mt)) != "application/json" {
		problem(w, r, http.StatusUnsupportedMediaType, "send the change as Content-Type: application/json")
		return false
	}
	if err := crossOrigin.Check(r); err != nil {
		problem(w, r, http.StatusForbidden, "cross-origin request refused: "+err.Error())
		return false
	}
	return true
}

// CheckListen refuses an address other than loopback unless auth is
// configured: without it, anyone who reaches the port could read the map
// of the estate's credentials.
func CheckListen(addr string, auth *Auth) error {
	if auth.Configured() {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen address %q: %w; write HOST:PORT, e.g. 127.0.0.1:9464", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("listen address %q is not loopback: configure authentication (--tokens-file, or --proxy-header with --proxy-allow) to serve beyond this machine", addr)
}
