package cron

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/schedule"
)

// Kind says how a file's lines are laid out.
type Kind int

// The kinds of cron file.
const (
	// System: /etc/crontab and /etc/cron.d/*, with a user field.
	System Kind = iota
	// User: a user's crontab (var/spool/cron/…/<user>), without one.
	User
	// Anacron: /etc/anacrontab: period, delay, job identifier, command.
	Anacron
)

// Entry is one job line of a cron file. Command and Stdin hold the text as
// written, secrets included: they are read here and masked before any of
// it leaves the connector.
type Entry struct {
	Line     int
	Schedule graph.Schedule
	User     string
	Command  string
	// Stdin is the text after the first unescaped %, with % as newlines.
	Stdin string
	// Env are the variables set above the entry, in file order.
	Env []Env
	// UnresolvedSchedule is the schedule as written when it holds a
	// template placeholder; Schedule is then empty.
	UnresolvedSchedule string
	// Anacron fields.
	Period, Delay, JobID string
}

// Env is a NAME=value line. The value is kept in memory only to look for
// credential use; it is never stored or emitted.
type Env struct {
	Name, value string
	Line        int
}

// Problem is something wrong on a line.
type Problem struct {
	Line     int
	Severity graph.Severity
	Msg      string
}

// File is a parsed cron file.
type File struct {
	Entries  []Entry
	Problems []Problem
}

var envLine = regexp.MustCompile(`^(?:"([^"]*)"|'([^']*)'|([A-Za-z_][A-Za-z0-9_.-]*))\s*=\s*(.*)$`)

// Parse reads a cron file of the given kind; user names the owner of a
// user crontab. It never fails: lines it cannot read become problems and
// the rest is read, as crond does.
func Parse(data []byte, kind Kind, user string) *File {
	f := &File{}
	var env []Env
	tz := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	n := 1
	for ; sc.Scan(); n++ {
		line := strings.TrimLeft(sc.Text(), " \t")
		line = strings.TrimRight(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		if !startsEntry(line, kind) {
			m := envLine.FindStringSubmatch(line)
			if m == nil {
				f.problem(n, graph.Error, "neither a job nor a NAME=value line; line skipped")
				continue
			}
			name := m[1] + m[2] + m[3]
			value := unquote(strings.TrimSpace(m[4]))
			if name == "CRON_TZ" || name == "TZ" {
				if _, err := schedule.Parse(graph.Schedule{Expr: "@daily", Dialect: graph.Cron, TimeZone: value}); err != nil {
					f.problem(n, graph.Error, fmt.Sprintf("%s: %v; the jobs below are read in the host's zone", name, err))
					value = ""
				}
				tz = value
			}
			// A later assignment replaces an earlier one, as in cron; the
			// list is copied so that entries above keep what they saw.
			env = slices.DeleteFunc(slices.Clone(env), func(v Env) bool { return v.Name == name })
			env = append(env, Env{Name: name, value: value, Line: n})
			continue
		}
		e, err := parseEntry(line, kind, user)
		if err != nil {
			f.problem(n, graph.Error, err.Error())
			continue
		}
		e.Line, e.Env = n, env[:len(env):len(env)]
		if kind != Anacron {
			e.Schedule.TimeZone = tz
			if s, err := schedule.Parse(e.Schedule); err != nil {
				if !s.Unresolved {
					f.problem(n, graph.Error, fmt.Sprintf("schedule: %v; job skipped, as crond skips it", err))
					continue
				}
				// A template's placeholder: the job is real, its timing
				// unknown until the file is installed.
				f.problem(n, graph.Warning, fmt.Sprintf("schedule %q holds a template placeholder; the job is kept without a schedule", e.Schedule.Expr))
				e.UnresolvedSchedule, e.Schedule = e.Schedule.Expr, graph.Schedule{}
			}
		}
		f.Entries = append(f.Entries, e)
	}
	switch err := sc.Err(); {
	case errors.Is(err, bufio.ErrTooLong):
		f.problem(n, graph.Error, "line longer than 1 MiB, which no crontab line is; it and the lines after it were not read: fix or exclude the file")
	case err != nil:
		f.problem(n, graph.Error, fmt.Sprintf("cannot read: %v", err))
	}
	return f
}

func (f *File) problem(line int, sev graph.Severity, msg string) {
	f.Problems = append(f.Problems, Problem{Line: line, Severity: sev, Msg: msg})
}

// startsEntry tells job lines from NAME=value lines as cronie does: a job
// starts with a schedule (digit, *, @, ~, or - before one), an anacron job
// with its period.
func startsEntry(line string, kind Kind) bool {
	c := line[0]
	if c == '-' && len(line) > 1 {
		c = line[1]
	}
	return c >= '0' && c <= '9' || c == '*' || c == '@' || c == '~'
}

// unquote drops matching quotes around a variable's value, as cron does.
func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// parseEntry splits a job line into schedule, user and command.
func parseEntry(line string, kind Kind, user string) (Entry, error) {
	var e Entry
	if kind == Anacron {
		f, rest := fields(line, 3)
		if len(f) < 3 || rest == "" {
			return e, fmt.Errorf("an anacrontab job takes period, delay, job identifier and command")
		}
		e.Period, e.Delay, e.JobID, e.User = f[0], f[1], f[2], "root"
		e.Command, e.Stdin = splitPercent(rest)
		e.Schedule = anacronSchedule(f[0])
		return e, nil
	}
	line = strings.TrimPrefix(line, "-")
	n := 5
	if strings.HasPrefix(line, "@") {
		n = 1
	}
	if kind == System {
		n++
	}
	f, rest := fields(line, n)
	if len(f) < n || rest == "" {
		what := "five schedule fields"
		if n == 1 || n == 2 {
			what = "a @ shorthand"
		}
		if kind == System {
			what += ", a user"
		}
		return e, fmt.Errorf("a job takes %s and a command; line skipped", what)
	}
	if kind == System {
		e.User = f[n-1]
		f = f[:n-1]
	} else {
		e.User = user
	}
	e.Schedule = graph.Schedule{Expr: strings.Join(f, " "), Dialect: graph.Cron}
	e.Command, e.Stdin = splitPercent(rest)
	return e, nil
}

// anacronSchedule maps an anacron period to the cron shorthand with the
// same period; other periods in days have no cron equivalent.
func anacronSchedule(period string) graph.Schedule {
	m := map[string]string{"1": "@daily", "@daily": "@daily", "7": "@weekly", "@weekly": "@weekly",
		"@monthly": "@monthly", "@yearly": "@yearly", "@annually": "@yearly"}
	if e, ok := m[period]; ok {
		return graph.Schedule{Expr: e, Dialect: graph.Cron}
	}
	return graph.Schedule{}
}

// fields returns the first n whitespace-separated fields and the rest of
// the line as written.
func fields(line string, n int) ([]string, string) {
	var out []string
	rest := line
	for len(out) < n {
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			break
		}
		i := strings.IndexAny(rest, " \t")
		if i < 0 {
			out, rest = append(out, rest), ""
			break
		}
		out, rest = append(out, rest[:i]), rest[i:]
	}
	return out, strings.TrimSpace(rest)
}

// splitPercent applies cron's % rule: the first unescaped % ends the
// command and the rest is its standard input, each further % a newline;
// \% is a literal %.
func splitPercent(s string) (cmd, stdin string) {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '%':
			sb.WriteByte('%')
			i++
		case s[i] == '%':
			return sb.String(), strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(s[i+1:], "\\%", "\x00"), "%", "\n"), "\x00", "%")
		default:
			sb.WriteByte(s[i])
		}
	}
	return sb.String(), ""
}
