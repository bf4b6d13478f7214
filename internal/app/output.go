package app

import (
	"fmt"
	"io"
)

// CheckedWriter remembers the first failed write to the writer it wraps and
// fails every write after it. The command line wraps standard output in one
// so that a command whose output could not be written (a full disk, a
// closed pipe, /dev/full) exits 1 and says why, whatever wrote the bytes.
type CheckedWriter struct {
	w   io.Writer
	err error
}

// CheckWrites wraps w.
func CheckWrites(w io.Writer) *CheckedWriter { return &CheckedWriter{w: w} }

func (c *CheckedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err != nil {
		c.err = err
	}
	return n, err
}

// Err returns the first write error, explained, or nil.
func (c *CheckedWriter) Err() error {
	if c.err == nil {
		return nil
	}
	return fmt.Errorf("write output: %w; the output is incomplete: check the disk or the program reading it", c.err)
}
