package drift

import (
	"strconv"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Detail is one fact that tells a person what a node is.
type Detail struct {
	Field string
	Value string
}

// describedAttrs are the attributes that say what a node runs and where,
// in the order a reader wants them: the command or program, the image,
// the user it runs as, the file or path it stands for, its repository.
var describedAttrs = []string{"command", "exec_start", "images", "image", "user", "service_account", "path", "repository", "workflow", "run_parts", "anacron_job"}

// listDescribed are the described attributes that hold lists (a JSON
// array: systemd's command lines, a workload's images), shown one after
// another.
var listDescribed = map[string]bool{"exec_start": true, "images": true}

// maxDetail bounds a detail's length: a drift line names a node, it does
// not dump it.
const maxDetail = 160

// Describe returns what identifies a node to a person: its name when the
// ID does not end with it, its schedule, the attributes that say what it
// runs and where (describedAttrs), and the file it was found in. Drift
// lists these beside each added or removed node, so that a job whose ID is
// host:batch-01/etc/cron.d/backup#root:aws reads as the command and
// schedule it is.
func Describe(n graph.Node) []Detail {
	var ds []Detail
	add := func(field, v string) {
		v = strings.TrimSpace(v)
		if v == "" {
			return
		}
		if len(v) > maxDetail {
			v = v[:maxDetail] + "…"
		}
		ds = append(ds, Detail{Field: field, Value: v})
	}
	if n.Name != "" && !strings.HasSuffix(n.ID, n.Name) {
		add("name", n.Name)
	}
	add("schedule", scheduleString(n.Schedule))
	for _, k := range describedAttrs {
		v := n.Attrs[k]
		if listDescribed[k] {
			v = strings.Join(graph.DecodeList(v), "; ")
		}
		add(k, v)
	}
	if f := foundIn(n); f != "" {
		add("file", f)
	}
	return ds
}

// foundIn is the first file the node was found in, with its line, as the
// scan named it: evidence, unlike attributes, keeps the scan's own paths.
func foundIn(n graph.Node) string {
	for _, ev := range n.Evidence {
		if ev.Source == "" {
			continue
		}
		if ev.Line > 0 {
			return ev.Source + ":" + strconv.Itoa(ev.Line)
		}
		return ev.Source
	}
	return ""
}
