package main

import (
	"syscall"
	"time"
)

// lowerPriority makes this process yield the CPU and the disk to any other: the removal of an
// old published tree must not slow the next build down.
func lowerPriority() {
	syscall.Setpriority(syscall.PRIO_PROCESS, 0, 19)
	const whoProcess, classIdle, classShift = 1, 3, 13 // linux/ioprio.h
	syscall.Syscall(syscall.SYS_IOPRIO_SET, whoProcess, 0, classIdle<<classShift)
}

// processCPU is the processor time this process has used so far (user and system), or 0.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
