// Package cli implements the coordinator command line: it parses subcommands and flags, calls the
// packages that do the work and maps the result to an exit code.
//
// # Exit codes
//
//	0  success
//	1  the command ran and failed (a store it could not open, a session that does not exist)
//	2  bad usage or an invalid configuration file
//
// Every subcommand answers -h/--help with its usage on stdout and exit code 0.
package cli
