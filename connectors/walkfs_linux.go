package connectors

import (
	"io/fs"
	"os"
	"syscall"
)

// pseudoMagic names the filesystems that hold no files worth reading, by
// the f_type statfs reports (linux/magic.h).
var pseudoMagic = map[int64]string{
	0x9fa0:     "proc",
	0x62656572: "sysfs",
	0x1cd1:     "devpts",
	0x27e0eb:   "cgroup",
	0x63677270: "cgroup2",
	0x64626720: "debugfs",
	0x74726163: "tracefs",
	0x73636673: "securityfs",
	0xcafe4a11: "bpf",
	0x6165676c: "pstore",
	0x62656570: "configfs",
	0x42494e4d: "binfmt_misc",
	0x19800202: "mqueue",
	0xf97cff8c: "selinuxfs",
	0xde5e81e0: "efivarfs",
	0x65735543: "fusectl",
	0x958458f6: "hugetlbfs",
}

// pseudoPaths are left out by path as well: /dev is a tmpfs, which statfs
// cannot tell from any other tmpfs, which may hold files worth scanning.
var pseudoPaths = map[string]string{"/proc": "proc", "/sys": "sysfs", "/dev": "devtmpfs"}

// pseudoFS returns the name of the pseudo filesystem the folder abs is on,
// or "".
func pseudoFS(abs string) string {
	if name, ok := pseudoPaths[abs]; ok {
		return name
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(abs, &st); err != nil {
		return ""
	}
	return pseudoMagic[int64(st.Type)]
}

// deviceOf returns the device a file is on.
func deviceOf(info fs.FileInfo) (uint64, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return uint64(st.Dev), true //nolint:unconvert // Dev is uint32 on some platforms
}

// openNoBlock opens a file for reading without waiting for a writer, should
// a regular file have been swapped for a named pipe since it was checked.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
