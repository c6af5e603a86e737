package config

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/diamondburned/arikawa/v3/discord"
)

// checkSnowflake reports an id that is not a Discord snowflake (17-20 digits that fit in 64 bits) and returns
// whether it is one.
func checkSnowflake(ps *problems, path, id string) bool {
	if !isSnowflake(id) {
		ps.add(path, "bad Discord id %q: want a snowflake of 17-20 digits (quote it: \"1300000000000000002\")", id)
		return false
	}
	return true
}

func isSnowflake(id string) bool {
	if len(id) < 17 || len(id) > 20 || strings.Trim(id, "0123456789") != "" {
		return false
	}
	_, err := discord.ParseSnowflake(id)
	return err == nil
}

// isEnvName reports whether name is a portable environment variable name.
func isEnvName(name string) bool {
	if name == "" || (name[0] >= '0' && name[0] <= '9') {
		return false
	}
	for _, r := range name {
		if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// checkURL returns what is wrong with an absolute URL that must use one of schemes, or "".
func checkURL(raw string, schemes ...string) string {
	want := strings.Join(schemes, " or ")
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Sprintf("bad URL %q: %v", raw, err)
	}
	if !contains(schemes, u.Scheme) || u.Host == "" {
		return fmt.Sprintf("bad URL %q: want an absolute %s URL such as %s://host:port", raw, want, schemes[0])
	}
	return ""
}

// checkListen returns what is wrong with a host:port listen address, or "". An empty host listens on every interface;
// port 0 picks a free port.
func checkListen(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Sprintf("bad listen address %q: want host:port such as 127.0.0.1:9464, or \"\" to disable", addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Sprintf("bad port %q in %q: want a number from 0 to 65535", port, addr)
	}
	return ""
}
