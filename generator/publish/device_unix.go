//go:build unix

package publish

import "golang.org/x/sys/unix"

// sameDevice says whether the folders a and b are on one filesystem.
func sameDevice(a, b string) bool {
	var sa, sb unix.Stat_t
	return unix.Stat(a, &sa) == nil && unix.Stat(b, &sb) == nil && sa.Dev == sb.Dev
}
