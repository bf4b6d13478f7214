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
	"syscall"

	"github.com/convene-dev/convene/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRootCommand(os.Stdout, os.Stderr).ExecuteContext(ctx)
	stop()
	if err != nil && !errors.Is(err, app.ErrIncomplete) {
		fmt.Fprintln(os.Stderr, "convene:", err)
	}
	os.Exit(app.ExitCode(err))
}
