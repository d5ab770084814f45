package main

import (
	"os"
	"runtime/pprof"
)

// cpuProfileEnv names a file: when set, every command writes a CPU profile of its whole run
// there (a preview's too, once stopped with Ctrl-C), to see where an edit's time goes.
const cpuProfileEnv = "GONGKAI_CPUPROFILE"

// startCPUProfile starts the profile when the environment asks for it; stop writes it.
func startCPUProfile() (stop func()) {
	file := os.Getenv(cpuProfileEnv)
	if file == "" {
		return func() {}
	}
	f, err := os.Create(file)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
