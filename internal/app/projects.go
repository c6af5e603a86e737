package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/discord-coordinator/coordinator/actors"
	"github.com/discord-coordinator/coordinator/internal/config"
	"github.com/discord-coordinator/coordinator/store"
)

// actorProject converts a configured project to the actors' view of it.
func actorProject(p config.Project) *actors.Project {
	return &actors.Project{
		Name: p.Name, Dir: p.Dir, Model: p.Model,
		AllowedTools: p.AllowedTools, DisallowedTools: p.DisallowedTools,
		PermissionMode: p.PermissionMode, AppendSystemPrompt: p.AppendSystemPrompt,
		MaxTurns: p.MaxTurns, MaxBudgetUSD: p.MaxBudgetUSD,
		DailyBudgetUSD: p.DailyBudgetUSD, MonthlyBudgetUSD: p.MonthlyBudgetUSD,
		ToolTiers:  actorTiers(p.ToolTiers),
		BusyPolicy: actorBusyPolicy(p.BusyPolicy),
		Progress:   actorProgress(p.Progress),
		HideCost:   p.HideCost,
		Threads:    p.Threads,
	}
}

// actorBusyPolicy converts a configured busy policy to the actors' (validation allows only these).
func actorBusyPolicy(policy string) string {
	if policy == config.BusyPolicyInterrupt {
		return actors.BusyInterrupt
	}
	return actors.BusyQueue
}

// actorProgress converts a configured progress level to the actors'; anything else (validation allows only these,
// and "" is a literal's zero value) is the default, tools.
func actorProgress(progress string) string {
	switch progress {
	case config.ProgressOff:
		return actors.ProgressOff
	case config.ProgressFull:
		return actors.ProgressFull
	default:
		return actors.ProgressTools
	}
}

// actorTiers converts configured tool tiers to the actors' view of them, in the same order.
func actorTiers(tiers []config.ToolTier) []actors.ToolTier {
	if len(tiers) == 0 {
		return nil
	}
	out := make([]actors.ToolTier, len(tiers))
	for i, t := range tiers {
		out[i] = actors.ToolTier{Role: t.Role, AllowedTools: t.AllowedTools, DisallowedTools: t.DisallowedTools,
			PermissionMode: t.PermissionMode}
	}
	return out
}

// addProject maps a channel to a directory at run time (/add-project): the directory must exist
// and lie under one of dynamic_projects.roots once symlinks are resolved; the project gets the
// dynamic_projects settings. The mapping is kept in the store and restored on start.
func (a *App) addProject(_ context.Context, channelID, name, dir, by string) (string, bool, error) {
	retry := a.cfg.DynamicProjects.RetryInterrupted
	resolved, err := resolveProjectDir(dir, a.cfg.DynamicProjects.Roots)
	if err != nil {
		return "", false, err
	}
	if name = strings.TrimSpace(name); name == "" {
		name = filepath.Base(resolved)
	}
	a.mu.Lock()
	st, sys := a.store, a.actors
	a.mu.Unlock()
	if st == nil || sys == nil {
		return "", false, errors.New("the coordinator is not running")
	}
	if _, mapped := a.cfg.ProjectForChannel(channelID); mapped {
		return "", false, errors.New("this channel is mapped in the configuration file")
	}
	p := a.cfg.DynamicProjects.Project(name, resolved, []string{channelID})
	if err := sys.AddProject(channelID, actorProject(p)); err != nil {
		return "", false, err
	}
	if err := st.PutChannelProject(store.ChannelProject{ChannelID: channelID, Name: name, Dir: resolved, AddedBy: by}); err != nil {
		a.log.Error().Err(err).Str("channel", channelID).Msg("keep channel project")
		return name, retry, nil // mapped for now; it will not survive a restart
	}
	return name, retry, nil
}

// restoreProjects maps the channels recorded by /add-project again, skipping channels that the
// configuration maps now and directories that are no longer allowed.
func (a *App) restoreProjects(st *store.Store, sys *actors.System) error {
	saved, err := st.ListChannelProjects()
	if err != nil {
		return err
	}
	for _, cp := range saved {
		log := a.log.With().Str("channel", cp.ChannelID).Str("project", cp.Name).Logger()
		if _, mapped := a.cfg.ProjectForChannel(cp.ChannelID); mapped {
			log.Warn().Msg("channel added with /add-project is now mapped in the configuration: the configuration wins")
			continue
		}
		dir, err := resolveProjectDir(cp.Dir, a.cfg.DynamicProjects.Roots)
		if err != nil {
			log.Warn().Err(err).Msg("channel added with /add-project not restored")
			continue
		}
		if err := sys.AddProject(cp.ChannelID, actorProject(a.cfg.DynamicProjects.Project(cp.Name, dir, []string{cp.ChannelID}))); err != nil {
			log.Warn().Err(err).Msg("channel added with /add-project not restored")
			continue
		}
		if a.gateway != nil {
			a.gateway.MapChannel(cp.ChannelID, cp.Name, a.cfg.DynamicProjects.RetryInterrupted)
		}
	}
	return nil
}

// resolveProjectDir returns dir with symlinks resolved if it is an existing directory under one
// of roots (a relative dir is taken relative to the first root).
func resolveProjectDir(dir string, roots []string) (string, error) {
	if len(roots) == 0 {
		return "", errors.New("no project roots are configured (dynamic_projects.roots)")
	}
	if strings.TrimSpace(dir) == "" {
		return "", errors.New("empty directory")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(roots[0], dir)
	}
	resolved, err := filepath.EvalSymlinks(filepath.Clean(dir))
	if err != nil {
		return "", fmt.Errorf("directory %s does not exist", dir)
	}
	if fi, err := os.Stat(resolved); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("%s is not a directory", dir)
	}
	for _, root := range roots {
		rel, err := filepath.Rel(root, resolved)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return resolved, nil
		}
	}
	return "", fmt.Errorf("%s is not under an allowed project root", dir)
}
