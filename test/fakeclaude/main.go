package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == grandchildArg {
		runGrandchild()
		return
	}
	a := newApp()
	sigs := notifySignals()
	a.logStart()
	go a.handleSignals(sigs)
	a.exit(a.run())
}

// app is one invocation of the fake CLI.
type app struct {
	argv       []string
	environ    []string
	getenv     func(string) string
	cwd        string
	pid        int
	start      time.Time
	stdin      *os.File
	stdout     *output
	stderr     io.Writer
	log        *invocationLog
	ignoreTerm atomic.Bool
	onSIGINT   atomic.Pointer[obj] // the line SIGINT prints before exiting 0, if any
}

// newApp captures the process state; it does no I/O.
func newApp() *app {
	cwd, err := os.Getwd()
	if err != nil {
		cwd = "."
	}
	a := &app{
		argv: os.Args[1:], environ: os.Environ(), getenv: os.Getenv, cwd: cwd, pid: os.Getpid(),
		start: time.Now(), stdin: os.Stdin, stdout: &output{w: os.Stdout}, stderr: os.Stderr,
	}
	a.log = &invocationLog{path: os.Getenv("FAKECLAUDE_LOG"), pid: a.pid}
	return a
}

// logStart writes the start line of the invocation log.
func (a *app) logStart() {
	a.log.start(startRecord{
		Argv: a.argv, EnvNames: envNames(a.environ), Cwd: a.cwd, PID: a.pid, PGID: syscall.Getpgrp(),
		Start: a.start.Format(time.RFC3339Nano), TmpDir: a.getenv("TMPDIR"),
	})
}

// exit records the exit code in the invocation log and ends the process.
func (a *app) exit(code int) {
	a.log.end(code)
	os.Exit(code)
}

// errorln writes one line to stderr.
func (a *app) errorln(msg string) { fmt.Fprintln(a.stderr, msg) }

// notifySignals starts catching SIGTERM and SIGINT; signals queue until handleSignals runs.
// Registering before the start line is logged means that once a test sees the start line,
// a signal gets the CLI's behaviour rather than Go's default.
func notifySignals() chan os.Signal {
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, syscall.SIGTERM, syscall.SIGINT)
	return ch
}

// handleSignals handles SIGTERM like the real CLI (exit 143 at once, no result; or nothing
// under fake:ignore-term) and SIGINT (exit 0, no result; in stream-json after init, first
// the "[Request interrupted by user]" line). It runs as long as the process.
func (a *app) handleSignals(ch <-chan os.Signal) {
	for sig := range ch {
		switch sig {
		case syscall.SIGTERM:
			if !a.ignoreTerm.Load() {
				a.exit(143)
			}
		case syscall.SIGINT:
			a.stdout.lastWord(time.Second, func(w io.Writer) {
				if ev := a.onSIGINT.Load(); ev != nil {
					_, _ = w.Write(encodeLine(*ev))
				}
			})
			a.exit(0)
		}
	}
}

// blockForever stands for a CLI that never answers; only a signal ends it.
func blockForever() {
	for {
		time.Sleep(time.Hour)
	}
}
