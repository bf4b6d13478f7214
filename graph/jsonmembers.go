package graph

import (
	"encoding/binary"
	"slices"
	"time"
)

// attrs reads an attribute map. Keys and short values repeat across an
// estate ("runs-on": "ubuntu-latest") and are kept once, and so are whole
// maps that repeat ({"type": "kv", "version": "2"}).
func (d *jsonReader) attrs() (map[string]string, error) {
	pairs := d.pairs[:0]
	err := d.s.object("attrs", func(key string) error {
		switch c := d.s.peek(); c {
		case '"':
		case 'n':
			pairs = append(pairs, d.in.str(key), "")
			return d.s.literal("null")
		default:
			return d.s.wrongType(c, key, "a string")
		}
		b, slow, err := d.s.rawString()
		if err != nil {
			return err
		}
		var v string
		switch {
		case slow:
			v, err = unquote(b)
		case len(b) <= 24:
			v = d.in.bytes(b)
		default:
			v = string(b)
		}
		pairs = append(pairs, d.in.str(key), v)
		return err
	})
	d.pairs = pairs
	if err != nil || len(pairs) == 0 {
		return nil, err
	}
	key := d.attrKey[:0]
	for _, p := range pairs { // length-prefixed, so no two lists collide
		key = append(binary.AppendUvarint(key, uint64(len(p))), p...)
	}
	d.attrKey = key
	if m, ok := d.attrMaps[string(key)]; ok {
		return m, nil
	}
	m := make(map[string]string, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	if d.attrMaps == nil {
		d.attrMaps = make(map[string]map[string]string)
	}
	d.attrMaps[string(key)] = m
	return m, nil
}

func (d *jsonReader) schedule() (*Schedule, error) {
	if d.s.peek() == 'n' {
		return nil, d.s.literal("null")
	}
	var sc Schedule
	err := d.s.object("schedule", func(key string) (err error) {
		switch key {
		case "expr":
			sc.Expr, err = d.s.optString("expr", nil)
		case "dialect":
			var v string
			v, err = d.s.optString("dialect", d.in)
			sc.Dialect = Dialect(v)
		case "time_zone":
			sc.TimeZone, err = d.s.optString("time_zone", d.in)
		default:
			err = d.s.skip()
		}
		return err
	})
	return &sc, err
}

// evidence reads an evidence list, sharing one-item lists and the strings
// that repeat.
func (d *jsonReader) evidence() ([]Evidence, error) {
	evs := d.evBuf[:0]
	err := d.s.array("evidence", func() error {
		var ev Evidence
		err := d.s.object("evidence", func(key string) (err error) {
			switch key {
			case "connector":
				ev.Connector, err = d.repeated(&d.last.connector, "connector")
			case "source":
				ev.Source, err = d.repeated(&d.last.source, "source")
			case "line":
				var l int64
				l, err = d.s.int64("line")
				ev.Line = int(l)
			case "basis":
				var b string
				b, err = d.repeated(&d.last.basis, "basis")
				ev.Basis = Basis(b)
			case "note":
				ev.Note, err = d.s.optString("note", d.in)
			case "observed":
				ev.Observed, err = d.observation()
			default:
				err = d.s.skip()
			}
			return err
		})
		evs = append(evs, ev)
		return err
	})
	d.evBuf = evs
	if err != nil || len(evs) == 0 {
		return nil, err
	}
	if len(evs) == 1 && evs[0].Observed == nil {
		if d.last.evs != nil && evs[0] == d.last.ev {
			return d.last.evs, nil
		}
		s, ok := d.in.evs[evs[0]]
		if !ok {
			s = d.in.evidence(slices.Clone(evs))
		}
		d.last.ev, d.last.evs = evs[0], s
		return s, nil
	}
	return d.in.evidence(slices.Clone(evs)), nil
}

func (d *jsonReader) observation() (*Observation, error) {
	if d.s.peek() == 'n' {
		return nil, d.s.literal("null")
	}
	o := &Observation{}
	err := d.s.object("observed", func(key string) (err error) {
		switch key {
		case "first_seen":
			err = d.time(&o.FirstSeen)
		case "last_seen":
			err = d.time(&o.LastSeen)
		case "count":
			o.Count, err = d.s.int64("count")
		case "sources":
			o.Sources = nil
			err = d.s.array("sources", func() error {
				s, err := d.s.optString("sources", d.in)
				o.Sources = append(o.Sources, s)
				return err
			})
		default:
			err = d.s.skip()
		}
		return err
	})
	return o, err
}

// time reads an RFC 3339 time exactly as encoding/json does.
func (d *jsonReader) time(t *time.Time) error {
	switch c := d.s.peek(); c {
	case 'n':
		return d.s.literal("null")
	case '"':
	default:
		return d.s.wrongType(c, "time", "an RFC 3339 time")
	}
	b, _, err := d.s.rawString()
	if err != nil {
		return err
	}
	d.timeBuf = append(append(append(d.timeBuf[:0], '"'), b...), '"')
	if err := t.UnmarshalJSON(d.timeBuf); err != nil {
		return &syntaxError{err.Error()}
	}
	return nil
}
