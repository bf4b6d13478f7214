package testserver

import (
	"sync"
	"testing"
)

func TestRequests(t *testing.T) {
	var r Requests
	if got := r.Count(""); got != 0 {
		t.Fatalf("zero value counts %d", got)
	}
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.Add("/a")
			r.Add("/b")
		}()
	}
	wg.Wait()
	if a, b, all := r.Count("/a"), r.Count("/b"), r.Count(""); a != 10 || b != 10 || all != 20 {
		t.Errorf("counts /a %d, /b %d, all %d; want 10, 10, 20", a, b, all)
	}
}
