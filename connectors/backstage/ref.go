package backstage

import (
	"net/url"
	"strings"
)

// Ref is a parsed entity reference, lower-cased as Backstage compares
// references without case.
type Ref struct {
	Kind, Namespace, Name string
}

// String renders the reference in full: kind:namespace/name.
func (r Ref) String() string { return r.Kind + ":" + r.Namespace + "/" + r.Name }

// NodeID is the reference's node ID: backstage:kind:namespace/name.
func (r Ref) NodeID() string { return "backstage:" + r.String() }

// ParseRef reads "[kind:][namespace/]name". A part left out takes the
// default: the field's default kind (none for fields that require one,
// such as dependsOn), and the namespace of the entity that holds the
// reference, which Backstage's catalog uses ("default" for most entities).
func ParseRef(s, defaultKind, defaultNamespace string) (Ref, bool) {
	s = strings.TrimSpace(s)
	r := Ref{Kind: defaultKind, Namespace: defaultNamespace}
	if k, rest, ok := strings.Cut(s, ":"); ok {
		r.Kind, s = k, rest
	}
	if ns, rest, ok := strings.Cut(s, "/"); ok {
		r.Namespace, s = ns, rest
	}
	r.Name = s
	r.Kind, r.Namespace, r.Name = strings.ToLower(r.Kind), strings.ToLower(r.Namespace), strings.ToLower(r.Name)
	if r.Namespace == "" {
		r.Namespace = "default"
	}
	if r.Kind == "" || r.Name == "" || strings.ContainsAny(r.Name, ":/ ") || strings.ContainsAny(r.Kind, "/ ") {
		return r, false
	}
	return r, true
}

// repositoryOf finds the repository an entity is built from, as a
// repository node ID (host/owner/name), from the annotations Backstage's
// GitHub and GitLab integrations read, in order of how directly they say
// it.
func repositoryOf(ann map[string]string) (id, key string) {
	if slug := strings.Trim(ann["github.com/project-slug"], "/ "); strings.Count(slug, "/") == 1 && !strings.Contains(slug, "${{") {
		return "github.com/" + slug, "github.com/project-slug"
	}
	if slug := strings.Trim(ann["gitlab.com/project-slug"], "/ "); strings.Contains(slug, "/") && !strings.Contains(slug, "${{") {
		return "gitlab.com/" + slug, "gitlab.com/project-slug"
	}
	for _, k := range []string{"backstage.io/source-location", "backstage.io/managed-by-location"} {
		if id := fromLocation(ann[k]); id != "" {
			return id, k
		}
	}
	return "", ""
}

// fromLocation reads "url:https://github.com/o/r/tree/main/..." (or
// /blob/, GitLab's /-/tree/ and /-/blob/) into host/owner/name.
func fromLocation(loc string) string {
	raw, ok := strings.CutPrefix(strings.TrimSpace(loc), "url:")
	if !ok || strings.Contains(raw, "${{") {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	path := strings.Trim(u.Path, "/")
	for _, sep := range []string{"/-/tree/", "/-/blob/", "/tree/", "/blob/"} {
		if i := strings.Index(path+"/", sep); i >= 0 {
			path = path[:i]
			break
		}
	}
	path = strings.TrimSuffix(path, ".git")
	if strings.Count(path, "/") < 1 {
		return ""
	}
	return strings.ToLower(u.Hostname()) + "/" + path
}
