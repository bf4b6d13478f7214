package systemd

import (
	"path"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/schedule"
)

// emitter writes the nodes and edges of one unit, merged from its file
// and drop-ins.
type emitter struct {
	b   *graph.Builder
	ref unitRef
	all []unitRef
	// files are the unit file and drop-ins merged, in order, as the scan
	// names them; dropIns the drop-ins' paths on the host.
	files, dropIns []string
}

// ev is the evidence of a setting, in the file it was read from.
func (e *emitter) ev(s Setting) []graph.Evidence {
	file := s.File
	if file == "" {
		file = e.ref.file
	}
	return []graph.Evidence{{Connector: Name, Source: file, Line: s.Line, Basis: graph.Declared}}
}

// fileEv is the evidence of the unit as a whole: each file it was read from.
func (e *emitter) fileEv() []graph.Evidence {
	files := e.files
	if len(files) == 0 {
		files = []string{e.ref.file}
	}
	var out []graph.Evidence
	for _, f := range files {
		out = append(out, graph.Evidence{Connector: Name, Source: f, Basis: graph.Declared})
	}
	return out
}

func (e *emitter) diag(s Setting, sev graph.Severity, msg string) {
	file := s.File
	if file == "" {
		file = e.ref.file
	}
	e.b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Line: s.Line, Severity: sev, Message: msg})
}

// emit writes the unit, its host and what it depends on.
func (e *emitter) emit(u *Unit) {
	h := e.ref.host
	e.b.AddNode(graph.Node{ID: h.ID(), Kind: graph.Location, Type: graph.TypeHost, Name: h.Name,
		Attrs: map[string]string{"name_source": h.NameSource}, Evidence: e.fileEv()})
	id := h.NodeID(e.ref.unit)
	name := unitName(e.ref.unit)
	n := graph.Node{ID: id, Kind: graph.Workload, Name: name, Attrs: map[string]string{}, Evidence: e.fileEv()}
	if len(e.dropIns) > 0 {
		n.Attrs["drop_ins"] = graph.EncodeList(e.dropIns)
	}
	if d, ok := u.Last("Unit", "Description"); ok {
		n.Attrs["description"] = d.Value
	}
	if strings.HasSuffix(name, ".timer") {
		n.Type = graph.TypeSystemdTimer
		e.timer(u, &n)
	} else {
		n.Type = graph.TypeSystemdService
		e.service(u, &n)
	}
	e.b.AddNode(n)
	e.b.AddEdge(graph.Edge{From: id, To: h.ID(), Kind: graph.PartOf, Evidence: e.fileEv()})
}

// timerKeys are the [Timer] settings kept as attributes.
var timerKeys = map[string]string{"OnBootSec": "on_boot_sec", "OnStartupSec": "on_startup_sec",
	"OnActiveSec": "on_active_sec", "OnUnitActiveSec": "on_unit_active_sec", "OnUnitInactiveSec": "on_unit_inactive_sec",
	"Persistent": "persistent", "RandomizedDelaySec": "randomized_delay_sec", "AccuracySec": "accuracy_sec"}

// timer reads [Timer]: the OnCalendar= union as one systemd schedule, the
// monotonic settings as attributes, and the unit it starts.
func (e *emitter) timer(u *Unit, n *graph.Node) {
	for k, a := range timerKeys {
		if s, ok := u.Last("Timer", k); ok {
			n.Attrs[a] = s.Value
		}
	}
	var exprs []string
	for _, s := range u.Values("Timer", "OnCalendar") {
		if templated.MatchString(s.Value) {
			graph.AppendList(n.Attrs, "unresolved", s.Value)
			continue
		}
		if _, err := schedule.Parse(graph.Schedule{Expr: s.Value, Dialect: graph.Systemd}); err != nil {
			e.diag(s, graph.Error, "OnCalendar: "+err.Error()+"; this calendar is skipped, as systemd skips it")
			continue
		}
		exprs = append(exprs, s.Value)
	}
	if len(exprs) > 0 {
		n.Schedule = &graph.Schedule{Expr: strings.Join(exprs, "\n"), Dialect: graph.Systemd}
	}
	target := strings.TrimSuffix(unitName(e.ref.unit), ".timer") + ".service"
	ev := e.fileEv()
	if s, ok := u.Last("Timer", "Unit"); ok {
		target, ev = s.Value, e.ev(s)
	}
	n.Attrs["unit"] = target
	if templated.MatchString(target) {
		graph.AppendList(n.Attrs, "unresolved", target)
		return
	}
	to := e.find(target)
	e.b.AddNode(graph.Node{ID: to, Kind: graph.Workload, Type: unitType(target), Name: target, Evidence: ev})
	e.b.AddEdge(graph.Edge{From: n.ID, To: to, Kind: graph.Triggers, Evidence: slices.Clone(ev)})
}

func unitType(name string) string {
	if strings.HasSuffix(name, ".timer") {
		return "systemd-timer"
	}
	return "systemd-service"
}

// find returns the ID of the unit named name on the same host: a routed
// file with that name (the timer's own folder first, then the others in
// systemd's order of precedence), else the timer's folder.
func (e *emitter) find(name string) string {
	h := e.ref.host
	dir := path.Dir(e.ref.unit)
	best := ""
	for _, r := range e.all {
		if r.host != h || r.unit != r.onHost || unitName(r.onHost) != name {
			continue
		}
		if path.Dir(r.onHost) == dir {
			return h.NodeID(r.onHost)
		}
		if best == "" || precedence(r.onHost) < precedence(best) {
			best = r.onHost
		}
	}
	if best != "" {
		return h.NodeID(best)
	}
	return h.NodeID(path.Join(dir, name))
}

// precedence orders unit folders as systemd searches them.
func precedence(onHost string) int {
	for i, p := range []string{"/etc/systemd/system/", "/run/systemd/system/", "/usr/local/lib/systemd/system/", "/usr/lib/systemd/system/", "/lib/systemd/system/"} {
		if strings.HasPrefix(onHost, p) {
			return i
		}
	}
	return 9
}
