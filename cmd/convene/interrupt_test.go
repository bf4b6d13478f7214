package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run convene's main in a child process: the child
// is this test binary with CONVENE_TEST_MAIN set, its arguments in
// CONVENE_TEST_ARGS separated by newlines.
func TestMain(m *testing.M) {
	if os.Getenv("CONVENE_TEST_MAIN") == "1" {
		os.Args = append([]string{"convene"}, strings.Split(os.Getenv("CONVENE_TEST_ARGS"), "\n")...)
		main()
		return
	}
	os.Exit(m.Run())
}

// convene starts convene's main in a child process from the repository
// root.
func convene(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "CONVENE_TEST_MAIN=1", "CONVENE_TEST_ARGS="+strings.Join(args, "\n"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	return cmd, &stderr
}

// TestInterruptExits130And143 interrupts commands blocked on input: each
// says "interrupted" (not "context canceled"), exits 128+signal, and leaves
// no temporary output file.
func TestInterruptExits130And143(t *testing.T) {
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("starts subprocesses and sends them signals")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "config.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	// A Vault that accepts connections and never answers keeps a scan
	// busy in a connector, where the cancelled context stops it at once.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	vaultCfg := filepath.Join(t.TempDir(), "convene.yaml")
	os.WriteFile(vaultCfg, []byte("version: 1\nvault:\n  enabled: true\n"), 0o600)
	t.Setenv("VAULT_ADDR", "http://"+ln.Addr().String())
	t.Setenv("VAULT_TOKEN", "test-token")
	tests := []struct {
		name string
		args []string
		sig  syscall.Signal
		code int
		// fast: the command stops on the cancelled context, without
		// waiting out the grace period.
		fast bool
	}{
		{"scan with --out, Vault stalls, SIGINT", []string{"scan", "testdata/estate", "--config", vaultCfg, "--out", filepath.Join(dir, "g.json")}, syscall.SIGINT, 130, true},
		{"export reading stdin, SIGINT", []string{"export", "--graph", "-"}, syscall.SIGINT, 130, false},
		{"scan with --out, config never arrives", []string{"scan", "testdata/estate", "--config", fifo, "--out", filepath.Join(dir, "g.json")}, syscall.SIGTERM, 143, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A child signalled before main has installed its handler
			// dies of the signal, which says nothing of convene: on a
			// loaded machine, try again with a longer wait. A convene
			// that never handles the signal dies every time and fails.
			var (
				cmd    *exec.Cmd
				stderr *bytes.Buffer
				err    error
				start  time.Time
			)
			for _, wait := range []time.Duration{500 * time.Millisecond, 2 * time.Second, 5 * time.Second} {
				cmd, stderr = convene(t, tt.args...)
				stdin, perr := cmd.StdinPipe() // held open: the child waits for input
				if perr != nil {
					t.Fatal(perr)
				}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(wait)
				start = time.Now()
				cmd.Process.Signal(tt.sig)
				err = cmd.Wait()
				stdin.Close()
				if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != tt.sig {
					break
				}
				t.Logf("the child died of %v before it handled signals (after %s); trying again", tt.sig, wait)
			}
			took := time.Since(start)
			code := cmd.ProcessState.ExitCode()
			if code != tt.code {
				t.Errorf("exit %d (%v), want %d\nstderr:\n%s", code, err, tt.code, stderr)
			}
			if got := stderr.String(); !strings.Contains(got, "convene: interrupted") || strings.Contains(got, "context canceled") {
				t.Errorf("stderr:\n%s", got)
			}
			if limit := interruptGrace + 5*time.Second; tt.fast && took > interruptGrace/2 || took > limit {
				t.Errorf("took %s to stop", took)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "config.fifo" {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
}
