package main

import (
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// memProfileEnv names a file: when set, every command writes there a heap profile taken when
// the live heap is at its largest (checked every 100 ms; rewritten at each new high by 5 %), to
// see where the memory of a large build goes. Read it with `go tool pprof -sample_index=inuse_space`.
const memProfileEnv = "GONGKAI_MEMPROFILE"

// startMemProfile starts the sampler when the environment asks for it; stop writes the last
// profile if none was written yet.
func startMemProfile() (stop func()) {
	file := os.Getenv(memProfileEnv)
	if file == "" {
		return func() {}
	}
	runtime.MemProfileRate = 64 << 10
	write := func() {
		if f, err := os.Create(file); err == nil {
			runtime.GC() // the profile shows the heap as of the last collection
			pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var high uint64
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				if high == 0 {
					write()
				}
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > high+high/20 {
				high = v
				write()
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}
