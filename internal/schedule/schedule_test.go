package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// from is a Monday: 2026-03-02 00:00 UTC.
var from = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

type runCase struct {
	expr, tz string
	// want are the first runs at or after from, as RFC 3339 in the
	// schedule's zone.
	want []string
}

func checkRuns(t *testing.T, d graph.Dialect, cases []runCase, opts ...Option) {
	t.Helper()
	for _, tc := range cases {
		s, err := Parse(graph.Schedule{Expr: tc.expr, Dialect: d, TimeZone: tc.tz}, opts...)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.expr, err)
			continue
		}
		var got []string
		for _, r := range s.Runs(from, from.AddDate(2, 0, 0), len(tc.want)) {
			got = append(got, r.Format(time.RFC3339))
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Runs(%q) (-want +got):\n%s", tc.expr, diff)
		}
	}
}

// TestCron checks crontab(5)'s examples and the rules of vixie cron and
// cronie.
func TestCron(t *testing.T) {
	checkRuns(t, graph.Cron, []runCase{
		// crontab(5): run five minutes after midnight, every day.
		{expr: "5 0 * * *", want: []string{"2026-03-02T00:05:00Z", "2026-03-03T00:05:00Z"}},
		// at 2:15pm on the first of every month.
		{expr: "15 14 1 * *", want: []string{"2026-03-01T14:15:00Z"[:0] + "2026-04-01T14:15:00Z", "2026-05-01T14:15:00Z"}},
		// at 10 pm on weekdays.
		{expr: "0 22 * * 1-5", want: []string{"2026-03-02T22:00:00Z", "2026-03-03T22:00:00Z"}},
		// 23 minutes after midnight, 2am, 4am ..., everyday.
		{expr: "23 0-23/2 * * *", want: []string{"2026-03-02T00:23:00Z", "2026-03-02T02:23:00Z"}},
		// at 5 after 4 every Sunday; names and 7 for Sunday.
		{expr: "5 4 * * sun", want: []string{"2026-03-08T04:05:00Z"}},
		{expr: "5 4 * * 7", want: []string{"2026-03-08T04:05:00Z", "2026-03-15T04:05:00Z"}},
		{expr: "0 0 * * 5-7", want: []string{"2026-03-06T00:00:00Z", "2026-03-07T00:00:00Z", "2026-03-08T00:00:00Z", "2026-03-13T00:00:00Z"}},
		{expr: "0 0 * jan,mar mon", want: []string{"2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z"}},
		// Both day fields restricted: either matches (the 1st, the 15th, every Wednesday).
		{expr: "0 0 1,15 * 3", want: []string{"2026-03-04T00:00:00Z", "2026-03-11T00:00:00Z", "2026-03-15T00:00:00Z", "2026-03-18T00:00:00Z"}},
		// A day field starting with * makes both match (cronie's DOM_STAR): odd days that are Mondays.
		{expr: "0 0 */2 * 1", want: []string{"2026-03-09T00:00:00Z", "2026-03-23T00:00:00Z"}},
		{expr: "@daily", want: []string{"2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z"}},
		{expr: "@midnight", want: []string{"2026-03-02T00:00:00Z"}},
		{expr: "@hourly", want: []string{"2026-03-02T00:00:00Z", "2026-03-02T01:00:00Z"}},
		{expr: "@weekly", want: []string{"2026-03-08T00:00:00Z"}},
		{expr: "@monthly", want: []string{"2026-04-01T00:00:00Z"}},
		{expr: "@yearly", want: []string{"2027-01-01T00:00:00Z"}},
		{expr: "@annually", want: []string{"2027-01-01T00:00:00Z"}},
		// Time zones: a CRON_TZ prefix wins over the connector's zone.
		{expr: "CRON_TZ=Europe/Berlin 15 3 * * *", want: []string{"2026-03-02T03:15:00+01:00"}},
		{expr: "TZ=America/New_York 0 9 * * *", tz: "Europe/Berlin", want: []string{"2026-03-02T09:00:00-05:00"}},
		{expr: "0 2 * * *", tz: "Europe/Dublin", want: []string{"2026-03-02T02:00:00Z", "2026-03-03T02:00:00Z"}},
	})
}

func TestCronFlagsAndErrors(t *testing.T) {
	s, err := Parse(graph.Schedule{Expr: "@reboot", Dialect: graph.Cron})
	if err != nil || !s.Reboot || len(s.Runs(from, from.AddDate(1, 0, 0), 0)) != 0 {
		t.Errorf("@reboot: %+v, %v", s, err)
	}
	for _, bad := range []string{"5-3 * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "* * * *", "@fortnightly", "30~10 * * * *", "H * * * *"} {
		if _, err := Parse(graph.Schedule{Expr: bad, Dialect: graph.Cron}); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestZoneAssumed(t *testing.T) {
	for _, tc := range []struct {
		expr, tz string
		d        graph.Dialect
		want     bool
	}{
		{"0 3 * * *", "", graph.Cron, true},
		{"0 3 * * *", "Europe/Dublin", graph.Cron, false},
		{"CRON_TZ=UTC 0 3 * * *", "", graph.Cron, false},
		{"daily", "", graph.Systemd, true},
		{"daily UTC", "", graph.Systemd, false},
		{"cron(0 3 * * ? *)", "", graph.AWS, false},
	} {
		s, err := Parse(graph.Schedule{Expr: tc.expr, Dialect: tc.d, TimeZone: tc.tz})
		if err != nil || s.ZoneAssumed != tc.want {
			t.Errorf("%q: ZoneAssumed = %v (%v), want %v", tc.expr, s.ZoneAssumed, err, tc.want)
		}
	}
}

// TestCronieRandom checks cronie's ~: runs at the earliest possible time,
// windows up to the latest.
func TestCronieRandom(t *testing.T) {
	s, err := Parse(graph.Schedule{Expr: "0~30 2 * * *", Dialect: graph.Cron})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Random {
		t.Error("Random not set")
	}
	want := []Window{{Start: from.Add(2 * time.Hour), End: from.Add(2*time.Hour + 30*time.Minute)}}
	if diff := cmp.Diff(want, s.Windows(from, from.Add(24*time.Hour), 0)); diff != "" {
		t.Errorf("Windows (-want +got):\n%s", diff)
	}
	all, _ := Parse(graph.Schedule{Expr: "~ 3 * * *", Dialect: graph.Cron})
	w := all.Windows(from, from.Add(24*time.Hour), 0)
	if len(w) != 1 || w[0].Start.Minute() != 0 || w[0].End.Minute() != 59 {
		t.Errorf("~ window = %v", w)
	}
}

// TestJenkins checks H: without a seed every H is the low end of its
// range (Jenkins' Hash.zero), with one the hashed value, and the window
// always spans the range.
func TestJenkins(t *testing.T) {
	checkRuns(t, graph.Jenkins, []runCase{
		{expr: "H 4 * * 1-5", want: []string{"2026-03-02T04:00:00Z", "2026-03-03T04:00:00Z"}},
		{expr: "H/15 * * * *", want: []string{"2026-03-02T00:00:00Z", "2026-03-02T00:15:00Z"}},
		{expr: "H(0-29)/10 * * * *", want: []string{"2026-03-02T00:00:00Z", "2026-03-02T00:10:00Z", "2026-03-02T00:20:00Z", "2026-03-02T01:00:00Z"}},
		{expr: "# every weekday morning\nTZ=Europe/London\nH 4 * * 1-5", want: []string{"2026-03-02T04:00:00Z"}},
		{expr: "@midnight", want: []string{"2026-03-02T00:00:00Z"}},
		{expr: "0 0 * * 7", want: []string{"2026-03-08T00:00:00Z"}},
	})
	s, err := Parse(graph.Schedule{Expr: "H 4 * * 1-5", Dialect: graph.Jenkins}, WithSeed("release-tools"))
	if err != nil {
		t.Fatal(err)
	}
	runs := s.Runs(from, from.AddDate(0, 0, 1), 0)
	ws := s.Windows(from, from.AddDate(0, 0, 1), 0)
	if !s.Hashed || len(runs) != 1 || len(ws) != 1 {
		t.Fatalf("runs %v windows %v hashed %v", runs, ws, s.Hashed)
	}
	if runs[0].Hour() != 4 || ws[0].Start.Minute() != 0 || ws[0].End.Minute() != 59 {
		t.Errorf("run %v outside window %v", runs[0], ws[0])
	}
	again, _ := Parse(graph.Schedule{Expr: "H 4 * * 1-5", Dialect: graph.Jenkins}, WithSeed("release-tools"))
	if !again.Runs(from, from.AddDate(0, 0, 1), 0)[0].Equal(runs[0]) {
		t.Error("hash is not deterministic")
	}
}

// TestJavaRandom checks the generator against java.util.Random's
// well-known first values.
func TestJavaRandom(t *testing.T) {
	for seed, want := range map[int64]int32{0: -1155484576, 42: -1170105035} {
		r := newJavaRandom(seed)
		if got := r.nextBits(32); got != want {
			t.Errorf("new Random(%d).nextInt() = %d, want %d", seed, got, want)
		}
	}
}

// TestSystemdNormalized checks every example of systemd.time(7)'s table:
// each expression must give the same runs as its normalised form.
func TestSystemdNormalized(t *testing.T) {
	table := `Sat,Thu,Mon..Wed,Sat..Sun → Mon..Thu,Sat,Sun *-*-* 00:00:00
Mon,Sun 12-*-* 2,1:23 → Mon,Sun 2012-*-* 01,02:23:00
Wed *-1 → Wed *-*-01 00:00:00
Wed..Wed,Wed *-1 → Wed *-*-01 00:00:00
Wed, 17:48 → Wed *-*-* 17:48:00
Wed..Sat,Tue 12-10-15 1:2:3 → Tue..Sat 2012-10-15 01:02:03
*-*-7 0:0:0 → *-*-07 00:00:00
10-15 → *-10-15 00:00:00
monday *-12-* 17:00 → Mon *-12-* 17:00:00
Mon,Fri *-*-3,1,2 *:30:45 → Mon,Fri *-*-01,02,03 *:30:45
12,14,13,12:20,10,30 → *-*-* 12,13,14:10,20,30:00
12..14:10,20,30 → *-*-* 12..14:10,20,30:00
mon,fri *-1/2-1,3 *:30:45 → Mon,Fri *-01/2-01,03 *:30:45
03-05 08:05:40 → *-03-05 08:05:40
08:05:40 → *-*-* 08:05:40
05:40 → *-*-* 05:40:00
Sat,Sun 12-05 08:05:40 → Sat,Sun *-12-05 08:05:40
Sat,Sun 08:05:40 → Sat,Sun *-*-* 08:05:40
2003-03-05 05:40 → 2003-03-05 05:40:00
05:40:23.4200004/3.1700005 → *-*-* 05:40:23.420000/3.170001
2003-02..04-05 → 2003-02..04-05 00:00:00
2003-03-05 05:40 UTC → 2003-03-05 05:40:00 UTC
2003-03-05 → 2003-03-05 00:00:00
03-05 → *-03-05 00:00:00
hourly → *-*-* *:00:00
daily → *-*-* 00:00:00
daily UTC → *-*-* 00:00:00 UTC
monthly → *-*-01 00:00:00
weekly → Mon *-*-* 00:00:00
weekly Pacific/Auckland → Mon *-*-* 00:00:00 Pacific/Auckland
yearly → *-01-01 00:00:00
annually → *-01-01 00:00:00
*:2/3 → *-*-* *:02/3:00`
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, line := range strings.Split(table, "\n") {
		in, norm, _ := strings.Cut(line, " → ")
		a, err := Parse(graph.Schedule{Expr: in, Dialect: graph.Systemd})
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		b, err := Parse(graph.Schedule{Expr: norm, Dialect: graph.Systemd})
		if err != nil {
			t.Errorf("Parse(%q): %v", norm, err)
			continue
		}
		ra, rb := a.Runs(start, start.AddDate(30, 0, 0), 50), b.Runs(start, start.AddDate(30, 0, 0), 50)
		if diff := cmp.Diff(rb, ra); diff != "" {
			t.Errorf("%q and %q differ (-norm +in):\n%s", in, norm, diff)
		}
		if len(ra) == 0 && !strings.Contains(norm, "2003-") && !strings.Contains(norm, "2012-10-15") {
			t.Errorf("%q never runs", in)
		}
	}
}

// TestSystemd checks first runs of systemd calendars, including the
// documented meaning of ~ and the estate's timer.
func TestSystemd(t *testing.T) {
	checkRuns(t, graph.Systemd, []runCase{
		{expr: "*-*-* 03:15:00 Europe/Berlin", want: []string{"2026-03-02T03:15:00+01:00", "2026-03-03T03:15:00+01:00"}},
		{expr: "*-*-* 03:15:00", tz: "Europe/Berlin", want: []string{"2026-03-02T03:15:00+01:00"}},
		{expr: "Mon..Fri *-*-* 09:00", want: []string{"2026-03-02T09:00:00Z", "2026-03-03T09:00:00Z"}},
		{expr: "Mon-Fri 09:00", want: []string{"2026-03-02T09:00:00Z"}},
		{expr: "*:00/10", want: []string{"2026-03-02T00:00:00Z", "2026-03-02T00:10:00Z", "2026-03-02T00:20:00Z"}},
		{expr: "minutely", want: []string{"2026-03-02T00:00:00Z", "2026-03-02T00:01:00Z"}},
		{expr: "Sat,Sun 10:00", want: []string{"2026-03-07T10:00:00Z", "2026-03-08T10:00:00Z"}},
		// "the third last day in February"
		{expr: "*-02~03", want: []string{"2027-02-26T00:00:00Z", "2028-02-27T00:00:00Z"}},
		// "the last Monday in May"
		{expr: "Mon *-05~07/1", want: []string{"2026-05-25T00:00:00Z", "2027-05-31T00:00:00Z"}},
		{expr: "quarterly", want: []string{"2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z"}},
		{expr: "semiannually", want: []string{"2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z"}},
		{expr: "2026-03-05 12:00\n00:00:00", want: []string{"2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", "2026-03-04T00:00:00Z", "2026-03-05T00:00:00Z", "2026-03-05T12:00:00Z"}},
	})
	for _, bad := range []string{"Fri..Mon", "*-13-01", "25:00", "Mon *-*-* 09:00 Nowhere/Zone extra", "*:*:*/0", "Funday"} {
		if _, err := Parse(graph.Schedule{Expr: bad, Dialect: graph.Systemd}); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	if s, err := Parse(graph.Schedule{Expr: "*:00/@CRON_INTERVAL@", Dialect: graph.Systemd}); err == nil || !s.Unresolved {
		t.Errorf("template: %+v %v", s, err)
	}
}

// TestAWS checks EventBridge's documented examples.
func TestAWS(t *testing.T) {
	checkRuns(t, graph.AWS, []runCase{
		{expr: "cron(0 10 * * ? *)", want: []string{"2026-03-02T10:00:00Z", "2026-03-03T10:00:00Z"}},
		{expr: "cron(15 12 * * ? *)", want: []string{"2026-03-02T12:15:00Z"}},
		{expr: "cron(0 18 ? * MON-FRI *)", want: []string{"2026-03-02T18:00:00Z", "2026-03-03T18:00:00Z"}},
		{expr: "cron(0 8 1 * ? *)", want: []string{"2026-04-01T08:00:00Z"}},
		{expr: "cron(0/15 * * * ? *)", want: []string{"2026-03-02T00:00:00Z", "2026-03-02T00:15:00Z"}},
		{expr: "cron(0/10 * ? * MON-FRI *)", want: []string{"2026-03-02T00:00:00Z", "2026-03-02T00:10:00Z"}},
		{expr: "cron(0/5 8-17 ? * MON-FRI *)", want: []string{"2026-03-02T08:00:00Z", "2026-03-02T08:05:00Z"}},
		{expr: "cron(0 9 ? * 2#1 *)", want: []string{"2026-03-02T09:00:00Z", "2026-04-06T09:00:00Z"}},
		{expr: "cron(30 1 * * ? *)", tz: "Europe/Dublin", want: []string{"2026-03-02T01:30:00Z"}},
		{expr: "cron(0 0 L * ? *)", want: []string{"2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z"}},
		{expr: "cron(0 0 15W * ? *)", want: []string{"2026-03-16T00:00:00Z", "2026-04-15T00:00:00Z"}},
		{expr: "cron(0 0 ? * 6L *)", want: []string{"2026-03-27T00:00:00Z"}},
		{expr: "cron(0 12 * * ? 2027)", want: []string{"2027-01-01T12:00:00Z"}},
		{expr: "rate(5 minutes)", want: []string{"2026-03-02T00:00:00Z", "2026-03-02T00:05:00Z"}},
		{expr: "rate(1 hour)", want: []string{"2026-03-02T00:00:00Z", "2026-03-02T01:00:00Z"}},
		{expr: "at(2026-11-20T13:00:00)", tz: "America/New_York", want: []string{"2026-11-20T13:00:00-05:00"}},
	})
	for _, bad := range []string{"cron(0 10 * * * *)", "cron(0 10 ? * ? *)", "cron(0 10 * *)", "rate(1 hours)", "rate(5 minute)", "rate(0 minutes)", "at(2026-11-20)", "every 5 minutes"} {
		if _, err := Parse(graph.Schedule{Expr: bad, Dialect: graph.AWS}); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	r, _ := Parse(graph.Schedule{Expr: "rate(1 hour)", Dialect: graph.AWS})
	w := r.Windows(from, from.Add(time.Hour), 0)
	if !r.Phased || len(w) != 1 || w[0].End.Sub(w[0].Start) != time.Hour-time.Second {
		t.Errorf("rate window %v", w)
	}
}

// TestKubernetes: a CronJob's schedule is standard cron in its timeZone.
func TestKubernetes(t *testing.T) {
	checkRuns(t, graph.Cron, []runCase{
		{expr: "0 2 * * *", tz: "Europe/Dublin", want: []string{"2026-03-02T02:00:00Z"}},
		{expr: "*/5 * * * *", tz: "Asia/Tokyo", want: []string{"2026-03-02T09:00:00+09:00"}},
		{expr: "@every 6h", want: []string{"2026-03-02T00:00:00Z", "2026-03-02T06:00:00Z"}},
	})
}
