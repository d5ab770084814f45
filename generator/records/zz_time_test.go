package records
import ("testing";"os";"time";"syscall";"runtime/pprof";"runtime/debug";"strconv")
func cpu() time.Duration { var r syscall.Rusage; syscall.Getrusage(0, &r); return time.Duration(r.Utime.Nano()+r.Stime.Nano()) }
func TestTimeTmp(t *testing.T){
 root := os.Getenv("GEN_ROOT")
 if root == "" { t.Skip() }
 if g := os.Getenv("GCP"); g != "" { n, _ := strconv.Atoi(g); debug.SetGCPercent(n) }
 if p := os.Getenv("PROF"); p != "" { f, _ := os.Create(p); pprof.StartCPUProfile(f); defer pprof.StopCPUProfile() }
 for i := 0; i < 2; i++ {
 c0, w0 := cpu(), time.Now()
 ds, diags := Load(root)
 t.Logf("wall %v cpu %v projects %d diags %d", time.Since(w0), cpu()-c0, len(ds.Projects), len(diags))
 }
}
