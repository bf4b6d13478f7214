package app

import (
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// progress shows connectors finishing on a terminal; it does nothing when
// the display is off.
type progress struct {
	p   *mpb.Progress
	bar *mpb.Bar
}

func (a *App) newProgress(total int) *progress {
	if !a.Progress || total == 0 {
		return &progress{}
	}
	p := mpb.New(mpb.WithOutput(a.Stderr), mpb.WithWidth(40))
	bar := p.AddBar(int64(total),
		mpb.PrependDecorators(decor.Name("connectors "), decor.CountersNoUnit("%d/%d")),
		mpb.AppendDecorators(decor.Elapsed(decor.ET_STYLE_GO)),
		mpb.BarRemoveOnComplete())
	return &progress{p: p, bar: bar}
}

func (p *progress) done(string) {
	if p.bar != nil {
		p.bar.Increment()
	}
}

func (p *progress) wait() {
	if p.p != nil {
		p.p.Wait()
	}
}
