package gitlabci

import (
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// flatten lists the items of a list whose items may be !reference tags
// naming further lists (rules: [!reference [.rules, nightly], ...]), or
// nested lists, as GitLab flattens them (at most 10 levels deep).
func (p *pipeline) flatten(list *yaml.Node, depth int) []*yaml.Node {
	var out []*yaml.Node
	for _, it := range list.Content {
		it = p.value(it)
		switch {
		case it == nil:
		case it.Kind == yaml.SequenceNode && depth < 10:
			out = append(out, p.flatten(it, depth+1)...)
		case it.Kind != yaml.SequenceNode:
			out = append(out, it)
		}
	}
	return out
}

var (
	branchEq = regexp.MustCompile(`\$(?:CI_COMMIT_BRANCH|CI_COMMIT_REF_NAME)\s*==\s*["']([^"']+)["']`)
	tagRef   = regexp.MustCompile(`\$CI_COMMIT_TAG\b(\s*(==|=~|!=)|\s*$|\s*&&|\s*\|\|)`)
	schedEq  = regexp.MustCompile(`\$CI_PIPELINE_SOURCE\s*==\s*["']schedule["']`)
)

// refsOf works out which refs a job runs on, from rules: if: clauses and
// only:. A rule that names no ref (or a when: never rule) leaves the ref
// open; refs listed only by a regular expression stay open too.
func (p *pipeline) refsOf(j *job, rules, only *yaml.Node) {
	open := true
	if rules != nil && rules.Kind == yaml.SequenceNode {
		open = false
		for _, r := range p.flatten(rules, 0) {
			if str(p.get(r, "when")) == "never" {
				continue
			}
			cond := str(p.get(r, "if"))
			if schedEq.MatchString(cond) && j.schedule == 0 {
				j.schedule = p.get(r, "if").Line
			}
			ms := branchEq.FindAllStringSubmatch(cond, -1)
			for _, m := range ms {
				if !slices.Contains(j.branches, m[1]) {
					j.branches = append(j.branches, m[1])
				}
			}
			if tagRef.MatchString(cond) && !strings.Contains(cond, "$CI_COMMIT_TAG ==") {
				j.tags = true
			}
			if len(ms) == 0 && !tagRef.MatchString(cond) {
				open = true
			}
		}
	}
	if only != nil {
		list := only
		if only.Kind == yaml.MappingNode {
			list = p.get(only, "refs")
		}
		open = false
		for _, r := range p.strList(list) {
			switch {
			case r == "schedules":
				if j.schedule == 0 {
					j.schedule = only.Line
				}
				open = true
			case r == "tags":
				j.tags = true
			case r == "branches" || strings.HasPrefix(r, "/") || r == "pushes" || r == "web" || r == "api" || r == "triggers" || r == "pipelines":
				open = true
			case r == "merge_requests" || r == "external_pull_requests":
				open = true
			default:
				if !slices.Contains(j.branches, r) {
					j.branches = append(j.branches, r)
				}
			}
		}
	}
	j.anyRef = open || (len(j.branches) == 0 && !j.tags)
}
