package shellcmd

import (
	"path"
	"slices"
	"strings"
)

// glue are commands that prepare or guard a job rather than being it: a
// job line `cd / && test -x /usr/sbin/anacron || run-parts …` runs
// run-parts.
var glue = []string{"cd", "test", "[", "[[", "]", "]]", "true", "false", ":", "set", "umask", "sleep",
	"fi", "done", "esac", "}", "ulimit", "trap", "shift", "wait", "echo", "printf",
	"export", "declare", "typeset", "local", "readonly", "unset", "alias", "builtin"}

// keywords open a compound command; the program follows them.
var keywords = []string{"if", "then", "else", "elif", "while", "until", "do", "{", "!"}

// valueOptions are wrapper options whose value is the next word (sudo -u
// app, runuser -u app).
var valueOptions = []string{"-u", "-g", "-n", "-w", "-k", "-s", "-C", "-D", "-o", "-p"}

// Program returns the program a command line runs, for naming the job
// that runs it: the base name of the first program that is neither a
// wrapper (sudo, nice, flock …), nor glue (cd, test, echo …), nor a sourced
// file, with leading assignments skipped. Without one it returns the first
// program met, and "" for an empty line. Only characters safe in an ID are
// kept.
func Program(text string) string {
	cmds, _ := lex(text)
	first := ""
	for _, ws := range cmds {
		name, isGlue := programOf(ws)
		if name == "" {
			continue
		}
		if first == "" {
			first = name
		}
		if !isGlue {
			return name
		}
	}
	return first
}

// programOf returns the base name of one simple command's program and
// whether it is glue.
func programOf(ws []word) (string, bool) {
	i, isGlue := programAt(ws)
	if i < 0 {
		return "", false
	}
	return clean(path.Base(ws[i].text)), isGlue
}

// programIndex returns the index in ws of the program one simple command
// runs, past assignments, keywords and wrappers; -1 when there is none.
func programIndex(ws []word) int {
	i, _ := programAt(ws)
	return i
}

// programAt finds the program of one simple command: its index in ws (-1
// for none) and whether it is glue.
func programAt(ws []word) (int, bool) {
	wrapped := false
	for i := 0; i < len(ws); i++ {
		t := ws[i].text
		switch {
		case assignment.MatchString(t), slices.Contains(keywords, t):
			continue
		case wrapped && slices.Contains(valueOptions, t):
			i++
			continue
		case wrapped && (strings.HasPrefix(t, "-") || isNumber(t)):
			// A wrapper's options and arguments (nice -n 10, timeout 5m,
			// flock -n /run/lock): approximate, but enough to reach the
			// program.
			continue
		case wrapped && strings.HasPrefix(t, "/run/") || wrapped && strings.HasSuffix(t, ".lock"):
			continue
		}
		base := path.Base(t)
		if slices.Contains(wrappers, base) {
			wrapped = true
			continue
		}
		if base == "." || base == "source" || slices.Contains(glue, base) {
			return i, true
		}
		if clean(base) != "" {
			return i, false
		}
	}
	return -1, false
}

func isNumber(s string) bool {
	s = strings.TrimRight(s, "smhd")
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// clean keeps the characters of name that are safe in a node ID.
func clean(name string) string {
	var sb strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("._+-", r):
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
