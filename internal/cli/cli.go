package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/discord-coordinator/coordinator/internal/config"
)

// Exit codes returned by Run.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// Env is what a command sees of the process: its streams and environment.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// LookupEnv reads an environment variable (os.LookupEnv in production).
	LookupEnv func(string) (string, bool)
	// Interrupts delivers the signals after the first one (which cancels the command's context):
	// a second SIGINT or SIGTERM makes `run` stop at once. nil: none.
	Interrupts <-chan os.Signal
}

// OSEnv returns the Env of the running process; interrupts are the signals after the first.
func OSEnv(interrupts <-chan os.Signal) Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, LookupEnv: os.LookupEnv, Interrupts: interrupts}
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, env Env) int
}

func commands() map[string]command {
	return map[string]command{
		"check-config": {"validate a configuration file and explain it", checkConfig},
		"sessions":     {"list, show or reset the Claude session of a channel", sessions},
		"chat":         {"talk to a channel from the terminal, without Discord", chat},
		"run":          {"run the Discord bot (token from DISCORD_TOKEN)", run},
		"doctor":       {"check the configuration, store, Claude CLI, project dirs and Discord token", doctorCmd},
		"version":      {"print the version, commit, Go version and tested Claude CLI version", versionCmd},
		"backup":       {"write a checked copy of the store, also while coordinator runs", backupCmd},
		"restore":      {"replace the store with a backup (coordinator stopped)", restoreCmd},
	}
}

// Run executes the coordinator command line args (without the program name) and returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	cmds := commands()
	if len(args) == 0 {
		usage(env.Stderr, cmds)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(env.Stdout, cmds)
		return ExitOK
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "coordinator: unknown command %q\n\n", args[0])
		usage(env.Stderr, cmds)
		return ExitUsage
	}
	return cmd.run(ctx, args[1:], env)
}

func usage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for name := range cmds {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("coordinator drives Claude Code from Discord.\n\nUsage:\n  coordinator <command> [flags]\n\nCommands:\n")
	for _, name := range names {
		fmt.Fprintf(&b, "  %-14s %s\n", name, cmds[name].summary)
	}
	b.WriteString("\nRun 'coordinator <command> --help' for a command's flags.\n")
	io.WriteString(w, b.String())
}

// flagSet is a flag.FlagSet that knows its synopsis and prints its usage on demand only.
type flagSet struct {
	*flag.FlagSet
	synopsis string
}

// newFlagSet returns a flag set for the subcommand name; synopsis is the usage line after "coordinator".
func newFlagSet(name, synopsis string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {} // printed by parse, to the right stream
	return &flagSet{FlagSet: fs, synopsis: synopsis}
}

func (fs *flagSet) printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: coordinator %s\n", fs.synopsis)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

// parse parses args. done reports that the caller must return code: help was shown (0) or the
// flags were bad (2).
func (fs *flagSet) parse(args []string, env Env) (code int, done bool) {
	fs.SetOutput(env.Stderr) // where flag reports a bad flag
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.printUsage(env.Stdout)
		return ExitOK, true
	case err != nil:
		fs.printUsage(env.Stderr)
		return ExitUsage, true
	}
	return ExitOK, false
}

// parseNoArgs is parse for a subcommand that takes flags only: a positional argument is a usage error.
func (fs *flagSet) parseNoArgs(args []string, env Env) (code int, done bool) {
	if code, done := fs.parse(args, env); done {
		return code, true
	}
	if fs.NArg() > 0 {
		return fs.usageError(env, "unexpected argument %q", fs.Arg(0)), true
	}
	return ExitOK, false
}

// parseOneArg is parse for a subcommand that takes exactly one positional argument, described by what.
func (fs *flagSet) parseOneArg(args []string, env Env, what string) (code int, done bool) {
	if code, done := fs.parse(args, env); done {
		return code, true
	}
	if fs.NArg() != 1 {
		return fs.usageError(env, "want one argument, %s, got %d", what, fs.NArg()), true
	}
	return ExitOK, false
}

// loadConfig loads and validates the configuration file at path; on an error it prints every
// problem to stderr and reports false (the caller exits with ExitUsage).
func loadConfig(path string, env Env) (*config.Config, bool) {
	cfg, err := config.Load(path, env.LookupEnv)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return nil, false
	}
	return cfg, true
}

// usageError reports a misuse of a subcommand: the message, then its usage, on stderr.
func (fs *flagSet) usageError(env Env, format string, args ...any) int {
	fmt.Fprintf(env.Stderr, "coordinator %s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.printUsage(env.Stderr)
	return ExitUsage
}
