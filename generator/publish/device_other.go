//go:build !unix

package publish

// sameDevice cannot tell here: the spare stays beside the published folder.
func sameDevice(a, b string) bool { return false }
