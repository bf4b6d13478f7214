package gitlabci

import (
	"fmt"
	"path"
	"slices"

	"github.com/convene-dev/convene/graph"
)

// pipelines decides which claimed files are pipelines of their own, and
// returns every file: those that are not carry why in skip.
//
//   - A file another scanned pipeline includes (directly or through further
//     includes), whatever its name, is read only through it: on its own its jobs would appear
//     twice and its templates, defined in sibling includes, would be
//     missing. Of two files that include each other, the one whose path
//     sorts first is the pipeline.
//   - Any other .gitlab-ci.yml (or .yaml) is a pipeline: GitLab runs it.
//   - Any other *.gitlab-ci.yml may be a custom CI configuration path: it
//     is read on its own when it stands alone, that is every extends: in it
//     names a job defined in it or its local includes. One that extends
//     templates defined nowhere it reaches is part of a pipeline outside
//     the scan: one warning says so, instead of one per job.
func pipelines(ls []*loaded) []*loaded {
	includes := make([]map[string]bool, len(ls))
	for i, l := range ls {
		includes[i] = map[string]bool{}
		for full := range l.p.seenInclude {
			includes[i][path.Clean(full)] = true
		}
	}
	for i, l := range ls {
		f := path.Clean(l.file)
		for j, o := range ls {
			if i == j || !includes[j][f] {
				continue
			}
			if !includes[i][path.Clean(o.file)] || o.file < l.file {
				l.skip = &diag{}
				break
			}
		}
		if l.skip == nil && !isMain(l.file) {
			l.skip = l.p.fragment()
		}
	}
	return ls
}

// fragment returns the warning that marks a pipeline file as a part of a
// pipeline not scanned: a job extends a name defined nowhere the file
// reaches. nil when the file stands alone.
func (p *pipeline) fragment() *diag {
	var missing []string
	var first *entry
	for _, name := range p.order {
		e := p.entries[name]
		for _, parent := range p.strList(p.value(p.get(e.val, "extends"))) {
			if p.entries[parent] == nil && !slices.Contains(missing, parent) {
				missing = append(missing, parent)
				if first == nil {
					first = e
				}
			}
		}
	}
	if first == nil {
		return nil
	}
	more := ""
	if len(missing) > 1 {
		more = fmt.Sprintf(" (and %d more names)", len(missing)-1)
	}
	return &diag{first.file, max(first.line, 1), graph.Warning, fmt.Sprintf(
		"job %q extends %q, which neither this file nor its local includes define%s: the file reads as part of a pipeline outside the scan (a file a .gitlab-ci.yml includes) and is not read on its own; scan the repository root so that it is read through its pipeline",
		first.key, missing[0], more)}
}
