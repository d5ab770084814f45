//go:build !linux

package main

// lowerPriority is a no-op where the process priority is not set (see priority_linux.go).
func lowerPriority() {}
