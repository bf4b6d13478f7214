// Package mcpconf reads Model Context Protocol (MCP) client configuration:
// the JSON, or JSON with comments and trailing commas (VS Code's JSONC),
// that tells an editor, a desktop app or a coding agent which MCP servers
// to start or reach and what to give them. It knows the documented layouts:
// a "mcpServers" map (Claude Code's .mcp.json, Claude Desktop, Cursor,
// Windsurf, Gemini CLI, Cline, Roo, Amazon Q), VS Code's "servers" map with
// its "inputs", the same under a "mcp" key (VS Code user settings) and a
// bare server map (a Claude Code plugin's .mcp.json).
//
// It returns what the file says, with lines, and interprets nothing: the
// connectors decide what a value means. It is shared by the MCP connector
// and by the CI connectors that find an MCP configuration inside a
// workflow.
package mcpconf

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/tailscale/hujson"
)

// Config is one configuration file's servers and inputs.
type Config struct {
	// Layout names the map the servers came from: "mcpServers",
	// "servers", "mcp.servers" or "bare".
	Layout  string
	Servers []Server
	Inputs  []Input
	// Warnings are problems that did not stop the file.
	Warnings []Warning
}

// Server is one entry of the server map.
type Server struct {
	Name string
	Line int
	// Type is the transport as written ("stdio", "http", "sse",
	// "streamable-http", "local", "remote"), empty when the file does not
	// say.
	Type     string
	Command  Value
	Args     []Value
	Env      []Pair
	EnvFile  Value
	URL      Value
	Headers  []Pair
	Cwd      Value
	Disabled bool
}

// Transport is "stdio" for a server the client starts, "http" or "sse" for
// one it reaches over the network.
func (s Server) Transport() string {
	switch strings.ToLower(s.Type) {
	case "sse":
		return "sse"
	case "http", "streamable-http", "streamablehttp", "remote":
		return "http"
	case "stdio", "local":
		return "stdio"
	}
	if s.URL.Val != "" && s.Command.Val == "" {
		if strings.HasSuffix(strings.TrimRight(s.URL.Val, "/"), "/sse") {
			return "sse"
		}
		return "http"
	}
	return "stdio"
}

// Value is a string value and the line it is on.
type Value struct {
	Val  string
	Line int
}

// Pair is one key of an env or headers map.
type Pair struct {
	Key, Val string
	Line     int
}

// Input is one of VS Code's inputs: a value the editor asks for when the
// server starts. Password inputs are typed without echo.
type Input struct {
	ID, Type, Description string
	Password              bool
	Line                  int
}

// Warning is a problem worth a diagnostic.
type Warning struct {
	Line int
	Msg  string
}

// ParseError is a file that is not JSON or JSONC, with its line.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Parse reads a configuration. A file with no server map is not an error:
// it has no servers, and a warning says so.
func Parse(data []byte) (*Config, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	root, err := hujson.Parse(data)
	if err != nil {
		return nil, parseError(err)
	}
	p := &parser{lines: newLines(data)}
	obj, ok := root.Value.(*hujson.Object)
	if !ok {
		return nil, &ParseError{Line: p.line(root.StartOffset), Msg: "an MCP configuration is a JSON object"}
	}
	c := &Config{}
	var servers *hujson.Value
	if v := member(obj, "mcpServers"); v != nil {
		servers, c.Layout = v, "mcpServers"
	} else if v := member(obj, "servers"); v != nil {
		servers, c.Layout = v, "servers"
	} else if mcp := member(obj, "mcp"); mcp != nil {
		if o, ok := mcp.Value.(*hujson.Object); ok {
			if v := member(o, "servers"); v != nil {
				servers, c.Layout = v, "mcp.servers"
			}
			p.inputs(c, member(o, "inputs"))
		}
	} else if bare(obj) {
		servers, c.Layout = &root, "bare"
	}
	p.inputs(c, member(obj, "inputs"))
	if servers == nil {
		c.Warnings = append(c.Warnings, Warning{Line: 1, Msg: "no mcpServers or servers map"})
		return c, nil
	}
	so, ok := servers.Value.(*hujson.Object)
	if !ok {
		c.Warnings = append(c.Warnings, Warning{Line: p.line(servers.StartOffset), Msg: c.Layout + " is not an object of servers"})
		return c, nil
	}
	for _, m := range so.Members {
		name := str(m.Name)
		o, ok := m.Value.Value.(*hujson.Object)
		if !ok {
			c.Warnings = append(c.Warnings, Warning{Line: p.line(m.Name.StartOffset), Msg: fmt.Sprintf("server %q is not an object; skipped", name)})
			continue
		}
		c.Servers = append(c.Servers, p.server(name, p.line(m.Name.StartOffset), o, c))
	}
	return c, nil
}

// bare reports whether every member of obj looks like a server: an object
// with a command or a url.
func bare(obj *hujson.Object) bool {
	if len(obj.Members) == 0 {
		return false
	}
	for _, m := range obj.Members {
		o, ok := m.Value.Value.(*hujson.Object)
		if !ok || (member(o, "command") == nil && member(o, "url") == nil) {
			return false
		}
	}
	return true
}

func (p *parser) server(name string, line int, o *hujson.Object, c *Config) Server {
	s := Server{Name: name, Line: line}
	for _, m := range o.Members {
		v := &m.Value
		switch key := str(m.Name); key {
		case "type", "transport":
			s.Type = str(*v)
		case "command":
			if arr, ok := v.Value.(*hujson.Array); ok { // opencode: the command and its arguments in one list
				for i, el := range arr.Elements {
					if i == 0 {
						s.Command = p.value(el)
					} else {
						s.Args = append(s.Args, p.value(el))
					}
				}
				continue
			}
			s.Command = p.value(*v)
		case "args":
			arr, ok := v.Value.(*hujson.Array)
			if !ok {
				c.Warnings = append(c.Warnings, Warning{Line: p.line(v.StartOffset), Msg: fmt.Sprintf("server %q: args is not a list; ignored", name)})
				continue
			}
			for _, el := range arr.Elements {
				s.Args = append(s.Args, p.value(el))
			}
		case "env", "environment":
			s.Env = p.pairs(v)
		case "headers":
			s.Headers = p.pairs(v)
		case "envFile":
			s.EnvFile = p.value(*v)
		case "url", "serverUrl", "httpUrl":
			s.URL = p.value(*v)
		case "cwd":
			s.Cwd = p.value(*v)
		case "disabled":
			s.Disabled = literal(*v) == "true"
		case "enabled":
			s.Disabled = literal(*v) == "false"
		}
	}
	return s
}

func (p *parser) inputs(c *Config, v *hujson.Value) {
	if v == nil {
		return
	}
	arr, ok := v.Value.(*hujson.Array)
	if !ok {
		c.Warnings = append(c.Warnings, Warning{Line: p.line(v.StartOffset), Msg: "inputs is not a list; ignored"})
		return
	}
	for _, el := range arr.Elements {
		o, ok := el.Value.(*hujson.Object)
		if !ok {
			continue
		}
		in := Input{Line: p.line(el.StartOffset)}
		for _, m := range o.Members {
			switch str(m.Name) {
			case "id":
				in.ID = str(m.Value)
			case "type":
				in.Type = str(m.Value)
			case "description":
				in.Description = str(m.Value)
			case "password":
				in.Password = literal(m.Value) == "true"
			}
		}
		if in.ID != "" {
			c.Inputs = append(c.Inputs, in)
		}
	}
}

// pairs reads an object of strings (env, headers), sorted by key for a
// stable output; non-string values are kept as their JSON text.
func (p *parser) pairs(v *hujson.Value) []Pair {
	o, ok := v.Value.(*hujson.Object)
	if !ok {
		return nil
	}
	var out []Pair
	for _, m := range o.Members {
		out = append(out, Pair{Key: str(m.Name), Val: p.value(m.Value).Val, Line: p.line(m.Name.StartOffset)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

func (p *parser) value(v hujson.Value) Value {
	return Value{Val: literal(v), Line: p.line(v.StartOffset)}
}

// member returns the value of key in obj (the last, as JSON decoders do).
func member(obj *hujson.Object, key string) *hujson.Value {
	for i := len(obj.Members) - 1; i >= 0; i-- {
		if str(obj.Members[i].Name) == key {
			return &obj.Members[i].Value
		}
	}
	return nil
}

// str is a string literal's text, "" for anything else.
func str(v hujson.Value) string {
	if l, ok := v.Value.(hujson.Literal); ok && l.Kind() == '"' {
		return l.String()
	}
	return ""
}

// literal is a scalar's text: a string's content, a number or boolean as
// written; "" for objects and arrays.
func literal(v hujson.Value) string {
	l, ok := v.Value.(hujson.Literal)
	if !ok {
		return ""
	}
	if l.Kind() == '"' {
		return l.String()
	}
	return string(l)
}

// parser turns offsets into lines.
type parser struct{ lines []int }

func newLines(data []byte) []int {
	var nl []int
	for i, c := range data {
		if c == '\n' {
			nl = append(nl, i)
		}
	}
	return nl
}

// line is the 1-based line of byte offset off.
func (p *parser) line(off int) int {
	i, _ := slices.BinarySearch(p.lines, off)
	return i + 1
}

// parseError turns hujson's "hujson: line L, column C: msg" into a
// ParseError.
func parseError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "hujson: ")
	pe := &ParseError{Line: 1, Msg: msg}
	var line, col int
	if n, _ := fmt.Sscanf(msg, "line %d, column %d:", &line, &col); n == 2 {
		pe.Line = line
		if i := strings.Index(msg, ": "); i >= 0 {
			pe.Msg = fmt.Sprintf("column %d: %s", col, msg[i+2:])
		}
	}
	return pe
}
