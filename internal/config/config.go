// Package config loads convene.yaml: the embedded defaults, a user's file laid
// over them, and validation whose errors name the file and line.
package config

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/internal/yamlerr"
)

//go:embed defaults.yaml
var defaults []byte

// Version is the only convene.yaml version this release reads.
const Version = 1

// Config is convene's configuration.
type Config struct {
	Version    int        `yaml:"version"`
	Scan       Scan       `yaml:"scan"`
	Connectors Connectors `yaml:"connectors"`
	Serve      Serve      `yaml:"serve"`
	Findings   Findings   `yaml:"findings"`
	Planner    Planner    `yaml:"planner"`
	AWS        AWS        `yaml:"aws"`
	Vault      Vault      `yaml:"vault"`
	Kubernetes Kubernetes `yaml:"kubernetes"`
	Hosts      Hosts      `yaml:"hosts"`
	Ownership  Ownership  `yaml:"ownership"`
	Observed   Observed   `yaml:"observed"`
	GitHub     GitHub     `yaml:"github"`
	GitLab     GitLab     `yaml:"gitlab"`

	// File is where the configuration was read from, "(defaults)" for the
	// embedded defaults alone.
	File string `yaml:"-"`
	// lines maps a dotted key path ("connectors.disable.1") to its line.
	lines map[string]int
}

// Scan tunes how `convene scan` walks its paths.
type Scan struct {
	Paths       []string `yaml:"paths"`
	Exclude     []string `yaml:"exclude"`
	MaxFileSize int64    `yaml:"max_file_size"`
	// MaxExportSize is MaxFileSize for structured exports.
	MaxExportSize int64 `yaml:"max_export_size"`
	Concurrency   int   `yaml:"concurrency"`
}

// Connectors chooses which connectors run.
type Connectors struct {
	Disable []string `yaml:"disable"`
}

// Error is a configuration problem, with the file and line it is on.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Default returns the embedded defaults.
func Default() *Config {
	c, err := parse("(defaults)", defaults, false)
	if err != nil {
		panic("embedded defaults are invalid: " + err.Error())
	}
	return c
}

// Load reads the file at path over the embedded defaults. An empty path means
// the defaults alone.
func Load(path string) (*Config, error) {
	if path == "" {
		return Default(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: fmt.Sprintf("cannot read configuration: %v", errors.Unwrap(err))}
	}
	return parse(path, data, true)
}

// Line returns the line of a dotted key path in the file, or 0.
func (c *Config) Line(key string) int { return c.lines[key] }

// Errorf returns an *Error at the line of key.
func (c *Config) Errorf(key, format string, args ...any) error {
	return &Error{File: c.File, Line: c.Line(key), Msg: fmt.Sprintf(format, args...)}
}

func parse(file string, data []byte, overDefaults bool) (*Config, error) {
	c := &Config{}
	if overDefaults {
		if err := yaml.Unmarshal(defaults, c); err != nil {
			return nil, err
		}
		c.Version = 0 // the user's file must say its own version
	}
	c.File = file
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(file, err)
	}
	c.lines = make(map[string]int)
	indexLines(&root, "", c.lines)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(file, err)
	}
	return c, c.validate()
}

func yamlError(file string, err error) error {
	var errs []error
	for _, p := range yamlerr.Explain(err) {
		msg := p.Msg
		if p.UnknownKey != "" {
			msg = fmt.Sprintf("unknown key %q in %s; see docs/configuration.md for the keys convene.yaml takes", p.UnknownKey, strings.ToLower(p.InType))
		}
		errs = append(errs, &Error{File: file, Line: p.Line, Msg: msg})
	}
	return errors.Join(errs...)
}

func indexLines(n *yaml.Node, prefix string, lines map[string]int) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			indexLines(c, prefix, lines)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := join(prefix, n.Content[i].Value)
			lines[key] = n.Content[i].Line
			indexLines(n.Content[i+1], key, lines)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			key := join(prefix, strconv.Itoa(i))
			lines[key] = c.Line
			indexLines(c, key, lines)
		}
	}
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

func (c *Config) validate() error {
	var errs []error
	switch {
	case c.Version == 0:
		errs = append(errs, &Error{File: c.File, Line: 1, Msg: fmt.Sprintf("no version; start the file with `version: %d`", Version)})
	case c.Version != Version:
		errs = append(errs, c.Errorf("version", "version %d is not supported: this convene reads version %d", c.Version, Version))
	}
	if c.Scan.MaxFileSize <= 0 {
		errs = append(errs, c.Errorf("scan.max_file_size", "max_file_size must be a positive number of bytes"))
	}
	if c.Scan.MaxExportSize <= 0 {
		errs = append(errs, c.Errorf("scan.max_export_size", "max_export_size must be a positive number of bytes"))
	}
	if c.Scan.Concurrency < 1 || c.Scan.Concurrency > 64 {
		errs = append(errs, c.Errorf("scan.concurrency", "concurrency must be between 1 and 64, not %d", c.Scan.Concurrency))
	}
	errs = append(errs, c.Serve.validate(c)...)
	errs = append(errs, c.Findings.validate(c)...)
	errs = append(errs, c.Planner.validate(c)...)
	errs = append(errs, c.AWS.validate(c)...)
	errs = append(errs, c.Vault.validate(c)...)
	errs = append(errs, c.Kubernetes.validate(c)...)
	errs = append(errs, c.Hosts.validate(c)...)
	errs = append(errs, c.Ownership.validate(c)...)
	errs = append(errs, c.Observed.validate(c)...)
	errs = append(errs, c.GitHub.validate(c)...)
	errs = append(errs, c.GitLab.validate(c)...)
	for i, pat := range c.Scan.Exclude {
		if !doublestar.ValidatePattern(pat) {
			errs = append(errs, c.Errorf(fmt.Sprintf("scan.exclude.%d", i), "exclude pattern %q is not a valid glob", pat))
		}
	}
	return errors.Join(errs...)
}
