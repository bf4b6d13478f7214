package mcp

import (
	"path"
	"strings"
)

// launch is what a stdio server's command starts: the runner (npx, uvx,
// docker, a local program) and, when it fetches one, the package or image,
// as ecosystem:name[@version].
type launch struct {
	runner, pkg string
}

// dockerValueFlags are docker run options that take a value as the next
// argument.
var dockerValueFlags = map[string]bool{"-e": true, "--env": true, "-v": true, "--volume": true, "--name": true,
	"-p": true, "--publish": true, "--network": true, "--net": true, "--mount": true, "-w": true, "--workdir": true,
	"--env-file": true, "-u": true, "--user": true, "--entrypoint": true, "-l": true, "--label": true,
	"--platform": true, "--add-host": true, "--pull": true, "-m": true, "--memory": true, "--cpus": true,
	"--security-opt": true, "--cap-add": true, "--cap-drop": true, "-h": true, "--hostname": true}

// npmValueFlags are npx/npm exec options that take a value.
var npmValueFlags = map[string]bool{"-p": true, "--package": true, "--registry": true, "--cache": true, "--userconfig": true, "-c": true, "--call": true}

// identifyLaunch reads a command and its arguments.
func identifyLaunch(command string, args []string) launch {
	base := strings.TrimSuffix(strings.TrimSuffix(path.Base(strings.ReplaceAll(command, `\`, "/")), ".exe"), ".cmd")
	l := launch{runner: base}
	first := func(from int, ecosystem string, valueFlags map[string]bool) string {
		for i := from; i < len(args); i++ {
			a := args[i]
			if a == "--" {
				continue
			}
			if strings.HasPrefix(a, "-") {
				if k, v, ok := strings.Cut(a, "="); ok && (k == "--package" || k == "--from") {
					return ecosystem + ":" + v
				}
				if (a == "-p" || a == "--package" || a == "--from") && i+1 < len(args) {
					return ecosystem + ":" + args[i+1]
				}
				if valueFlags[a] {
					i++
				}
				continue
			}
			if hasRef(a) {
				return ""
			}
			return ecosystem + ":" + a
		}
		return ""
	}
	sub := func(words ...string) int {
		if len(args) > 0 {
			for _, w := range words {
				if args[0] == w {
					return 1
				}
			}
		}
		return -1
	}
	switch base {
	case "npx", "pnpx", "bunx":
		l.pkg = first(0, "npm", npmValueFlags)
	case "npm", "pnpm", "yarn", "bun":
		if i := sub("exec", "dlx", "x"); i > 0 {
			l.pkg = first(i, "npm", npmValueFlags)
		}
	case "uvx", "pipx":
		from := 0
		if base == "pipx" {
			from = sub("run")
		}
		if from >= 0 {
			l.pkg = first(from, "pypi", nil)
		}
	case "uv":
		if len(args) > 1 && args[0] == "tool" && args[1] == "run" {
			l.pkg = first(2, "pypi", nil)
		}
	case "docker", "podman", "nerdctl":
		if i := sub("run"); i > 0 {
			l.pkg = first(i, "oci", dockerValueFlags)
		}
	case "dnx":
		l.pkg = first(0, "nuget", nil)
	case "go":
		if i := sub("run"); i > 0 {
			if p := first(i, "go", nil); strings.Contains(p, "@") {
				l.pkg = p
			}
		}
	}
	return l
}
