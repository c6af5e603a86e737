package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/discord-coordinator/coordinator/store"
)

const sessionsSynopsis = `sessions <list|show|reset> [-config FILE] [CHANNEL_ID]

  list                 every channel's session
  show CHANNEL_ID      one channel's session and its recent runs
  reset CHANNEL_ID     forget the channel's session: its next message starts a new one`

func sessions(_ context.Context, args []string, env Env) int {
	fs := newFlagSet("sessions", sessionsSynopsis)
	path := fs.String("config", defaultConfigPath, "configuration file (for store.path)")
	runs := fs.Int("runs", 10, "show: how many recent runs to list")
	if len(args) == 0 {
		return fs.usageError(env, "missing action: list, show or reset")
	}
	action, rest := args[0], args[1:]
	if action == "-h" || action == "-help" || action == "--help" {
		fs.printUsage(env.Stdout)
		return ExitOK
	}
	if code, done := fs.parse(rest, env); done {
		return code
	}
	wantArgs := map[string]int{"list": 0, "show": 1, "reset": 1}
	n, ok := wantArgs[action]
	if !ok {
		return fs.usageError(env, "unknown action %q: want list, show or reset", action)
	}
	if fs.NArg() != n {
		return fs.usageError(env, "%s takes %d argument(s), got %d", action, n, fs.NArg())
	}

	cfg, ok := loadConfig(*path, env)
	if !ok {
		return ExitUsage
	}
	st, err := store.Open(cfg.Store.Path, store.Options{})
	if err != nil {
		fmt.Fprintf(env.Stderr, "coordinator sessions: %v\n", err)
		return ExitFailure
	}
	defer st.Close()

	switch action {
	case "list":
		err = listSessions(env.Stdout, st)
	case "show":
		err = showSession(env.Stdout, st, fs.Arg(0), *runs)
	case "reset":
		err = resetSession(env.Stdout, st, fs.Arg(0))
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "coordinator sessions %s: %v\n", action, err)
		return ExitFailure
	}
	return ExitOK
}

func listSessions(w io.Writer, st *store.Store) error {
	all, err := st.ListSessions()
	if err != nil {
		return err
	}
	if len(all) == 0 {
		fmt.Fprintln(w, "no sessions")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CHANNEL\tPROJECT\tSESSION\tTURNS\tCOST\tLAST ACTIVE")
	for _, s := range all {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t$%.4f\t%s\n", s.ChannelID, s.Project, orDefault(s.ClaudeSessionID, "-"),
			s.Turns, s.TotalCostUSD, formatTime(s.LastActive))
	}
	return tw.Flush()
}

func showSession(w io.Writer, st *store.Store, channelID string, runs int) error {
	s, ok, err := st.GetSession(channelID)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no session for channel %s", channelID)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "channel:\t%s\n", s.ChannelID)
	fmt.Fprintf(tw, "project:\t%s\n", s.Project)
	fmt.Fprintf(tw, "claude session:\t%s\n", orDefault(s.ClaudeSessionID, "-"))
	fmt.Fprintf(tw, "model:\t%s\n", orDefault(s.Model, "project default"))
	fmt.Fprintf(tw, "created:\t%s\n", formatTime(s.CreatedAt))
	fmt.Fprintf(tw, "last active:\t%s\n", formatTime(s.LastActive))
	fmt.Fprintf(tw, "turns:\t%d\n", s.Turns)
	fmt.Fprintf(tw, "total cost:\t$%.4f\n", s.TotalCostUSD)
	fmt.Fprintf(tw, "last user:\t%s\n", orDefault(s.LastUserName, orDefault(s.LastUserID, "-")))
	fmt.Fprintf(tw, "last error id:\t%s\n", orDefault(s.LastErrorID, "-"))
	if err := tw.Flush(); err != nil {
		return err
	}
	log, err := st.ListRuns(channelID, runs)
	if err != nil {
		return err
	}
	if len(log) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nrecent runs (%d):\n", len(log))
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "START\tDURATION\tOUTCOME\tCOST\tUSER\tMESSAGE\tERROR ID")
	for _, r := range log {
		fmt.Fprintf(tw, "%s\t%s\t%s\t$%.4f\t%s\t%s\t%s\n", formatTime(r.Start), r.Duration.Round(time.Millisecond),
			r.Outcome, r.CostUSD, orDefault(r.UserID, "-"), orDefault(r.MessageID, "-"), orDefault(r.ErrorID, "-"))
	}
	return tw.Flush()
}

func resetSession(w io.Writer, st *store.Store, channelID string) error {
	deleted, err := st.DeleteSession(channelID)
	if err != nil {
		return err
	}
	if !deleted {
		return fmt.Errorf("no session for channel %s", channelID)
	}
	fmt.Fprintf(w, "session of channel %s reset: its next message starts a new Claude session\n", channelID)
	return nil
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}
