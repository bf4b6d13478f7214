package github

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ErrBudget is returned for every request past the scan's request budget.
var ErrBudget = errors.New("request budget spent")

// transport is the HTTP layer under go-github: it keeps to the request
// budget, waits out primary and secondary rate limits and resumes, and
// revalidates GET responses by their ETag, so that a rescan of unchanged
// data costs 304s, which GitHub does not count against the rate limit.
type transport struct {
	base    http.RoundTripper
	cache   Cache
	budget  int64 // 0: no cap
	maxWait time.Duration
	sleep   func(ctx context.Context, d time.Duration) error
	now     func() time.Time

	sent, revalidated, waited, reused atomic.Int64
}

// Stats counts what a scan's requests cost.
type Stats struct {
	// Sent counts requests that reached the network; Revalidated the 304s
	// among them; RateWaits the waits for a rate limit; Reused the
	// responses served from the cache without a request (blobs, which a
	// SHA names for ever).
	Sent, Revalidated, RateWaits, Reused int64
}

func (t *transport) stats() Stats {
	return Stats{Sent: t.sent.Load(), Revalidated: t.revalidated.Load(), RateWaits: t.waited.Load(), Reused: t.reused.Load()}
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	cacheable := req.Method == http.MethodGet && t.cache != nil
	key := req.URL.String() + " " + req.Header.Get("Accept")
	var cached *Entry
	if cacheable {
		if e, ok := t.cache.Get(key); ok {
			if immutable.MatchString(req.URL.Path) {
				t.reused.Add(1)
				return e.response(req), nil
			}
			cached = e
			req = req.Clone(req.Context())
			req.Header.Set("If-None-Match", e.ETag)
		}
	}
	for {
		if n := t.sent.Add(1); t.budget > 0 && n > t.budget {
			t.sent.Add(-1) // not sent
			return nil, fmt.Errorf("%s %s: %w (github.request_budget is %d)", req.Method, req.URL.Path, ErrBudget, t.budget)
		}
		resp, err := t.base.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		if wait, limited := t.rateWait(resp); limited {
			if wait > t.maxWait {
				return resp, nil // go-github reports the limit; the scan records it
			}
			resp.Body.Close()
			t.waited.Add(1)
			if err := t.sleep(req.Context(), wait); err != nil {
				return nil, err
			}
			continue
		}
		switch {
		case resp.StatusCode == http.StatusNotModified && cached != nil:
			resp.Body.Close()
			t.revalidated.Add(1)
			return cached.response(req), nil
		case cacheable && resp.StatusCode == http.StatusOK && resp.Header.Get("ETag") != "":
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				return nil, err
			}
			t.cache.Put(key, &Entry{ETag: resp.Header.Get("ETag"), Link: resp.Header.Get("Link"),
				ContentType: resp.Header.Get("Content-Type"), Body: body})
			resp.Body = io.NopCloser(bytes.NewReader(body))
		}
		return resp, nil
	}
}

// immutable matches the requests whose answer never changes: a Git blob
// named by its SHA.
var immutable = regexp.MustCompile(`/git/blobs/[0-9a-f]{40}$`)

// rateWait says whether resp is a rate-limit refusal and how long to wait:
// a primary limit (403 or 429 with X-RateLimit-Remaining: 0) until
// X-RateLimit-Reset; a secondary limit for Retry-After seconds, or a
// minute when GitHub names none, as its documentation asks.
func (t *transport) rateWait(resp *http.Response) (time.Duration, bool) {
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
		return 0, false
	}
	if s := resp.Header.Get("Retry-After"); s != "" {
		if n, err := strconv.Atoi(s); err == nil {
			return time.Duration(n) * time.Second, true
		}
	}
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		if reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			return max(time.Unix(reset, 0).Sub(t.now())+time.Second, time.Second), true
		}
		return time.Minute, true
	}
	if resp.StatusCode == http.StatusTooManyRequests || secondaryLimit(resp) {
		return time.Minute, true
	}
	return 0, false
}

// secondaryLimit peeks at a 403's body for GitHub's secondary rate limit
// message, leaving the body readable.
func secondaryLimit(resp *http.Response) bool {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return err == nil && strings.Contains(strings.ToLower(string(body)), "secondary rate limit")
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-tm.C:
		return nil
	}
}

// Entry is a cached response: what revalidation needs to stand in for it.
type Entry struct {
	ETag, Link, ContentType string
	Body                    []byte
}

func (e *Entry) response(req *http.Request) *http.Response {
	h := http.Header{}
	h.Set("ETag", e.ETag)
	if e.Link != "" {
		h.Set("Link", e.Link)
	}
	if e.ContentType != "" {
		h.Set("Content-Type", e.ContentType)
	}
	return &http.Response{Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(bytes.NewReader(e.Body)), ContentLength: int64(len(e.Body)), Request: req}
}

// Cache keeps responses by request for revalidation.
type Cache interface {
	Get(key string) (*Entry, bool)
	Put(key string, e *Entry)
}

// MemoryCache is a Cache for the process's life.
type MemoryCache struct {
	mu sync.Mutex
	m  map[string]*Entry
}

// NewMemoryCache returns an empty MemoryCache.
func NewMemoryCache() *MemoryCache { return &MemoryCache{m: map[string]*Entry{}} }

// Get implements Cache.
func (c *MemoryCache) Get(key string) (*Entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	return e, ok
}

// Put implements Cache.
func (c *MemoryCache) Put(key string, e *Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key] = e
}
