package systemd

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// Setting is one Key=Value of a unit file, with the line it starts on.
type Setting struct {
	Section, Key, Value string
	Line                int
	// File is the file the setting was read from, set when a unit and its
	// drop-ins are merged.
	File string
}

// Problem is something wrong on a line of a unit file.
type Problem struct {
	Line int
	Msg  string
}

// Unit is a parsed unit file: its settings in file order.
type Unit struct {
	Settings []Setting
	Problems []Problem
}

// Parse reads a unit file as systemd.syntax(7) describes: [Section]
// headers, Key=Value lines, # and ; comments on their own lines, and a
// trailing backslash continuing a line (joined with a space; comment lines
// inside a continuation are skipped). It never fails: lines it cannot
// read become problems, as systemd logs and ignores them.
func Parse(data []byte) *Unit {
	u := &Unit{}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var cont strings.Builder
	contLine := 0
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(strings.TrimRight(sc.Text(), "\r"))
		if contLine > 0 {
			if line != "" && (line[0] == '#' || line[0] == ';') {
				continue
			}
			if body, more := strings.CutSuffix(line, "\\"); more {
				cont.WriteString(" " + strings.TrimSpace(body))
				continue
			}
			cont.WriteString(" " + line)
			u.setting(section, cont.String(), contLine)
			cont.Reset()
			contLine = 0
			continue
		}
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[':
			if !strings.HasSuffix(line, "]") {
				u.problem(n, fmt.Sprintf("section header %q has no closing ]", line))
				continue
			}
			section = line[1 : len(line)-1]
		default:
			if body, more := strings.CutSuffix(line, "\\"); more {
				cont.WriteString(strings.TrimSpace(body))
				contLine = n
				continue
			}
			u.setting(section, line, n)
		}
	}
	if contLine > 0 {
		u.setting(section, cont.String(), contLine)
	}
	return u
}

func (u *Unit) setting(section, line string, n int) {
	key, value, ok := strings.Cut(line, "=")
	if !ok {
		u.problem(n, fmt.Sprintf("%q is not Key=Value; line ignored, as systemd ignores it", truncate(line)))
		return
	}
	if section == "" {
		u.problem(n, "setting before any [Section]; line ignored, as systemd ignores it")
		return
	}
	u.Settings = append(u.Settings, Setting{Section: section, Key: strings.TrimSpace(key), Value: strings.TrimSpace(value), Line: n})
}

func (u *Unit) problem(n int, msg string) {
	u.Problems = append(u.Problems, Problem{Line: n, Msg: msg})
}

// truncate shortens a line quoted in a message; unit lines can hold
// secrets, so only the start is shown.
func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// SetFile records file on every setting.
func (u *Unit) SetFile(file string) {
	for i := range u.Settings {
		u.Settings[i].File = file
	}
}

// Values returns the settings of section.key in order, applying systemd's
// rule that an empty assignment resets the list built so far.
func (u *Unit) Values(section, key string) []Setting {
	var out []Setting
	for _, s := range u.Settings {
		if s.Section != section || s.Key != key {
			continue
		}
		if s.Value == "" {
			out = nil
			continue
		}
		out = append(out, s)
	}
	return out
}

// Last returns the last setting of section.key, for single-valued keys.
func (u *Unit) Last(section, key string) (Setting, bool) {
	vs := u.Values(section, key)
	if len(vs) == 0 {
		return Setting{}, false
	}
	return vs[len(vs)-1], true
}

// words splits a systemd value into words: whitespace-separated, with
// double or single quotes grouping and backslash escapes, as
// Environment= and ExecStart= are read.
func words(s string) []string {
	var out []string
	var sb strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote, in = c, true
		case c == '\\' && i+1 < len(s):
			i++
			sb.WriteByte(s[i])
			in = true
		case quote == 0 && (c == ' ' || c == '\t'):
			if in {
				out = append(out, sb.String())
				sb.Reset()
				in = false
			}
		default:
			sb.WriteByte(c)
			in = true
		}
	}
	if in {
		out = append(out, sb.String())
	}
	return out
}
