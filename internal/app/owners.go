package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/convene-dev/convene/internal/owners"
	"github.com/convene-dev/convene/schemas"
)

// OwnersFormats are the formats `convene owners` writes.
var OwnersFormats = []string{"text", "yaml", "json"}

// OwnersOptions are the options of `convene owners`.
type OwnersOptions struct {
	Graph  GraphSource
	Format string
}

// Owners lists every owner the graph knows, with what it owns and where
// its name came from; as YAML, a draft owners file of those the owners
// file does not declare yet.
func (a *App) Owners(ctx context.Context, opts OwnersOptions) error {
	if opts.Format == "" {
		opts.Format = "text"
	}
	if !slices.Contains(OwnersFormats, opts.Format) {
		return Usagef("unknown format %q; choose one of: %v", opts.Format, OwnersFormats)
	}
	g, _, err := opts.Graph.load(ctx)
	if err != nil {
		return err
	}
	seen := owners.Inventory(g, owners.Options{})
	switch opts.Format {
	case "yaml":
		return owners.WriteDraft(a.Stdout, seen)
	case "json":
		return ownersJSON(a.Stdout, seen)
	}
	return ownersText(a.Stdout, seen)
}

// maxListed bounds the node IDs and evidence printed per owner in text.
const maxListed = 10

func ownersText(w io.Writer, seen []owners.Seen) error {
	referenced := 0
	for _, s := range seen {
		if s.ReferencedOnly() {
			referenced++
		}
	}
	fmt.Fprintf(w, "%d owners, %d of them referenced only (named by a hint; no owners file or catalog entry defines them)\n", len(seen), referenced)
	for _, s := range seen {
		fmt.Fprintf(w, "\n%s (%s)", s.ID, orDash(s.Type))
		if s.Name != "" {
			fmt.Fprintf(w, " %s", s.Name)
		}
		fmt.Fprintf(w, ": %s\n", definedBy(s))
		if len(s.Names) > 0 {
			fmt.Fprintf(w, "  also named: %s\n", strings.Join(s.Names, ", "))
		}
		if len(s.NamedBy) > 0 {
			fmt.Fprintf(w, "  named by: %s\n", strings.Join(s.NamedBy, ", "))
		}
		fmt.Fprintf(w, "  owns: %d directly (%d as the strongest source), %d inherited\n", len(s.Owns), s.Effective, s.Inherited)
		for i, id := range s.Owns {
			if i == maxListed {
				fmt.Fprintf(w, "    … and %d more\n", len(s.Owns)-maxListed)
				break
			}
			fmt.Fprintf(w, "    %s\n", id)
		}
		for i, ev := range s.Evidence {
			if i == maxListed {
				fmt.Fprintf(w, "  … and %d more pieces of evidence\n", len(s.Evidence)-maxListed)
				break
			}
			fmt.Fprintf(w, "  from: %s\n", ev)
		}
	}
	return nil
}

func definedBy(s owners.Seen) string {
	switch {
	case s.InOwnersFile:
		return "in the owners file"
	case s.Defined:
		return "defined by the catalog, not in the owners file"
	}
	return "referenced only: not in the owners file, no contact known"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

type (
	ownersDoc struct {
		Schema  string      `json:"$schema"`
		Format  string      `json:"format"`
		Version int         `json:"version"`
		Owners  []ownerJSON `json:"owners"`
	}
	ownerJSON struct {
		ID             string            `json:"id"`
		Type           string            `json:"type"`
		Name           string            `json:"name,omitempty"`
		InOwnersFile   bool              `json:"in_owners_file"`
		ReferencedOnly bool              `json:"referenced_only"`
		Names          []string          `json:"names"`
		NamedBy        []string          `json:"named_by"`
		Owns           []string          `json:"owns"`
		Effective      int               `json:"effective"`
		Inherited      int               `json:"inherited"`
		Evidence       []string          `json:"evidence"`
		Contacts       map[string]string `json:"contacts,omitempty"`
	}
)

func ownersJSON(w io.Writer, seen []owners.Seen) error {
	doc := ownersDoc{Schema: schemas.Owners, Format: "convene-owners", Version: 1, Owners: []ownerJSON{}}
	for _, s := range seen {
		o := ownerJSON{ID: s.ID, Type: s.Type, Name: s.Name, InOwnersFile: s.InOwnersFile, ReferencedOnly: s.ReferencedOnly(),
			Names: nonNil(s.Names), NamedBy: nonNil(s.NamedBy), Owns: nonNil(s.Owns), Effective: s.Effective, Inherited: s.Inherited, Evidence: []string{}}
		for _, ev := range s.Evidence {
			o.Evidence = append(o.Evidence, ev.String())
		}
		for _, k := range []string{"email", "slack", "pager", "handle"} {
			if v := s.Attrs[k]; v != "" {
				if o.Contacts == nil {
					o.Contacts = map[string]string{}
				}
				o.Contacts[k] = v
			}
		}
		doc.Owners = append(doc.Owners, o)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
