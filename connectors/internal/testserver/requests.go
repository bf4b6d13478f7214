package testserver

import "sync"

// Requests counts the requests a fake server answers, per path; the zero
// value is ready and safe for concurrent use.
type Requests struct {
	mu sync.Mutex
	n  map[string]int
}

// Add counts one request for path.
func (r *Requests) Add(path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n == nil {
		r.n = map[string]int{}
	}
	r.n[path]++
}

// Count returns the requests counted for path, or for every path when
// path is "".
func (r *Requests) Count(path string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if path != "" {
		return r.n[path]
	}
	total := 0
	for _, c := range r.n {
		total += c
	}
	return total
}
