package store

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/klauspost/compress/zstd"

	"github.com/convene-dev/convene/graph"
)

// A snapshot is stored in convene's binary snapshot encoding: the magic
// bytes, then a zstd stream of one payload. The payload is the encoding
// version, the nodes, the edges and the diagnostics, and ends with the
// CRC-32C of everything before it. Strings and evidence lists are written
// once and referred to by number after, so a node ID costs its bytes once
// and an edge's ends are node numbers. Loading reads it as a stream and
// builds the graph directly, with no JSON in between.
//
// Snapshots saved before this encoding are gzip-compressed graph files;
// Load tells them apart by their first bytes and still reads them.
const snapMagic = "CNVSNAP\x00"

// snapVersion is the version of the payload this convene writes and the
// only one it reads.
const snapVersion = 1

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// writeSnapshot writes g in the binary snapshot encoding.
func writeSnapshot(w io.Writer, g *graph.Graph) error {
	if _, err := io.WriteString(w, snapMagic); err != nil {
		return err
	}
	zw, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedDefault))
	if err != nil {
		return err
	}
	sw := &snapWriter{w: bufio.NewWriterSize(zw, 1<<16), strs: map[string]uint64{}, evs: map[*graph.Evidence]uint64{}}
	sw.encode(g)
	if sw.err == nil {
		sw.err = sw.w.Flush()
	}
	if err := zw.Close(); sw.err == nil {
		sw.err = err
	}
	if sw.err != nil {
		return fmt.Errorf("encode snapshot: %w", sw.err)
	}
	return nil
}

type snapWriter struct {
	w    *bufio.Writer
	crc  uint32
	buf  [binary.MaxVarintLen64]byte
	err  error
	strs map[string]uint64          // string -> its number
	evs  map[*graph.Evidence]uint64 // shared evidence list -> its number
}

func (sw *snapWriter) write(p []byte) {
	if sw.err != nil {
		return
	}
	sw.crc = crc32.Update(sw.crc, castagnoli, p)
	_, sw.err = sw.w.Write(p)
}

func (sw *snapWriter) uvarint(v uint64) { sw.write(binary.AppendUvarint(sw.buf[:0], v)) }
func (sw *snapWriter) varint(v int64)   { sw.write(binary.AppendVarint(sw.buf[:0], v)) }

// str writes 0 for "", 1 and the bytes for a string met for the first
// time, and its number plus 2 after that.
func (sw *snapWriter) str(s string) {
	if s == "" {
		sw.uvarint(0)
		return
	}
	if n, ok := sw.strs[s]; ok {
		sw.uvarint(n + 2)
		return
	}
	sw.strs[s] = uint64(len(sw.strs))
	sw.uvarint(1)
	sw.uvarint(uint64(len(s)))
	if sw.err == nil {
		sw.crc = crc32.Update(sw.crc, castagnoli, []byte(s))
		_, sw.err = sw.w.WriteString(s)
	}
}

func (sw *snapWriter) encode(g *graph.Graph) {
	sw.uvarint(snapVersion)
	nodes := g.Nodes()
	sw.uvarint(uint64(len(nodes)))
	for _, n := range nodes {
		sw.str(n.ID)
		sw.str(string(n.Kind))
		sw.str(n.Type)
		sw.name(n.ID, n.Name)
		sw.attrs(n.Attrs)
		if s := n.Schedule; s != nil {
			sw.uvarint(1)
			sw.str(s.Expr)
			sw.str(string(s.Dialect))
			sw.str(s.TimeZone)
		} else {
			sw.uvarint(0)
		}
		sw.evidence(n.Evidence)
	}
	edges := g.Edges()
	sw.uvarint(uint64(len(edges)))
	prev := 0
	for i, e := range edges {
		from, to := g.EdgeEnds(i)
		sw.uvarint(uint64(from - prev)) // edges are in From order
		prev = from
		sw.uvarint(uint64(to))
		sw.str(string(e.Kind))
		sw.attrs(e.Attrs)
		sw.evidence(e.Evidence)
	}
	diags := g.Diagnostics()
	sw.uvarint(uint64(len(diags)))
	for _, d := range diags {
		sw.str(d.Connector)
		sw.str(d.File)
		sw.varint(int64(d.Line))
		sw.str(string(d.Severity))
		sw.str(d.Message)
	}
	// The checksum is not part of what it sums.
	if sw.err == nil {
		var sum [4]byte
		binary.LittleEndian.PutUint32(sum[:], sw.crc)
		_, sw.err = sw.w.Write(sum[:])
	}
}

// name writes a node's name: the length plus one of the end of the ID it
// is, which is common and costs no string, or 0 and the string.
func (sw *snapWriter) name(id, name string) {
	if name != "" && strings.HasSuffix(id, name) {
		sw.uvarint(uint64(len(name)) + 1)
		return
	}
	sw.uvarint(0)
	sw.str(name)
}

func (sw *snapWriter) attrs(m map[string]string) {
	sw.uvarint(uint64(len(m)))
	if len(m) == 0 {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		sw.str(k)
		sw.str(m[k])
	}
}

// evidence writes an evidence list as a tag: 0 for none; 1 and the one
// evidence of a list met for the first time, which takes the next number;
// 2, a count and the evidence of a longer list; or a one-item list's number
// plus 3 when the graph shares it with an item written before.
func (sw *snapWriter) evidence(evs []graph.Evidence) {
	switch {
	case len(evs) == 0:
		sw.uvarint(0)
		return
	case len(evs) == 1:
		if n, ok := sw.evs[&evs[0]]; ok {
			sw.uvarint(n + 3)
			return
		}
		sw.evs[&evs[0]] = uint64(len(sw.evs))
		sw.uvarint(1)
	default:
		sw.uvarint(2)
		sw.uvarint(uint64(len(evs)))
	}
	for _, ev := range evs {
		sw.str(ev.Connector)
		sw.str(ev.Source)
		sw.varint(int64(ev.Line))
		sw.str(string(ev.Basis))
		sw.str(ev.Note)
		o := ev.Observed
		if o == nil {
			sw.uvarint(0)
			continue
		}
		sw.uvarint(1)
		sw.varint(o.FirstSeen.Unix())
		sw.uvarint(uint64(o.FirstSeen.Nanosecond()))
		sw.varint(o.LastSeen.Unix())
		sw.uvarint(uint64(o.LastSeen.Nanosecond()))
		sw.varint(o.Count)
		sw.uvarint(uint64(len(o.Sources)))
		for _, s := range o.Sources {
			sw.str(s)
		}
	}
}
