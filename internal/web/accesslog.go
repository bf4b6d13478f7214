package web

import (
	"context"
	"net/http"
	"time"
)

// requestInfo is what the access log learns while a request is handled.
type requestInfo struct {
	who string
}

type requestInfoKey struct{}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// logged serves the request and, when a logger is set, logs one line for
// each API request: who, what, the answer and how long it took. The query
// is not logged: searches are the caller's business.
func (h *Handler) logged(w http.ResponseWriter, r *http.Request, serve func(http.ResponseWriter, *http.Request)) {
	if h.opts.Log == nil || len(r.URL.Path) < 5 || r.URL.Path[:5] != "/api/" {
		serve(w, r)
		return
	}
	info := &requestInfo{}
	sw := &statusWriter{ResponseWriter: w}
	began := time.Now()
	serve(sw, r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info)))
	ev := h.opts.Log.Info()
	if sw.status >= 500 {
		ev = h.opts.Log.Error()
	}
	ev.Str("method", r.Method).Str("path", r.URL.Path).Int("status", sw.status).Int("bytes", sw.bytes).
		Dur("took", time.Since(began)).Str("who", info.who).Str("remote", r.RemoteAddr).Msg("api request")
}
