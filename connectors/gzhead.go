package connectors

import (
	"bytes"
	"compress/gzip"
	"io"
)

// gunzipHead returns what claimers see of a gzip-compressed file: the first
// bytes of its content, decompressed from the head read, so that logs kept
// compressed (CloudTrail's .json.gz, rotated audit logs) are routed by
// content like any other file. Other heads are returned as they are; a head
// that is not valid gzip is returned as it is, and is binary.
func gunzipHead(head []byte) []byte {
	if len(head) < 2 || head[0] != 0x1f || head[1] != 0x8b {
		return head
	}
	zr, err := gzip.NewReader(bytes.NewReader(head))
	if err != nil {
		return head
	}
	buf := make([]byte, headSize)
	n, _ := io.ReadFull(zr, buf) // a head cut short still yields its first bytes
	if n == 0 {
		return head
	}
	return buf[:n]
}
