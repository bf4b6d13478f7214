package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// fieldParser reads the five standard cron fields; descriptors and the
// extensions robfig/cron and the real daemons disagree on are handled
// before it.
var fieldParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// starBit is robfig/cron's marker of a field written with *: when either
// day field carries it, the day fields are ANDed, else ORed.
const starBit = 1 << 63

// fieldBounds are the ranges of the five fields, for ~ and H.
var fieldBounds = [5][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}}

var fieldNames = [5]string{"minute", "hour", "day-of-month", "month", "day-of-week"}

// descriptors maps the @ shorthands to the fields vixie cron and cronie
// expand them to.
var descriptors = map[string]string{
	"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
	"@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
	"@hourly": "0 * * * *",
}

// jenkinsDescriptors are Jenkins' expansions, which spread load with H.
var jenkinsDescriptors = map[string]string{
	"@yearly": "H H H H *", "@annually": "H H H H *", "@monthly": "H H H * *",
	"@weekly": "H H * * H", "@daily": "H H * * *", "@midnight": "H H(0-2) * * *",
	"@hourly": "H * * * *",
}

// addCron adds one cron line (five fields or a descriptor) in loc.
func (s *Schedule) addCron(line string, loc *time.Location, jenkins bool, o options) error {
	line = strings.TrimSpace(line)
	if strings.HasPrefix(line, "@") {
		word, rest, _ := strings.Cut(line, " ")
		word = strings.ToLower(word)
		switch {
		case word == "@reboot" && !jenkins:
			s.Reboot = true
			return nil
		case word == "@every" && !jenkins:
			d, err := time.ParseDuration(strings.TrimSpace(rest))
			if err != nil || d < time.Second {
				return fmt.Errorf("@every %q: give a duration of at least 1s such as 6h", rest)
			}
			s.Phased = true
			s.specs = append(s.specs, spec{earliest: fixedRate{d}, every: d})
			return nil
		}
		table := descriptors
		if jenkins {
			table = jenkinsDescriptors
		}
		exp, ok := table[word]
		if !ok {
			return fmt.Errorf("unknown shorthand %q; cron knows @reboot, @yearly, @annually, @monthly, @weekly, @daily, @midnight and @hourly", word)
		}
		line = exp
	}
	fields := strings.Fields(line)
	if len(fields) != 5 {
		return fmt.Errorf("%q has %d fields; cron takes five: minute hour day-of-month month day-of-week", line, len(fields))
	}
	var h hasher = zeroHash{}
	if jenkins && o.hasSeed {
		h = newJenkinsHash(o.seed)
	}
	var early, late, low [5]string
	var spread bool
	for i, f := range fields {
		e, l, lo, sp, err := expandField(i, f, jenkins, h)
		if err != nil {
			return fmt.Errorf("%s field %q: %w", fieldNames[i], f, err)
		}
		early[i], late[i], low[i] = e, l, lo
		spread = spread || sp
	}
	first, err := parseFields(early, fields, loc, jenkins)
	if err != nil {
		return err
	}
	sp := spec{earliest: first}
	if spread {
		if jenkins {
			s.Hashed = true
		} else {
			s.Random = true
		}
		if sp.latest, err = parseFields(late, fields, loc, jenkins); err != nil {
			return err
		}
		if jenkins && o.hasSeed {
			if sp.low, err = parseFields(low, fields, loc, jenkins); err != nil {
				return err
			}
		}
	}
	s.specs = append(s.specs, sp)
	return nil
}

// parseFields parses expanded fields with robfig/cron and applies the day
// rule of the real daemons: vixie cron and cronie AND the day fields when
// either is written starting with * (even */2) and OR them otherwise;
// Jenkins always ANDs them.
func parseFields(f [5]string, orig []string, loc *time.Location, jenkins bool) (*cron.SpecSchedule, error) {
	sched, err := fieldParser.Parse(strings.Join(f[:], " "))
	if err != nil {
		return nil, fmt.Errorf("%q: %v", strings.Join(orig, " "), err)
	}
	spec := sched.(*cron.SpecSchedule)
	spec.Location = loc
	spec.Dom &^= starBit
	spec.Dow &^= starBit
	if jenkins || strings.HasPrefix(orig[2], "*") {
		spec.Dom |= starBit
	}
	if jenkins || strings.HasPrefix(orig[4], "*") {
		spec.Dow |= starBit
	}
	return spec, nil
}

// expandField rewrites one field's ~ and H items as plain numbers for the
// earliest (or hashed) run, the latest possible run and the lowest
// possible run, and maps day-of-week 7 to 0. spread reports whether the
// three differ.
func expandField(i int, f string, jenkins bool, h hasher) (early, late, low string, spread bool, err error) {
	lo, hi := fieldBounds[i][0], fieldBounds[i][1]
	var es, ls, ws []string
	for _, item := range strings.Split(f, ",") {
		switch {
		case jenkins && strings.HasPrefix(item, "H"):
			e, l, w, err := hashItem(i, item, h)
			if err != nil {
				return "", "", "", false, err
			}
			es, ls, ws = append(es, e), append(ls, l), append(ws, w)
			spread = true
		case !jenkins && strings.Contains(item, "~"):
			a, b, _ := strings.Cut(item, "~")
			from, to := lo, hi
			if a != "" {
				if from, err = fieldNumber(i, a); err != nil {
					return "", "", "", false, err
				}
			}
			if b != "" {
				if to, err = fieldNumber(i, b); err != nil {
					return "", "", "", false, err
				}
			}
			if from > to {
				return "", "", "", false, fmt.Errorf("random range %d~%d is reversed", from, to)
			}
			es, ls, ws = append(es, strconv.Itoa(from)), append(ls, strconv.Itoa(to)), append(ws, strconv.Itoa(from))
			spread = true
		default:
			if i == 4 {
				item = sundaySeven(item)
			}
			es, ls, ws = append(es, item), append(ls, item), append(ws, item)
		}
	}
	return strings.Join(es, ","), strings.Join(ls, ","), strings.Join(ws, ","), spread, nil
}

// fieldNumber reads a plain number within the field's range.
func fieldNumber(i int, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if i == 4 && n == 7 {
		n = 0
	}
	if n < fieldBounds[i][0] || n > fieldBounds[i][1] {
		return 0, fmt.Errorf("%d is out of range %d-%d", n, fieldBounds[i][0], fieldBounds[i][1])
	}
	return n, nil
}

// sundaySeven rewrites day-of-week 7 (Sunday, as cron allows) into 0,
// which robfig/cron does not accept: "7" -> "0", "5-7" -> "5-6,0".
func sundaySeven(item string) string {
	rng, step, hasStep := strings.Cut(item, "/")
	a, b, isRange := strings.Cut(rng, "-")
	switch {
	case !isRange && a == "7" && !hasStep:
		return "0"
	case isRange && b == "7" && !hasStep:
		if a == "7" {
			return "0"
		}
		return a + "-6,0"
	case isRange && b == "7":
		return a + "-6/" + step
	}
	return item
}
