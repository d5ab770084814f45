//go:build !unix

package publish

// lock is a no-op where flock is not available.
func lock(dir string) (unlock func(), err error) { return func() {}, nil }
