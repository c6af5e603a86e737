// Package config loads and validates coordinator's YAML configuration file.
//
// # Loading
//
// [Load] reads a file and [Parse] parses bytes; both start from [Default], apply the file, then the environment overrides,
// then validate. Relative paths in the file (store.path, projects[].dir, dynamic_projects.roots[], and a claude.command
// that contains a slash) are resolved against the config file's directory and stored absolute; dynamic_projects.roots
// are also stored with their symlinks resolved. A key present with no value (`timeout:`) keeps its default; write "" or
// [] for an empty value.
//
// # Dynamic projects
//
// [DynamicProjects] is the policy of the /add-project command: the roots under which an admin may map a channel to a
// project directory at run time (none: the command is off), and the settings every such project gets, built by
// [DynamicProjects.Project]. Both it and [Project] embed one [ProjectSettings] inline (`yaml:",inline"`: its keys sit
// in the outer mapping), so its settings keys mean what they mean in projects[] and are validated the same way.
// Checking that a directory lies under a root is the command's job, not this package's.
//
// # Environment
//
// The Discord token never comes from the file: it is read only from env DISCORD_TOKEN into [Discord.Token], a [Secret]
// that prints as "[redacted]". A `token` key in the file is an unknown-key error. A missing token is not a config error
// (check-config works without it); the run command checks it. DISCORD_API_BASE_URL and DISCORD_GATEWAY_URL, when set and
// non-empty, override discord.api_base_url and discord.gateway_url and are validated like the file values.
// claude.env and claude.pass_env may not name DISCORD_TOKEN: the Claude child process must never receive it.
//
// # Errors
//
// The file is strict: an unknown key is an error. Every problem is collected, not only the first: syntax, unknown or
// duplicate keys, wrong types, bad durations, out-of-range numbers, bad snowflakes, URLs and addresses, missing or
// duplicated projects and channels, missing project directories. They come back together as one [*ValidationError]
// whose [Problem] entries each name the field path (`projects[1].dir`, `claude.timeout`) and, when the YAML gives one,
// the line. A YAML syntax error stops parsing, so it is reported alone.
package config
