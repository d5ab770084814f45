// Command generator turns the procurement records under data/ into the public disclosure site.
//
//	generator check   validate data/ and report every problem
//	generator build   check, then render the site into public/
//	generator serve   preview with live reload
//	generator new     scaffold a project or its next stage
//	generator schema  print the JSON Schema of the data files
//
// Every command works on the current directory as the site root; --root DIR points elsewhere.
package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"

	"github.com/gongkai/gongkai/generator/publish"
)

// command is one subcommand. run gets the arguments after the command name and returns the exit
// code: 0 success, 1 the input has errors, 2 bad usage.
type command struct {
	name    string
	summary string // one line, Chinese / English
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

func main() {
	if len(os.Args) == 3 && os.Args[1] == removeAsideCmd {
		lowerPriority()
		publish.RemoveAside(os.Args[2])
		return
	}
	// This process ends when its command does: the old published tree is deleted by a detached
	// one, so a build returns as soon as the new site is in place.
	publish.Remove = removeDetached
	stop, stopCPU := startMemProfile(), startCPUProfile()
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stopCPU()
	stop()
	os.Exit(code)
}

// removeAsideCmd is the hidden command removeDetached starts: it deletes the old trees that
// publish.Dir moved aside beside the folder it names.
const removeAsideCmd = "__remove-aside"

// removeDetached starts this program again, not waited for, to delete the old trees beside dir.
// If it cannot start, the next build hands them over again.
func removeDetached(dir string) {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	cmd := exec.Command(exe, removeAsideCmd, dir)
	if cmd.Start() == nil {
		cmd.Process.Release()
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" || args[0] == "-version" || args[0] == "version" {
		fmt.Fprintln(stdout, version())
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "未知命令 %q（unknown command）\n\n", args[0])
		usage(stderr)
		return 2
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "用法 usage: generator <命令 command> [选项 flags]")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "  --version 版本 / print the version")
	fmt.Fprintln(w, "\n每个命令默认以当前目录为站点根目录；用 --root DIR 指定其他目录。")
}
