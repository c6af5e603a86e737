package main

import (
	"io"
	"os"
	"time"
)

// stdinWait is how long the real CLI waits for the first stdin byte from an open pipe.
const stdinWait = 3 * time.Second

// readStdin returns the prompt text piped on stdin. A character device (a terminal or
// /dev/null) gives nothing; a pipe that stays silent for stdinWait gives nothing and a
// warning, as in the real CLI. The reading goroutine ends with the process at worst.
func readStdin(f *os.File, warn func(string)) string {
	if f == nil {
		return ""
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice != 0 {
		return ""
	}
	first := make(chan []byte, 1)
	all := make(chan []byte, 1)
	go func() {
		buf := make([]byte, 64<<10)
		n, _ := f.Read(buf)
		first <- buf[:n]
		if n == 0 {
			all <- nil
			return
		}
		rest, _ := io.ReadAll(f)
		all <- append(buf[:n:n], rest...)
	}()
	timer := time.NewTimer(stdinWait)
	defer timer.Stop()
	select {
	case b := <-first:
		if len(b) == 0 {
			return ""
		}
		return string(<-all)
	case <-timer.C:
		warn("Warning: no stdin data received in 3s, proceeding without it.")
		return ""
	}
}
