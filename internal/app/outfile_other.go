//go:build !unix

package app

import (
	"io/fs"
	"os"
)

func keepOwner(*os.File, fs.FileInfo) {}

// syncDir does nothing where folders cannot be synced.
func syncDir(string) error { return nil }
