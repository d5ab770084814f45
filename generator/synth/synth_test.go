package synth

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/generator/records"
)

// TestLoadsWithoutErrors: a synthetic tree is valid input for the loader.
func TestLoadsWithoutErrors(t *testing.T) {
	for _, n := range []int{0, 1, 300} {
		root := t.TempDir()
		if err := Write(root, Options{Projects: n, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		ds, diags := records.Load(root)
		if diags.Errors() > 0 {
			diags.Sort()
			for i, d := range diags {
				if i == 20 {
					break
				}
				t.Errorf("%d projects: %s: %s [%s] %s", n, d.Pos, d.Severity, d.Code, d.Message)
			}
			t.Fatalf("%d projects: %d errors", n, diags.Errors())
		}
		if len(ds.Projects) != n {
			t.Fatalf("loaded %d projects, want %d", len(ds.Projects), n)
		}
	}
}

// TestDeterministic: the same seed gives byte-identical trees, another seed does not.
func TestDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, x := range []struct {
		dir  string
		seed int64
	}{{a, 3}, {b, 3}, {c, 4}} {
		if err := Write(x.dir, Options{Projects: 400, Seed: x.seed}); err != nil {
			t.Fatal(err)
		}
	}
	ta, tb, tc := tree(t, a), tree(t, b), tree(t, c)
	if len(ta) != len(tb) {
		t.Fatalf("file counts differ: %d vs %d", len(ta), len(tb))
	}
	for name, data := range ta {
		if !bytes.Equal(data, tb[name]) {
			t.Fatalf("%s differs between two writes with the same seed", name)
		}
	}
	same := 0
	for name, data := range ta {
		if bytes.Equal(data, tc[name]) {
			same++
		}
	}
	if same == len(ta) {
		t.Fatal("a different seed wrote the same tree")
	}
}

func tree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[strings.TrimPrefix(p, root)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRealistic checks the proportions and truths the benchmarks rely on, on the loaded model.
func TestRealistic(t *testing.T) {
	root := t.TempDir()
	if err := Write(root, Options{Projects: 2000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	ds, diags := records.Load(root)
	if diags.Errors() > 0 {
		diags.Sort()
		for _, d := range diags {
			t.Errorf("%s: %s [%s] %s", d.Pos, d.Severity, d.Code, d.Message)
		}
		t.Fatalf("%d load errors", diags.Errors())
	}
	methods := map[string]int{}
	var ss, amend, term, award, contract, eval, barred int
	for _, p := range ds.Projects {
		if p.Call != nil {
			methods[p.Call.Method]++
			if p.Call.Method == records.MethodSingleSource && p.SingleSource == nil {
				t.Errorf("%s: single-source call without its notice", p.ID)
			}
			if p.Call.Method != records.MethodOpen && p.Call.Approval == nil {
				t.Errorf("%s: %s without approval", p.ID, p.Call.Method)
			}
			sum := 0
			for _, in := range p.Call.Standard.Indicators {
				sum += in.Weight
			}
			if sum != 100 {
				t.Errorf("%s: indicator weights sum to %d", p.ID, sum)
			}
		}
		if p.SingleSource != nil {
			ss++
		}
		amend += min(len(p.Amendments), 1)
		if p.Termination != nil {
			term++
		}
		if p.Award != nil {
			award++
			for _, w := range p.Award.Winners {
				if w.Amount > p.Budget || (p.Call.Ceiling > 0 && w.Amount > p.Call.Ceiling) {
					t.Errorf("%s: award %d over budget %d / ceiling %d", p.ID, w.Amount, p.Budget, p.Call.Ceiling)
				}
			}
		}
		if p.Contract != nil {
			contract++
			var paid records.Money
			for _, x := range p.Payments {
				paid += x.Amount
			}
			if paid > p.Contract.Amount {
				t.Errorf("%s: paid %d > contract %d", p.ID, paid, p.Contract.Amount)
			}
		}
		for _, e := range p.Evaluations {
			eval++
			var s float64
			for _, in := range e.Indicators {
				s += in.Score
			}
			if d := s - e.Score; d > 0.05 || d < -0.05 {
				t.Errorf("%s: indicator scores sum %.1f, score %.1f", p.ID, s, e.Score)
			}
		}
	}
	for _, p := range ds.Providers {
		for _, s := range p.Sanctions {
			if s.Barred {
				barred++
			}
		}
	}
	n := len(ds.Projects)
	open := methods[records.MethodOpen]
	if open*100/n < 40 || open*100/n > 65 {
		t.Errorf("公开招标 is %d of %d projects", open, n)
	}
	for _, m := range records.Methods {
		if methods[m] == 0 {
			t.Errorf("no project uses %s", m)
		}
	}
	for name, c := range map[string]int{"single-source notices": ss, "amended calls": amend, "terminations": term,
		"awards": award, "contracts": contract, "evaluations": eval, "barred providers": barred} {
		if c == 0 {
			t.Errorf("no %s in 2000 projects", name)
		}
	}
	t.Logf("methods %v; ss %d, amended %d, terminated %d, awards %d, contracts %d, evaluations %d, bars %d",
		methods, ss, amend, term, award, contract, eval, barred)
}

func BenchmarkWrite10k(b *testing.B) {
	for b.Loop() {
		if err := Write(b.TempDir(), Options{Projects: 10000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
