// Command convene maps an estate's non-human identities into one dependency
// graph and answers what a privileged-access change would break, who owns
// it and who must be in the room.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/convene-dev/convene/internal/app"
)

// interruptGrace is how long a command has to stop on its own after
// SIGINT or SIGTERM (its context is cancelled) before convene exits anyway,
// for a command blocked where no context reaches, such as reading stdin.
const interruptGrace = 3 * time.Second

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	var got atomic.Value
	go func() {
		sig := <-sigs
		got.Store(sig)
		cancel()
		select { // a second signal, or the grace period, ends it now
		case <-sigs:
		case <-time.After(interruptGrace):
		}
		app.RemoveTemporaryFiles()
		fmt.Fprintln(os.Stderr, "convene: interrupted")
		os.Exit(interruptedCode(sig))
	}()
	err := newRootCommand(os.Stdout, os.Stderr).ExecuteContext(ctx)
	if sig, ok := got.Load().(os.Signal); ok && err != nil {
		// The command stopped because of the signal: say so, not
		// "context canceled". A command that finished anyway (serve
		// stopping cleanly) keeps its own status.
		app.RemoveTemporaryFiles()
		fmt.Fprintln(os.Stderr, "convene: interrupted")
		os.Exit(interruptedCode(sig))
	}
	if err != nil && !errors.Is(err, app.ErrIncomplete) {
		fmt.Fprintln(os.Stderr, "convene:", err)
	}
	os.Exit(app.ExitCode(err))
}

// interruptedCode is the shell's status for a process a signal stopped:
// 128 plus the signal's number (130 for SIGINT, 143 for SIGTERM).
func interruptedCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}
