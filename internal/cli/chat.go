package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/internal/app"
	"github.com/discord-coordinator/coordinator/internal/redact"
)

const chatSynopsis = `chat [-config FILE] -channel CHANNEL_ID

Reads lines from stdin as messages from a local user in the channel and prints what happens to
each: the same actors, Claude runner and store as the Discord bot, without Discord. At the end of
input it waits for the answers, then exits.`

func chat(ctx context.Context, args []string, env Env) int {
	fs := newFlagSet("chat", chatSynopsis)
	path := fs.String("config", defaultConfigPath, "configuration file")
	channel := fs.String("channel", "", "channel id (one of the config's projects[].channels)")
	user := fs.String("user", "local", "user name shown in the session record")
	if code, done := fs.parse(args, env); done {
		return code
	}
	if *channel == "" {
		return fs.usageError(env, "-channel is required")
	}
	cfg, ok := loadConfig(*path, env)
	if !ok {
		return ExitUsage
	}
	if _, ok := cfg.ProjectForChannel(*channel); !ok {
		return fs.usageError(env, "channel %s is not in any project of %s", *channel, *path)
	}

	secrets := redact.New(cfg.Secrets(env.LookupEnv)...)
	printer := newChatPrinter(env.Stdout, secrets)
	a, err := app.New(cfg, app.Options{Logger: newLogger(secrets.Writer(env.Stderr), cfg.Log.Level), Replier: printer, Redactor: secrets})
	if err != nil {
		fmt.Fprintf(env.Stderr, "coordinator chat: %v\n", err)
		return ExitFailure
	}
	if err := a.Start(ctx); err != nil {
		fmt.Fprintf(env.Stderr, "coordinator chat: %v\n", err)
		return ExitFailure
	}
	code := ExitOK
	if err := feedChat(ctx, env.Stdin, a.Actors(), printer, *channel, *user); err != nil {
		fmt.Fprintf(env.Stderr, "coordinator chat: %v\n", err)
		code = ExitFailure
	}
	stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := a.Stop(stopCtx); err != nil {
		fmt.Fprintf(env.Stderr, "coordinator chat: %v\n", err)
		code = ExitFailure
	}
	return code
}

// feedChat submits each non-empty line of in as a message, then waits until every message has
// its final outcome or ctx ends.
func feedChat(ctx context.Context, in io.Reader, sys *actors.System, p *chatPrinter, channel, user string) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				readErr <- nil
				return
			}
		}
		readErr <- sc.Err()
	}()
	n := 0
	for done := false; !done; {
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				done = true
				break
			}
			text := strings.TrimSpace(line)
			if text == "" {
				continue
			}
			n++
			id := fmt.Sprintf("local-%d", n)
			p.expect(id)
			msg := actors.Inbound{ChannelID: channel, MessageID: id, UserID: user, UserName: user, Text: text}
			if err := sys.Submit(msg); err != nil {
				return fmt.Errorf("submit message %d: %w", n, err)
			}
		}
	}
	if err := <-readErr; err != nil {
		return fmt.Errorf("read stdin: %w", err)
	}
	select {
	case <-p.allDone():
		return nil
	case <-ctx.Done():
		return nil
	}
}

// chatPrinter is the chat mode's reply port: it prints every outcome as one line.
type chatPrinter struct {
	mu      sync.Mutex
	w       io.Writer
	secrets *redact.Redactor
	open    map[string]bool // messages without a final outcome yet
	tools   map[string]int  // tool calls printed so far, by message
	waiters []chan struct{}
}

func newChatPrinter(w io.Writer, secrets *redact.Redactor) *chatPrinter {
	return &chatPrinter{w: w, secrets: secrets, open: make(map[string]bool), tools: make(map[string]int)}
}

func (p *chatPrinter) expect(id string) {
	p.mu.Lock()
	p.open[id] = true
	p.mu.Unlock()
}

// allDone returns a channel closed once no message waits for its final outcome.
func (p *chatPrinter) allDone() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	ch := make(chan struct{})
	if len(p.open) == 0 {
		close(ch)
	} else {
		p.waiters = append(p.waiters, ch)
	}
	return ch
}

// Deliver prints an outcome.
func (p *chatPrinter) Deliver(o actors.Outcome) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if o.Kind == actors.Working { // one line per tool call, not per event
		if o.Progress == nil || o.Progress.Tools <= p.tools[o.MessageID] {
			return
		}
		p.tools[o.MessageID] = o.Progress.Tools
	}
	text, _ := p.secrets.String(describeOutcome(o))
	fmt.Fprintf(p.w, "[%s] %s\n", o.MessageID, text)
	switch o.Kind {
	case actors.Queued, actors.Started, actors.Working:
		return
	}
	delete(p.open, o.MessageID)
	delete(p.tools, o.MessageID)
	if len(p.open) == 0 {
		for _, ch := range p.waiters {
			close(ch)
		}
		p.waiters = nil
	}
}

func describeOutcome(o actors.Outcome) string {
	switch o.Kind {
	case actors.Queued:
		return fmt.Sprintf("queued #%d", o.Position)
	case actors.Started:
		if o.Resumed {
			return "running (resuming the channel's session)"
		}
		return "running (new session)"
	case actors.Answered:
		note := ""
		if o.NewSession {
			note = " [the old session was gone: a new one was started]"
		}
		return fmt.Sprintf("answer (%s, %d turns, $%.4f)%s:\n%s", o.Duration.Round(time.Millisecond), o.Turns, o.CostUSD, note, o.Text)
	case actors.Failed:
		return fmt.Sprintf("failed (error id %s): %s", o.ErrorID, o.Text)
	case actors.Cancelled:
		return "cancelled"
	case actors.Working:
		return strings.TrimSpace(fmt.Sprintf("tool %d: %s %s", o.Progress.Tools, o.Progress.Tool, o.Progress.ToolArg))
	default:
		return fmt.Sprintf("%s: %s", o.Kind, o.Text)
	}
}

// newLogger returns the process logger: zerolog JSON on w at level (info when unknown).
func newLogger(w io.Writer, level string) zerolog.Logger {
	lvl, err := zerolog.ParseLevel(level)
	if err != nil || level == "" {
		lvl = zerolog.InfoLevel
	}
	return zerolog.New(w).Level(lvl).With().Timestamp().Logger()
}
