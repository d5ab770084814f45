package serve

import (
	"testing"
	"time"

	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
)

func TestZZProbe(t *testing.T) {
	t0 := time.Now()
	ds, diags := records.Load("/tmp/gkw/big")
	t.Logf("load %v (%d diags)", time.Since(t0), len(diags))
	t1 := time.Now()
	ds.AsOf = records.NewDate(2026, 12, 15)
	rules.Apply(ds)
	t.Logf("rules %v", time.Since(t1))
}
