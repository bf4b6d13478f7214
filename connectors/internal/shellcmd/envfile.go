package shellcmd

import (
	"bufio"
	"bytes"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/secretlit"
)

// EnvVar is a variable an env file sets: its name and line, never its
// value.
type EnvVar struct {
	Name string
	Line int
	// Credential is true when the name says it holds a credential or an
	// access key's ID (secretlit.CredentialName).
	Credential bool
}

// EnvFile lists the variables an env file sets (systemd EnvironmentFile=,
// shell files with or without export), in file order. Values are skipped
// as they are read and never returned.
func EnvFile(data []byte) []EnvVar {
	var out []EnvVar
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line, cont := 0, false
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		wasCont := cont
		cont = strings.HasSuffix(text, "\\")
		if wasCont || text == "" || text[0] == '#' || text[0] == ';' {
			continue
		}
		text = strings.TrimPrefix(text, "export ")
		name, _, ok := strings.Cut(text, "=")
		name = strings.TrimSpace(name)
		if !ok || !assignment.MatchString(name+"=") {
			continue
		}
		out = append(out, EnvVar{Name: name, Line: line, Credential: secretlit.CredentialName(name)})
	}
	return out
}
