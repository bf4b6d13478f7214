package web

import (
	"bytes"
	"embed"
	"io/fs"
	"net/http"
	"strings"
)

// The UI is plain HTML, CSS and JavaScript with no build step; the graph
// picture is Cytoscape.js, vendored under ui/vendor (see its README.md).
//
//go:embed ui
var uiFiles embed.FS

//go:embed openapi.json
var openAPIDoc []byte

// OpenAPI returns the API's OpenAPI 3.1 document.
func OpenAPI() []byte { return bytes.Clone(openAPIDoc) }

func (h *Handler) openAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPIDoc)
}

// uiPages are the UI's deep links: each serves the one page, whose script
// reads the address and shows the view.
var uiPages = []string{"GET /ui/{$}", "GET /ui/nodes/{id...}", "GET /ui/plan", "GET /ui/findings", "GET /ui/drift", "GET /ui/owners"}

func (h *Handler) ui() {
	sub, _ := fs.Sub(uiFiles, "ui")
	index, _ := fs.ReadFile(sub, "index.html")
	page := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(bytes.ReplaceAll(index, []byte("{{version}}"), []byte(htmlEscape(h.opts.Version))))
	}
	for _, p := range uiPages {
		h.mux.HandleFunc(p, page)
	}
	static := http.StripPrefix("/ui/static/", http.FileServerFS(sub))
	h.mux.HandleFunc("GET /ui/static/{file...}", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || r.PathValue("file") == "index.html" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		static.ServeHTTP(w, r)
	})
	h.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ui/", http.StatusFound)
	})
	h.mux.HandleFunc("GET /ui", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ui/", http.StatusFound)
	})
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}
