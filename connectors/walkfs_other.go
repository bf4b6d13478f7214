//go:build !linux

package connectors

import (
	"io/fs"
	"os"
)

// pseudoFS recognises pseudo filesystems on Linux only.
func pseudoFS(string) string { return "" }

// deviceOf is not known here; OneFileSystem then keeps every folder.
func deviceOf(fs.FileInfo) (uint64, bool) { return 0, false }

func openNoBlock(path string) (*os.File, error) { return os.Open(path) }
