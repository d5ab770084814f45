// Package synth writes a complete, valid, realistic data/ tree of any size for a fictional city:
// the input of the benchmarks and of tests that need scale. The same Options give the same bytes.
package synth

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gongkai/gongkai/generator/records"
)

// Options say how much to generate.
type Options struct {
	Projects int   // number of project files
	Seed     int64 // same seed, same bytes
	Years    []int // budget years the projects belong to; default 2025, 2026
	// AsOf is "today" in the synthetic world: stages dated later have not happened and are left
	// out. Default: 15 December of the last year, so every deadline falls inside a year with an
	// official calendar.
	AsOf records.Date
	// Replace removes an existing root/data/ first; without it Write refuses to mix trees.
	Replace bool

	horizon records.Date
}

// Write writes the data tree under root/data/.
func Write(root string, opt Options) error {
	if opt.Projects < 0 {
		return errors.New("synth: negative project count")
	}
	if len(opt.Years) == 0 {
		opt.Years = []int{2025, 2026}
	}
	opt.Years = append([]int(nil), opt.Years...)
	sort.Ints(opt.Years)
	opt.horizon = opt.AsOf
	if opt.horizon.IsZero() {
		opt.horizon = records.NewDate(opt.Years[len(opt.Years)-1], 12, 15)
	}
	data := filepath.Join(root, "data")
	if _, err := os.Stat(data); err == nil {
		if !opt.Replace {
			return fmt.Errorf("synth: %s already exists (use Replace to overwrite it)", data)
		}
		if err := os.RemoveAll(data); err != nil {
			return err
		}
	}

	master := rand.New(rand.NewPCG(uint64(opt.Seed), 0x9e3779b97f4a7c15))
	w := newWorld(opt, master)
	plans := w.plans(master)

	// Stages are generated in parallel, each project from its own stream so the result does not
	// depend on scheduling.
	gens := make([]generated, len(plans))
	parallel(len(plans), func(i int) {
		r := rand.New(rand.NewPCG(uint64(opt.Seed), uint64(i)+1))
		gens[i] = w.generate(plans[i], r)
	})
	w.applyBars(gens)
	budgets := w.budgets(plans, gens, master)

	dirs := []string{"data/providers", "data/budgets", "data/calendar"}
	for _, y := range opt.Years {
		dirs = append(dirs, "data/projects/"+strconv.Itoa(y))
	}
	for _, d := range dirs {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return err
		}
	}

	var e emitter
	write := func(rel string, fill func(*emitter)) error {
		e.reset()
		fill(&e)
		return os.WriteFile(filepath.Join(root, rel), e.b, 0o644)
	}
	errs := []error{
		write("data/site.yaml", func(e *emitter) { e.site(w.site) }),
		write("data/bodies.yaml", func(e *emitter) { e.bodies(w.bodies) }),
		write("data/catalogue.yaml", func(e *emitter) { e.catalogue(w.catalogue()) }),
	}
	for _, b := range budgets {
		errs = append(errs, write(fmt.Sprintf("data/budgets/%d.yaml", b.Year), func(e *emitter) { e.budget(b) }))
	}
	for _, y := range opt.Years {
		if c, ok := officialCalendars[y]; ok {
			errs = append(errs, write(fmt.Sprintf("data/calendar/%d.yaml", y), func(e *emitter) { e.calendar(&c) }))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}

	// Providers and projects: a bounded pool of writers, one emitter each.
	var mu sync.Mutex
	var ferrs []error
	fail := func(err error) {
		mu.Lock()
		ferrs = append(ferrs, err)
		mu.Unlock()
	}
	pool := sync.Pool{New: func() any { return new(emitter) }}
	parallelN(ioWorkers, len(w.providers), func(i int) {
		e := pool.Get().(*emitter)
		defer pool.Put(e)
		e.reset()
		p := w.providers[i]
		e.provider(p)
		if err := os.WriteFile(filepath.Join(root, "data/providers", p.CreditCode+".yaml"), e.b, 0o644); err != nil {
			fail(err)
		}
	})
	parallelN(ioWorkers, len(gens), func(i int) {
		e := pool.Get().(*emitter)
		defer pool.Put(e)
		e.reset()
		p := gens[i].p
		e.project(p, i%3 == 0)
		if err := os.WriteFile(filepath.Join(root, "data/projects", strconv.Itoa(p.Year), p.ID+".yaml"), e.b, 0o644); err != nil {
			fail(err)
		}
	})
	return errors.Join(ferrs...)
}

// parallel calls f(0..n-1) on a bounded pool of goroutines.
func parallel(n int, f func(i int)) { parallelN(runtime.GOMAXPROCS(0), n, f) }

// ioWorkers bounds the file writers: creating a file is a blocking syscall that costs far more
// than composing it, so more writers than cores keep the disk queue full.
const ioWorkers = 16

func parallelN(workers, n int, f func(i int)) {
	if workers > n {
		workers = n
	}
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next += 16
				mu.Unlock()
				if i >= n {
					return
				}
				for j := i; j < min(i+16, n); j++ {
					f(j)
				}
			}
		}()
	}
	wg.Wait()
}

// plans makes the sequential choices: year, body, item, funding, id and budget line.
func (w *world) plans(r *rand.Rand) []plan {
	n := w.opt.Projects
	plans := make([]plan, n)
	seq := map[string]int{}
	type lineKey struct {
		body    string
		year    int
		item    string
		funding string
	}
	lines := map[lineKey]bool{}
	for i := range plans {
		year := w.opt.Years[i*len(w.opt.Years)/max(n, 1)]
		b := w.pickBody(r)
		it := w.items[pick(r, w.bodyDept[b.ID].items)]
		f := pickFunding(r, it.theme)
		k := b.ID + "/" + strconv.Itoa(year)
		seq[k]++
		plans[i] = plan{index: i, year: year, body: b, item: it, funding: f,
			id: fmt.Sprintf("%s-%d-%04d", strings.ToUpper(b.ID), year, seq[k])}
		lines[lineKey{b.ID, year, it.code, f}] = true
	}
	// Line ids: per body and year, numbered in item then funding order.
	keys := make([]lineKey, 0, len(lines))
	for k := range lines {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.body != b.body {
			return a.body < b.body
		}
		if a.year != b.year {
			return a.year < b.year
		}
		if a.item != b.item {
			return a.item < b.item
		}
		return a.funding < b.funding
	})
	ids := map[lineKey]string{}
	num := map[string]int{}
	for _, k := range keys {
		bk := k.body + "/" + strconv.Itoa(k.year)
		num[bk]++
		ids[k] = fmt.Sprintf("%s-%d-%02d", k.body, k.year, num[bk])
	}
	for i := range plans {
		p := &plans[i]
		p.line = ids[lineKey{p.body.ID, p.year, p.item.code, p.funding}]
	}
	return plans
}

// applyBars turns a failed evaluation's 取消承接资格 into a sanction on the provider, unless the
// provider already holds an award dated inside the bar (then the buyer could only demand
// rectification, which is what the record then says).
func (w *world) applyBars(gens []generated) {
	awards := map[int][]records.Date{}
	for _, g := range gens {
		if g.winner >= 0 {
			awards[g.winner] = append(awards[g.winner], g.decided)
		}
	}
	for _, g := range gens {
		if g.barEval < 0 {
			continue
		}
		e := g.p.Evaluations[g.barEval]
		c := e.Consequence
		conflict := false
		for _, d := range awards[g.winner] {
			if !d.Before(c.From) && !d.After(c.To) {
				conflict = true
				break
			}
		}
		if conflict {
			e.Consequence = &records.Consequence{Kind: "整改意见", Detail: "限期30日内整改，整改期间暂缓支付后续款项"}
			continue
		}
		p := w.providers[g.winner]
		p.Sanctions = append(p.Sanctions, records.Sanction{
			From: c.From, To: c.To,
			Reason:    fmt.Sprintf("%s绩效评价不合格（项目编号 %s）", e.Kind, g.p.ID),
			Document:  fmt.Sprintf("示财购处〔%d〕%d号", c.From.Year, 100+len(p.Sanctions)),
			DecidedBy: g.p.Body,
			Barred:    true,
		})
	}
}

// budgets sizes every line to cover its projects with some headroom, and adds a few lines
// nothing was bought on yet.
func (w *world) budgets(plans []plan, gens []generated, r *rand.Rand) []*records.BudgetYear {
	type acc struct {
		line *records.BudgetLine
		sum  records.Money
	}
	byID := map[string]*acc{}
	for i, pl := range plans {
		a := byID[pl.line]
		if a == nil {
			a = &acc{line: &records.BudgetLine{ID: pl.line, Name: fmt.Sprintf("%d年%s", pl.year, pl.item.name),
				Item: pl.item.code, Source: pl.funding, Year: pl.year, Body: pl.body.ID}}
			byID[pl.line] = a
		}
		a.sum += gens[i].p.Budget
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	perBodyYear := map[string][]*records.BudgetLine{}
	for _, id := range ids {
		a := byID[id]
		headroom := 1 + 0.2*r.Float64()
		// lines are budgeted in whole 万元
		a.line.Amount = records.Money((int64(float64(a.sum)*headroom)/1_000_000 + 1) * 1_000_000)
		if r.IntN(5) == 0 {
			a.line.Note = pick(r, []string{"含上年结转资金", "按季度拨付", "据实结算", "其中部分资金用于项目绩效评价"})
		}
		k := a.line.Body + "/" + strconv.Itoa(a.line.Year)
		perBodyYear[k] = append(perBodyYear[k], a.line)
	}
	var out []*records.BudgetYear
	for _, y := range w.opt.Years {
		by := &records.BudgetYear{Year: y}
		for _, b := range w.bodies {
			k := b.ID + "/" + strconv.Itoa(y)
			lines := perBodyYear[k]
			if r.IntN(5) == 0 {
				// a reserved line with no project yet
				it := w.items[pick(r, w.bodyDept[b.ID].items)]
				lines = append(lines, &records.BudgetLine{
					ID: fmt.Sprintf("%s-%d-%02d", b.ID, y, len(lines)+1), Name: fmt.Sprintf("%d年%s（预留）", y, it.name),
					Item: it.code, Amount: records.Money((10 + r.IntN(90)) * 1_000_000), Source: "一般公共预算",
				})
			}
			if len(lines) == 0 {
				continue
			}
			by.Bodies = append(by.Bodies, &records.BodyBudget{Body: b.ID, Lines: lines})
		}
		if len(by.Bodies) > 0 { // a year with nothing budgeted has no file
			out = append(out, by)
		}
	}
	return out
}
