//go:build unix

package publish

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// lock takes dir.lock, an flock the kernel releases when the process ends however it ends, so a
// killed build never leaves a stale lock. The file is removed on unlock; a build that opened it
// just before checks, once it holds the lock, that the name still leads to the file it locked.
func lock(dir string) (unlock func(), err error) {
	name := dir + ".lock"
	for range 10 {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("publish: %w", err)
		}
		if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
			holder, _ := os.ReadFile(name)
			f.Close()
			if errors.Is(err, unix.EWOULDBLOCK) {
				return nil, &BusyError{Dir: dir, PID: strings.TrimSpace(string(holder))}
			}
			return nil, fmt.Errorf("publish: %w", err)
		}
		var held, now unix.Stat_t
		if unix.Fstat(int(f.Fd()), &held) != nil || unix.Stat(name, &now) != nil || held.Ino != now.Ino || held.Dev != now.Dev {
			f.Close() // the holder before us removed it: lock the new file
			continue
		}
		f.Truncate(0)
		f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
		return func() {
			os.Remove(name)
			f.Close()
		}, nil
	}
	return nil, &BusyError{Dir: dir}
}
