//go:build unix

package export

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system time so far: the benchmarks report it beside the
// wall time, which on a shared machine measures the other work as much as this.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
