//go:build !linux

package main

import "time"

// lowerPriority is a no-op where the process priority is not set (see priority_linux.go).
func lowerPriority() {}

// processCPU is not measured here (see priority_linux.go).
func processCPU() time.Duration { return 0 }
