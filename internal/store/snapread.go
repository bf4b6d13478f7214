package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/convene-dev/convene/graph"
)

// errCorrupt is wrapped by every error about a damaged snapshot.
var errCorrupt = errors.New("snapshot data is damaged")

// isBinarySnapshot reports whether data is in the binary snapshot encoding
// rather than a gzip-compressed graph file.
func isBinarySnapshot(data []byte) bool { return bytes.HasPrefix(data, []byte(snapMagic)) }

// readSnapshot decodes a snapshot in the binary encoding.
func readSnapshot(data []byte) (*graph.Graph, error) {
	if !isBinarySnapshot(data) {
		return nil, fmt.Errorf("%w: not a convene snapshot", errCorrupt)
	}
	zr, err := zstd.NewReader(bytes.NewReader(data[len(snapMagic):]), zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	sr := &snapReader{r: zr, buf: make([]byte, 0, 1<<16), sizeHint: len(data)}
	return sr.decode()
}

// snapReader reads the payload through its own buffer, summing each byte
// as it is consumed so that the checksum covers exactly the payload.
type snapReader struct {
	r        io.Reader
	buf      []byte
	pos      int
	crc      uint32
	err      error
	strs     []string
	evs      [][]graph.Evidence
	nodes    []graph.Node
	readDone bool
	// sizeHint bounds the slices made ahead from the counts the payload
	// gives: a snapshot holds far fewer items than compressed bytes, so a
	// damaged count cannot ask for more than the data could hold, and a
	// true one is allocated once instead of grown (growing 3M edges leaves
	// twice their size behind for the collector).
	sizeHint int
}

// fill makes at least n bytes available after pos, or records an error.
func (sr *snapReader) fill(n int) bool {
	if len(sr.buf)-sr.pos >= n {
		return true
	}
	if sr.err != nil {
		return false
	}
	sr.crc = crc32.Update(sr.crc, castagnoli, sr.buf[:sr.pos])
	rest := copy(sr.buf[:cap(sr.buf)], sr.buf[sr.pos:])
	sr.buf, sr.pos = sr.buf[:rest], 0
	if n > cap(sr.buf) {
		sr.buf = append(make([]byte, 0, n+1<<16), sr.buf...)
	}
	for len(sr.buf) < n {
		if sr.readDone {
			sr.err = fmt.Errorf("%w: it ends early", errCorrupt)
			return false
		}
		m, err := sr.r.Read(sr.buf[len(sr.buf):cap(sr.buf)])
		sr.buf = sr.buf[:len(sr.buf)+m]
		if err == io.EOF {
			sr.readDone = true
		} else if err != nil {
			sr.err = fmt.Errorf("%w: %w", errCorrupt, err)
			return false
		}
	}
	return true
}

func (sr *snapReader) uvarint() uint64 {
	if len(sr.buf)-sr.pos >= binary.MaxVarintLen64 {
		v, n := binary.Uvarint(sr.buf[sr.pos:])
		if n <= 0 {
			sr.fail("a number is malformed")
			return 0
		}
		sr.pos += n
		return v
	}
	// Near the end of the buffer: a byte at a time.
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if !sr.fill(1) {
			return 0
		}
		b := sr.buf[sr.pos]
		sr.pos++
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v
		}
	}
	sr.fail("a number is malformed")
	return 0
}

func (sr *snapReader) varint() int64 {
	u := sr.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

func (sr *snapReader) fail(msg string) {
	if sr.err == nil {
		sr.err = fmt.Errorf("%w: %s", errCorrupt, msg)
	}
}

// count reads a count of items, refusing one no snapshot could hold.
func (sr *snapReader) count(what string) int {
	n := sr.uvarint()
	if n > 1<<31 {
		sr.fail("too many " + what)
		return 0
	}
	return int(n)
}

func (sr *snapReader) str() string {
	switch t := sr.uvarint(); {
	case t == 0:
		return ""
	case t == 1:
		n := sr.count("bytes in a string")
		if sr.err != nil || !sr.fill(n) {
			return ""
		}
		s := string(sr.buf[sr.pos : sr.pos+n])
		sr.pos += n
		sr.strs = append(sr.strs, s)
		return s
	case t-2 < uint64(len(sr.strs)):
		return sr.strs[t-2]
	}
	sr.fail("a string refers to none written before")
	return ""
}

func (sr *snapReader) decode() (*graph.Graph, error) {
	if v := sr.uvarint(); v != snapVersion && sr.err == nil {
		return nil, fmt.Errorf("snapshot encoding version %d is not supported: this convene reads version %d; upgrade convene", v, snapVersion)
	}
	nn := sr.count("nodes")
	if nn > 0 { // nil when empty, as a built graph has it
		sr.nodes = make([]graph.Node, 0, min(nn, sr.sizeHint))
	}
	for i := 0; i < nn && sr.err == nil; i++ {
		n := graph.Node{ID: sr.str(), Kind: graph.NodeKind(sr.str()), Type: sr.str()}
		n.Name = sr.name(n.ID)
		n.Attrs = sr.attrs()
		if sr.uvarint() == 1 {
			n.Schedule = &graph.Schedule{Expr: sr.str(), Dialect: graph.Dialect(sr.str()), TimeZone: sr.str()}
		}
		n.Evidence = sr.evidence()
		sr.nodes = append(sr.nodes, n)
	}
	ne := sr.count("edges")
	var edges []graph.Edge
	var ends []int32
	if ne > 0 {
		edges = make([]graph.Edge, 0, min(ne, sr.sizeHint))
		ends = make([]int32, 0, 2*min(ne, sr.sizeHint))
	}
	from := 0
	for i := 0; i < ne && sr.err == nil; i++ {
		from += sr.count("nodes")
		to := sr.count("nodes")
		if from >= len(sr.nodes) || to >= len(sr.nodes) {
			sr.fail("an edge names a node that is not there")
			break
		}
		e := graph.Edge{From: sr.nodes[from].ID, To: sr.nodes[to].ID, Kind: graph.EdgeKind(sr.str()), Attrs: sr.attrs(), Evidence: sr.evidence()}
		edges = append(edges, e)
		ends = append(ends, int32(from), int32(to))
	}
	nd := sr.count("diagnostics")
	var diags []graph.Diagnostic
	for i := 0; i < nd && sr.err == nil; i++ {
		diags = append(diags, graph.Diagnostic{Connector: sr.str(), File: sr.str(), Line: int(sr.varint()), Severity: graph.Severity(sr.str()), Message: sr.str()})
	}
	if sr.err != nil {
		return nil, sr.err
	}
	want := crc32.Update(sr.crc, castagnoli, sr.buf[:sr.pos])
	if !sr.fill(4) {
		return nil, sr.err
	}
	if got := binary.LittleEndian.Uint32(sr.buf[sr.pos:]); got != want {
		return nil, fmt.Errorf("%w: checksum %08x, want %08x", errCorrupt, got, want)
	}
	sr.pos += 4
	if sr.fill(1) {
		return nil, fmt.Errorf("%w: data after the checksum", errCorrupt)
	}
	nodes := sr.nodes
	sr.nodes, sr.strs, sr.evs = nil, nil, nil
	return graph.FromMerged(graph.Merged{Nodes: nodes, Edges: edges, Diagnostics: diags, Ends: ends, Shared: true}), nil
}

// name reads a node's name, sharing the ID's bytes when it is its end.
func (sr *snapReader) name(id string) string {
	k := sr.uvarint()
	switch {
	case k == 0:
		return sr.str()
	case k-1 > uint64(len(id)):
		sr.fail("a name is longer than its ID")
		return ""
	}
	return id[len(id)-int(k-1):]
}

func (sr *snapReader) attrs() map[string]string {
	n := sr.count("attributes")
	if n == 0 || sr.err != nil {
		return nil
	}
	m := make(map[string]string, min(n, 64))
	for range n {
		k := sr.str()
		m[k] = sr.str()
		if sr.err != nil {
			return nil
		}
	}
	return m
}

func (sr *snapReader) evidence() []graph.Evidence {
	var n int
	switch t := sr.uvarint(); {
	case t == 0:
		return nil
	case t == 1:
		evs := make([]graph.Evidence, 1)
		evs[0] = sr.oneEvidence()
		sr.evs = append(sr.evs, evs)
		return evs
	case t == 2:
		n = sr.count("evidence")
	case t-3 < uint64(len(sr.evs)):
		return sr.evs[t-3]
	default:
		sr.fail("evidence refers to none written before")
		return nil
	}
	evs := make([]graph.Evidence, 0, min(n, 1024))
	for i := 0; i < n && sr.err == nil; i++ {
		evs = append(evs, sr.oneEvidence())
	}
	return evs
}

func (sr *snapReader) oneEvidence() graph.Evidence {
	ev := graph.Evidence{Connector: sr.str(), Source: sr.str(), Line: int(sr.varint()), Basis: graph.Basis(sr.str()), Note: sr.str()}
	if sr.uvarint() == 1 {
		o := &graph.Observation{}
		o.FirstSeen = unixUTC(sr.varint(), sr.uvarint())
		o.LastSeen = unixUTC(sr.varint(), sr.uvarint())
		o.Count = sr.varint()
		ns := sr.count("observation sources")
		for i := 0; i < ns && sr.err == nil; i++ {
			o.Sources = append(o.Sources, sr.str())
		}
		ev.Observed = o
	}
	return ev
}

func unixUTC(sec int64, nsec uint64) time.Time { return time.Unix(sec, int64(nsec%1e9)).UTC() }
