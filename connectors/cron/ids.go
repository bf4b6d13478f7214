package cron

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
)

// jobKeys names each job of one file by what it runs, never by its line, so
// that a job keeps its ID when comment lines are added above it, when the
// file is reordered and when its schedule changes (docs/ids.md):
//
//   - an anacrontab job by its job identifier, which anacron itself keys
//     its timestamps on;
//   - any other job by user and program (user:program; program alone in a
//     user's crontab, whose user the file names);
//   - jobs of one file sharing user and program but running different
//     command lines by user:program@<label>, the label being the first word
//     of each command that no other of them holds (run-parts@cron.daily),
//     else 8 hex digits of the command's hash;
//   - identical repeats by an ordinal from the second on (~2, ~3), so the
//     first keeps its ID when a repeat is added.
//
// masked holds each entry's command with secret values masked, so that no
// key depends on a secret.
func jobKeys(entries []Entry, masked []string, kind Kind) []string {
	keys := make([]string, len(entries))
	base := make([]string, len(entries))
	commands := map[string]map[string]bool{} // base key -> distinct commands
	for i, en := range entries {
		switch {
		case kind == Anacron && en.JobID != "":
			base[i] = sanitize(en.JobID)
		default:
			prog := shellcmd.Program(masked[i])
			if prog == "" {
				prog = "job"
			}
			if kind == System {
				prog = sanitize(en.User) + ":" + prog
			}
			base[i] = prog
		}
		if isDigits(base[i]) {
			// A bare number would read as a line number.
			base[i] = "job-" + base[i]
		}
		if commands[base[i]] == nil {
			commands[base[i]] = map[string]bool{}
		}
		commands[base[i]][normalize(masked[i])] = true
	}
	labels := map[string]map[string]string{} // base key -> command -> label
	for k, cmds := range commands {
		if len(cmds) > 1 {
			labels[k] = distinguish(cmds)
		}
	}
	seen := map[string]int{}
	for i := range entries {
		k := base[i]
		if l, ok := labels[k]; ok {
			k += "@" + l[normalize(masked[i])]
		}
		seen[k]++
		if n := seen[k]; n > 1 {
			k += "~" + strconv.Itoa(n)
		}
		keys[i] = k
	}
	return keys
}

// normalize folds runs of blanks, so that re-indenting a command keeps its
// hash.
func normalize(cmd string) string { return strings.Join(strings.Fields(cmd), " ") }

func commandHash(cmd string) string {
	sum := sha256.Sum256([]byte(cmd))
	return hex.EncodeToString(sum[:4])
}

// sanitize keeps the characters of s that read well in an ID.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == '#' || r == '/' || r == '~' || r == '@' {
			return '_'
		}
		return r
	}, s)
}

// distinguish labels each of several distinct commands by the first word
// no other holds, reduced to its base name; when a command has no such word
// or two labels meet, every command is labelled by its hash instead.
func distinguish(cmds map[string]bool) map[string]string {
	count := map[string]int{}
	for c := range cmds {
		for w := range wordSet(c) {
			count[w]++
		}
	}
	out := map[string]string{}
	used := map[string]bool{}
	for c := range cmds {
		label := ""
		for _, w := range strings.Fields(c) {
			if count[w] == 1 {
				label = labelOf(w)
				if label != "" {
					break
				}
			}
		}
		if label == "" || used[label] {
			return hashes(cmds)
		}
		used[label], out[c] = true, label
	}
	return out
}

func hashes(cmds map[string]bool) map[string]string {
	out := map[string]string{}
	for c := range cmds {
		out[c] = commandHash(c)
	}
	return out
}

func wordSet(c string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(c) {
		m[w] = true
	}
	return m
}

// labelOf reduces a word to its last path element, in characters safe in
// an ID, at most 40 of them.
func labelOf(w string) string {
	w = strings.TrimRight(w, ";&|)}/")
	if i := strings.LastIndexByte(w, '/'); i >= 0 {
		w = w[i+1:]
	}
	w = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._+-=:", r) {
			return r
		}
		return -1
	}, w)
	if len(w) > 40 {
		w = w[:40]
	}
	return w
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
