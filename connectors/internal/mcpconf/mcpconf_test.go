package mcpconf

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		want     *Config
	}{
		{"mcpServers", `{"mcpServers": {"gh": {"command": "npx", "args": ["-y", "pkg"], "env": {"B": "2", "A": "1"}}}}`,
			&Config{Layout: "mcpServers", Servers: []Server{{Name: "gh", Line: 1, Command: Value{"npx", 1},
				Args: []Value{{"-y", 1}, {"pkg", 1}}, Env: []Pair{{"A", "1", 1}, {"B", "2", 1}}}}}},
		{"vscode jsonc", "{\n // a comment\n \"inputs\": [{\"id\": \"k\", \"type\": \"promptString\", \"password\": true},],\n \"servers\": {\"s\": {\"type\": \"http\", \"url\": \"https://x\", \"headers\": {\"Authorization\": \"Bearer ${input:k}\"},},},\n}",
			&Config{Layout: "servers", Inputs: []Input{{ID: "k", Type: "promptString", Password: true, Line: 3}},
				Servers: []Server{{Name: "s", Line: 4, Type: "http", URL: Value{"https://x", 4}, Headers: []Pair{{"Authorization", "Bearer ${input:k}", 4}}}}}},
		{"vscode settings", `{"mcp": {"servers": {"s": {"command": "node"}}}}`,
			&Config{Layout: "mcp.servers", Servers: []Server{{Name: "s", Line: 1, Command: Value{"node", 1}}}}},
		{"bare plugin map", `{"sentry": {"type": "http", "url": "https://mcp.sentry.dev/mcp"}}`,
			&Config{Layout: "bare", Servers: []Server{{Name: "sentry", Line: 1, Type: "http", URL: Value{"https://mcp.sentry.dev/mcp", 1}}}}},
		{"no servers", `{"$schema": "x"}`, &Config{Warnings: []Warning{{Line: 1, Msg: "no mcpServers or servers map"}}}},
		{"bad server", "{\"mcpServers\": {\n\"a\": 3}}", &Config{Layout: "mcpServers", Warnings: []Warning{{Line: 2, Msg: `server "a" is not an object; skipped`}}}},
		{"opencode command list", `{"mcpServers": {"o": {"type": "local", "command": ["bunx", "pkg"], "enabled": false}}}`,
			&Config{Layout: "mcpServers", Servers: []Server{{Name: "o", Line: 1, Type: "local", Command: Value{"bunx", 1}, Args: []Value{{"pkg", 1}}, Disabled: true}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		line int
	}{
		{"{\n\"mcpServers\": {\n\"a\": {\"command\": }\n}}", 3},
		{"[1, 2]", 1},
		{"", 1},
		{"\xef\xbb\xbf{\"mcpServers\": {}", 1},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.in))
		pe, ok := err.(*ParseError)
		if !ok {
			t.Errorf("Parse(%q) = %v, want a ParseError", tt.in, err)
			continue
		}
		if pe.Line != tt.line || pe.Msg == "" {
			t.Errorf("Parse(%q) error at line %d (%q), want line %d", tt.in, pe.Line, pe.Msg, tt.line)
		}
	}
}

func TestTransport(t *testing.T) {
	tests := []struct {
		s    Server
		want string
	}{
		{Server{Command: Value{Val: "npx"}}, "stdio"},
		{Server{URL: Value{Val: "https://x/sse"}}, "sse"},
		{Server{URL: Value{Val: "https://x/mcp"}}, "http"},
		{Server{Type: "streamable-http", URL: Value{Val: "https://x/sse"}}, "http"},
		{Server{Type: "local"}, "stdio"},
	}
	for _, tt := range tests {
		if got := tt.s.Transport(); got != tt.want {
			t.Errorf("%+v.Transport() = %s, want %s", tt.s, got, tt.want)
		}
	}
}

// FuzzParse: any input parses or fails with a ParseError that has a line;
// servers and inputs have lines.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"mcpServers": {"a": {"command": "npx", "args": ["x"], "env": {"K": "v"}}}}`))
	f.Add([]byte("{\"servers\": {\"s\": {\"url\": \"u\",},}, \"inputs\": [{\"id\": \"i\", \"password\": true}] // c\n}"))
	f.Add([]byte(`{"mcp": {"servers": {}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			if pe, ok := err.(*ParseError); !ok || pe.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for _, s := range c.Servers {
			if s.Line < 1 {
				t.Fatalf("server %q without a line", s.Name)
			}
		}
	})
}
