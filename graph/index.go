package graph

import (
	"hash/maphash"
	"math/bits"
)

// idIndex finds a node's dense index by its ID. It is an open-addressing
// hash table of int32 slots over the graph's own ID strings, a fifth of the
// size of a map[string]int32 holding copies of the keys' headers.
type idIndex struct {
	seed  maphash.Seed
	slots []int32 // node index + 1; 0 is empty
	mask  uint64
}

func newIDIndex(nodes []Node) idIndex {
	size := uint64(1) << bits.Len(uint(len(nodes)*2))
	x := idIndex{seed: maphash.MakeSeed(), slots: make([]int32, size), mask: size - 1}
	for i := range nodes {
		h := maphash.String(x.seed, nodes[i].ID) & x.mask
		for x.slots[h] != 0 {
			h = (h + 1) & x.mask
		}
		x.slots[h] = int32(i) + 1
	}
	return x
}

func (x *idIndex) lookup(nodes []Node, id string) (int32, bool) {
	if len(x.slots) == 0 {
		return 0, false
	}
	h := maphash.String(x.seed, id) & x.mask
	for {
		s := x.slots[h]
		if s == 0 {
			return 0, false
		}
		if nodes[s-1].ID == id {
			return s - 1, true
		}
		h = (h + 1) & x.mask
	}
}
