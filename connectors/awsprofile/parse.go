package awsprofile

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// Profile is one profile of an AWS shared config or credentials file.
// Settings never holds a secret: aws_secret_access_key and
// aws_session_token are recorded only as present.
type Profile struct {
	Name string
	Line int
	// Settings are the profile's keys (lower case) and values, secrets
	// left out.
	Settings map[string]string
	// Lines are the line of each setting.
	Lines map[string]int
	// HasSecret is true when the profile holds a static secret key or
	// session token.
	HasSecret bool
}

// Problem is something wrong on a line.
type Problem struct {
	Line int
	Msg  string
}

// secretKeys are read as present, never as values.
var secretKeys = map[string]bool{"aws_secret_access_key": true, "aws_session_token": true, "aws_security_token": true}

// Parse reads an AWS shared config file (credentials is true for the
// credentials file, whose sections are bare profile names; in config they
// are "profile NAME" or "default"). Indented lines are sub-settings (s3 =
// …) and skipped; sso-session and services sections are skipped.
func Parse(data []byte, credentials bool) ([]Profile, []Problem) {
	var out []Profile
	var probs []Problem
	var cur *Profile
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		raw := strings.TrimRight(sc.Text(), "\r")
		line := strings.TrimSpace(raw)
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[':
			end := strings.IndexByte(line, ']')
			if end < 0 {
				probs = append(probs, Problem{n, fmt.Sprintf("section header %q has no closing ]; section skipped", line)})
				cur = nil
				continue
			}
			name, ok := profileName(strings.TrimSpace(line[1:end]), credentials)
			cur = nil
			if ok {
				out = append(out, Profile{Name: name, Line: n, Settings: map[string]string{}, Lines: map[string]int{}})
				cur = &out[len(out)-1]
			}
		case raw[0] == ' ' || raw[0] == '\t':
			// a sub-setting of a nested key such as s3 =
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				probs = append(probs, Problem{n, "not key = value; line skipped"})
				continue
			}
			if cur == nil {
				continue
			}
			k = strings.ToLower(strings.TrimSpace(k))
			v = strings.TrimSpace(v)
			if secretKeys[k] {
				cur.HasSecret = cur.HasSecret || v != ""
				continue
			}
			cur.Settings[k], cur.Lines[k] = v, n
		}
	}
	return out, probs
}

// profileName reads a section header.
func profileName(h string, credentials bool) (string, bool) {
	if credentials {
		return strings.TrimPrefix(h, "profile "), h != ""
	}
	if h == "default" {
		return h, true
	}
	if name, ok := strings.CutPrefix(h, "profile "); ok {
		return strings.TrimSpace(name), strings.TrimSpace(name) != ""
	}
	return "", false
}
