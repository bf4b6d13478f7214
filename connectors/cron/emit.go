package cron

import (
	"path"
	"regexp"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/graph"
)

// emitter writes the nodes and edges of one cron file.
type emitter struct {
	b      *graph.Builder
	host   shellcmd.Host
	file   string
	onHost string
}

func (e *emitter) ev(line int) []graph.Evidence {
	return []graph.Evidence{{Connector: Name, Source: e.file, Line: line, Basis: graph.Declared}}
}

// hostNode reports the host the file is on.
func (e *emitter) hostNode() {
	e.b.AddNode(graph.Node{ID: e.host.ID(), Kind: graph.Location, Type: graph.TypeHost, Name: e.host.Name,
		Attrs: map[string]string{"name_source": e.host.NameSource}, Evidence: e.ev(0)})
}

// entry emits one job line; key names it within its file (jobKeys), masked
// and cmdFacts are its command read by shellcmd.ScanMasked.
func (e *emitter) entry(en Entry, key, masked string, cmdFacts []shellcmd.Fact) {
	e.hostNode()
	id := e.host.NodeID(e.onHost + "#" + key)
	sink := shellcmd.Sink{B: e.b, Attrs: map[string]string{}}
	c := shellcmd.Consumer{ID: id, Host: e.host, User: en.User, Connector: Name, Source: e.file}

	var facts []shellcmd.Fact
	var names []string
	attrs := sink.Attrs
	for _, v := range en.Env {
		names = append(names, v.Name)
		if v.Name == "MAILTO" {
			if to := mailTo(v.envValue()); to != "" {
				attrs["mailto"] = to
			}
		}
		// An inline secret is recorded at the line that writes it; the
		// rest applies to the job, at its line.
		envFacts, secrets := shellcmd.SplitSecrets(shellcmd.Scan(v.Name + "=" + shellQuote(v.envValue())))
		facts = append(facts, envFacts...)
		sink.Emit(c, secrets, v.Line)
	}
	facts = append(facts, cmdFacts...)
	if en.Stdin != "" {
		// Text fed on standard input (cron's %) is often a password for a
		// prompt: only its fingerprint is kept. When the command reads a
		// secret there (docker login --password-stdin, chpasswd), the
		// input is an inline secret, recorded at the job's line.
		attrs["stdin"] = shellcmd.Fingerprint(en.Stdin)
		if r := shellcmd.StdinSecret(en.Command); r != "" {
			facts = append(facts, shellcmd.Fact{Kind: shellcmd.InlineSecret, Name: "stdin: " + r, Fingerprint: attrs["stdin"]})
		}
	}
	sink.Emit(c, facts, en.Line)

	attrs["command"] = masked
	attrs["user"] = en.User
	if len(names) > 0 {
		attrs["env"] = graph.EncodeList(names)
	}
	if en.JobID != "" {
		attrs["anacron_job"], attrs["anacron_period"], attrs["anacron_delay_minutes"] = en.JobID, en.Period, en.Delay
	}
	if en.UnresolvedSchedule != "" {
		attrs["schedule_unresolved"] = en.UnresolvedSchedule
	}
	if templated.MatchString(en.Command) || templated.MatchString(en.User) {
		attrs["unresolved"] = graph.EncodeList(templated.FindAllString(en.Command+" "+en.User, -1))
	}
	n := graph.Node{ID: id, Kind: graph.Workload, Type: graph.TypeCronJob, Name: path.Base(e.onHost) + "#" + key,
		Attrs: attrs, Evidence: e.ev(en.Line)}
	if en.Schedule.Expr != "" {
		s := en.Schedule
		n.Schedule = &s
	}
	e.b.AddNode(n)
	e.b.AddEdge(graph.Edge{From: id, To: e.host.ID(), Kind: graph.PartOf, Evidence: e.ev(en.Line)})
}

// runPartsSchedule is when each run-parts folder runs on a default host:
// the cron shorthand of its period (the exact time is set by the crontab
// or anacrontab line that calls run-parts).
var runPartsSchedule = map[string]string{"hourly": "@hourly", "daily": "@daily", "weekly": "@weekly", "monthly": "@monthly"}

// script emits a run-parts script as a job of its folder's period, and
// scans its text for credential use.
func (e *emitter) script(data []byte, period string) {
	e.hostNode()
	id := e.host.NodeID(e.onHost)
	text := string(data)
	sink := shellcmd.Sink{B: e.b, Attrs: map[string]string{}}
	c := shellcmd.Consumer{ID: id, Host: e.host, User: "root", Connector: Name, Source: e.file}
	facts := shellcmd.DropShadowedDefaults(shellcmd.Scan(text))
	// Each fact is evidenced at its own line of the script.
	byLine := map[int][]shellcmd.Fact{}
	var lines []int
	for _, f := range facts {
		l := shellcmd.LineOf(text, f.Pos)
		if _, ok := byLine[l]; !ok {
			lines = append(lines, l)
		}
		byLine[l] = append(byLine[l], f)
	}
	for _, l := range lines {
		sink.Emit(c, byLine[l], l)
	}
	attrs := sink.Attrs
	attrs["user"] = "root"
	attrs["command"] = e.onHost
	attrs["run_parts"] = "/etc/cron." + period
	e.b.AddNode(graph.Node{ID: id, Kind: graph.Workload, Type: graph.TypeCronJob, Name: path.Base(e.onHost), Attrs: attrs,
		Schedule: &graph.Schedule{Expr: runPartsSchedule[period], Dialect: graph.Cron}, Evidence: e.ev(0)})
	e.b.AddEdge(graph.Edge{From: id, To: e.host.ID(), Kind: graph.PartOf, Evidence: e.ev(0)})
}

// mailTo returns the addresses of a MAILTO value, comma-separated, for the
// attribute "mailto": whoever receives a job's output is an owner hint
// (internal/link). Only e-mail addresses and local mailbox names are kept,
// so that nothing else a MAILTO line might hold is ever stored.
func mailTo(v string) string {
	var out []string
	for _, a := range strings.Split(v, ",") {
		a = strings.TrimSpace(a)
		// "Ops Team <ops@example.com>": the address.
		if i, j := strings.LastIndexByte(a, '<'), strings.LastIndexByte(a, '>'); i >= 0 && j == len(a)-1 {
			a = a[i+1 : j]
		}
		if mailbox.MatchString(a) {
			out = append(out, a)
		}
	}
	return strings.Join(out, ",")
}

var mailbox = regexp.MustCompile(`^[A-Za-z0-9._%+-]+(@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)?$`)

// envValue is the variable's value, for scanning only.
func (v Env) envValue() string { return v.value }

// shellQuote quotes v for the shell reader, since cron does not expand or
// split variable values.
func shellQuote(v string) string {
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}
