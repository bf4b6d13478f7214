package schedule

import (
	"testing"

	"github.com/convene-dev/convene/graph"
)

// fuzzParse checks that Parse never panics and that an accepted schedule
// lists runs in increasing order inside the window, each inside its own
// window.
func fuzzParse(t *testing.T, d graph.Dialect, expr string) {
	s, err := Parse(graph.Schedule{Expr: expr, Dialect: d}, WithSeed("job"))
	if err != nil {
		return
	}
	end := from.AddDate(1, 0, 0)
	runs := s.Runs(from, end, 20)
	for i, r := range runs {
		if r.Before(from) || !r.Before(end) || (i > 0 && !r.After(runs[i-1])) {
			t.Fatalf("%q: run %d %v out of order or window", expr, i, r)
		}
	}
	for _, w := range s.Windows(from, end, 20) {
		if w.End.Before(w.Start) {
			t.Fatalf("%q: window %v ends before it starts", expr, w)
		}
	}
}

func FuzzCron(f *testing.F) {
	for _, s := range []string{"5 0 * * *", "0 0 1,15 * 3", "0~30 2 * * *", "CRON_TZ=Europe/Berlin 15 3 * * *", "@reboot", "*/2 1-5 * jan-mar sun-sat", "5 4 * * 7", "01 * * * *", "0 3 * * *"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		fuzzParse(t, graph.Cron, expr)
		fuzzParse(t, graph.Jenkins, expr)
	})
}

func FuzzCalendar(f *testing.F) {
	for _, s := range []string{"daily", "*-*-* 03:15:00 Europe/Berlin", "Mon..Fri *-*-* 09:00", "*:00/10", "Mon *-05~07/1", "05:40:23.4200004/3.1700005", "Wed, 17:48", "00:07:00", "00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) { fuzzParse(t, graph.Systemd, expr) })
}

func FuzzAWS(f *testing.F) {
	for _, s := range []string{"cron(30 1 * * ? *)", "cron(0 9 ? * 2#1 *)", "cron(0 0 LW * ? *)", "rate(5 minutes)", "at(2026-11-20T13:00:00)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) { fuzzParse(t, graph.AWS, expr) })
}
