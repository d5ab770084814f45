package publish

// BusyError is returned when another build is publishing to the same directory.
type BusyError struct {
	Dir string
	PID string // the other build's process id, when known
}

func (e *BusyError) Error() string {
	pid := ""
	if e.PID != "" {
		pid = "（进程 " + e.PID + "）"
	}
	pidEn := ""
	if e.PID != "" {
		pidEn = " (process " + e.PID + ")"
	}
	return "另一个生成正在写入 " + e.Dir + pid + "，请等它结束后再试 / another build is writing " + e.Dir + pidEn +
		"; wait for it to finish and try again"
}
