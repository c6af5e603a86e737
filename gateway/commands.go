package gateway

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/diamondburned/arikawa/v3/api"
	"github.com/diamondburned/arikawa/v3/discord"
	"github.com/diamondburned/arikawa/v3/gateway"
	"github.com/diamondburned/arikawa/v3/utils/json/option"
)

// commandTimeout bounds the actor-core calls a command makes, well inside Discord's 3 s.
const commandTimeout = 2 * time.Second

// Custom ids of the /reset confirmation buttons: "reset-confirm:<invoker id>".
const (
	resetConfirm = "reset-confirm"
	resetCancel  = "reset-cancel"
)

// commands are the slash commands, registered on every READY.
func (g *Gateway) commands() []api.CreateCommandData {
	choices := make([]discord.StringChoice, 0, len(g.opts.Models)+1)
	choices = append(choices, discord.StringChoice{Name: "project default", Value: "default"})
	for _, m := range g.opts.Models {
		choices = append(choices, discord.StringChoice{Name: m, Value: m})
	}
	cmds := []api.CreateCommandData{
		{Name: "status", Description: "What Claude is doing in this channel: session, queue, current run", NoDMPermission: !g.opts.AllowDMs},
		{Name: "reset", Description: "Forget this channel's Claude session (asks to confirm)", NoDMPermission: !g.opts.AllowDMs},
		{Name: "model", Description: "Set the Claude model for this channel", NoDMPermission: !g.opts.AllowDMs,
			Options: discord.CommandOptions{&discord.StringOption{OptionName: "name", Description: "model", Required: true, Choices: choices}}},
		{Name: "stop", Description: "Stop the running Claude turn in this channel", NoDMPermission: !g.opts.AllowDMs,
			Options: discord.CommandOptions{&discord.BooleanOption{OptionName: "drop_queue", Description: "also drop the messages waiting in this channel"}}},
		{Name: "usage", Description: "What this channel's project spent today and this month, against its budgets", NoDMPermission: !g.opts.AllowDMs},
	}
	if g.opts.AddProject != nil {
		cmds = append(cmds, api.CreateCommandData{Name: "add-project", Description: "Map this channel to a project directory (admins)",
			NoDMPermission: !g.opts.AllowDMs, Options: discord.CommandOptions{
				&discord.StringOption{OptionName: "dir", Description: "the project directory, under an allowed root", Required: true},
				&discord.StringOption{OptionName: "name", Description: "project name (default: the directory's name)"},
			}})
	}
	return cmds
}

// addProject maps the channel to a directory: admins only, and only a channel not mapped yet.
func (g *Gateway) addProject(cmd *discord.CommandInteraction, channelID, userID, by string, roles []string) api.InteractionResponse {
	if !g.access.IsAdmin(userID, roles) {
		g.metrics.refusals.Inc()
		return ephemeral("Only admins may map channels to projects.")
	}
	if g.opts.AddProject == nil {
		return ephemeral("/add-project is not enabled: dynamic_projects.roots is empty in the configuration.")
	}
	if project, mapped := g.projectOf(channelID); mapped {
		return ephemeral(fmt.Sprintf("This channel is already mapped to project **%s**.", project))
	}
	ctx, cancel := context.WithTimeout(g.ctx, commandTimeout)
	defer cancel()
	name, retry, err := g.opts.AddProject(ctx, channelID, cmd.Options.Find("name").String(), cmd.Options.Find("dir").String(), by)
	if err != nil {
		g.log.Info().Err(err).Str("channel", channelID).Str("user", userID).Msg("add-project refused")
		return ephemeral("Not mapped: " + err.Error())
	}
	g.MapChannel(channelID, name, retry)
	return visible(fmt.Sprintf("This channel now works on project **%s**. Mention me to start.", name))
}

// registerCommands overwrites the bot's commands: in the configured guild (they appear at once)
// or globally.
func (g *Gateway) registerCommands() {
	appID := discord.AppID(g.appID.Load())
	client := g.client.WithContext(g.ctx)
	var err error
	if g.guildID.IsValid() {
		_, err = client.BulkOverwriteGuildCommands(appID, g.guildID, g.commands())
	} else {
		_, err = client.BulkOverwriteCommands(appID, g.commands())
	}
	if err != nil {
		g.metrics.errors.WithLabelValues("register_commands").Inc()
		g.log.Error().Err(err).Msg("register slash commands")
		return
	}
	g.log.Info().Bool("guild", g.guildID.IsValid()).Msg("slash commands registered")
}

// onInteraction answers slash commands and buttons. arikawa runs it in its own goroutine; every
// path answers exactly once, within Discord's 3 seconds.
func (g *Gateway) onInteraction(ev *gateway.InteractionCreateEvent) {
	g.metrics.events.WithLabelValues("interaction").Inc()
	resp := g.interact(&ev.InteractionEvent)
	if resp.Data != nil && resp.Data.Content != nil {
		resp.Data.Content = option.NewNullableString(g.redact(resp.Data.Content.Val))
	}
	if err := g.client.WithContext(g.ctx).RespondInteraction(ev.ID, ev.Token, resp); err != nil {
		g.metrics.errors.WithLabelValues("interaction").Inc()
		g.log.Error().Err(err).Str("interaction", ev.ID.String()).Msg("answer interaction")
	}
}

func (g *Gateway) interact(ev *discord.InteractionEvent) api.InteractionResponse {
	channelID := ev.ChannelID.String()
	userID, name, roles := senderOf(ev)
	if cmd, ok := ev.Data.(*discord.CommandInteraction); ok && cmd.Name == "add-project" {
		return g.addProject(cmd, channelID, userID, name, roles)
	}
	if _, mapped := g.projectOf(channelID); !mapped && !g.lookupThreadQuickly(channelID) {
		return ephemeral("This channel is not mapped to a project. An admin can map it with /add-project.")
	}
	if !g.access.CanUse(userID, roles) {
		g.metrics.refusals.Inc()
		g.log.Info().Str("channel", channelID).Str("user", userID).Msg("command from a user who is not allowed: refused")
		return ephemeral(refusalText)
	}
	ctx, cancel := context.WithTimeout(g.ctx, commandTimeout)
	defer cancel()
	switch data := ev.Data.(type) {
	case *discord.CommandInteraction:
		switch data.Name {
		case "status":
			return g.status(ctx, channelID)
		case "usage":
			return g.usage(ctx, channelID)
		case "reset":
			if !g.canManage(ev, userID, roles) {
				return ephemeral("Only admins and members with Manage Messages may reset this channel's session.")
			}
			return resetPrompt(userID)
		case "model":
			return g.setModel(ctx, channelID, data.Options.Find("name").String(), name)
		case "stop":
			drop, _ := data.Options.Find("drop_queue").BoolValue()
			return g.stop(ctx, channelID, name, drop)
		}
	case *discord.ButtonInteraction:
		switch id := string(data.CustomID); {
		case strings.HasPrefix(id, retryPrefix):
			return update(g.retry(id, userID, roles))
		case strings.HasPrefix(id, stopPrefix):
			return g.pressStop(ctx, channelID, id, userID, name, roles)
		default:
			return g.resetButton(ctx, channelID, id, userID, name)
		}
	}
	return ephemeral("Unknown command.")
}

func (g *Gateway) status(ctx context.Context, channelID string) api.InteractionResponse {
	st, err := g.core.Status(ctx, channelID)
	if err != nil {
		g.log.Error().Err(err).Str("channel", channelID).Msg("status")
		return ephemeral("The status is not available right now; try again.")
	}
	var b strings.Builder
	project, _ := g.projectOf(channelID)
	fmt.Fprintf(&b, "**Project** %s\n", project)
	fmt.Fprintf(&b, "**Model** %s\n", orDefault(st.Model, "project default"))
	session := "none (the next message starts one)"
	if st.SessionID != "" {
		session = fmt.Sprintf("`%s…`, %d turns", prefix(st.SessionID, 8), st.Turns)
	}
	fmt.Fprintf(&b, "**Session** %s\n**Cost so far** $%.2f\n", session, st.CostUSD)
	switch {
	case st.Running != nil:
		fmt.Fprintf(&b, "**Running** a message from <@%s> since <t:%d:R>\n", st.Running.UserID, st.Running.Since.Unix())
		if now := g.progressLine(channelID, st.Running.MessageID); now != "" {
			fmt.Fprintf(&b, "**Now** %s\n", now)
		}
	case st.WaitingForSlot:
		b.WriteString("**Running** nothing yet: waiting for a free Claude slot\n")
	default:
		b.WriteString("**Running** nothing\n")
	}
	fmt.Fprintf(&b, "**Queued** %d\n", st.Queued)
	if _, day, month, dayLimit, monthLimit, err := g.core.Usage(ctx, channelID); err == nil {
		fmt.Fprintf(&b, "**Project spend** today %s, this month %s\n", spendOf(day, dayLimit), spendOf(month, monthLimit))
	}
	if !st.BreakerOpenUntil.IsZero() {
		fmt.Fprintf(&b, "**Failing**: resting until <t:%d:R> (last error id `%s`)\n", st.BreakerOpenUntil.Unix(), st.LastErrorID)
	}
	return ephemeral(b.String())
}

func (g *Gateway) setModel(ctx context.Context, channelID, model, by string) api.InteractionResponse {
	if model == "default" {
		model = ""
	}
	r, err := g.core.SetModel(ctx, channelID, model, by)
	if err != nil {
		g.log.Error().Err(err).Str("channel", channelID).Msg("set model")
		return ephemeral("The model could not be set right now; try again.")
	}
	return visible(fmt.Sprintf("Model for this channel: **%s** (was %s).", orDefault(model, "project default"),
		orDefault(r.Previous, "project default")))
}

func (g *Gateway) stop(ctx context.Context, channelID, by string, dropQueue bool) api.InteractionResponse {
	r, err := g.core.Cancel(ctx, channelID, by, dropQueue)
	if err != nil {
		g.log.Error().Err(err).Str("channel", channelID).Msg("stop")
		return ephemeral("Stopping failed; try again.")
	}
	msg := "Nothing was running."
	if r.Cancelled {
		msg = "Stopping the running turn."
	}
	if r.Dropped > 0 {
		msg += fmt.Sprintf(" Dropped %d queued message(s).", r.Dropped)
	}
	return visible(msg)
}

// resetPrompt asks the invoker to confirm a reset; only they can press the buttons.
func resetPrompt(invoker string) api.InteractionResponse {
	row := discord.ActionRowComponent{
		&discord.ButtonComponent{Style: discord.DangerButtonStyle(), Label: "Reset the session", CustomID: discord.ComponentID(resetConfirm + ":" + invoker)},
		&discord.ButtonComponent{Style: discord.SecondaryButtonStyle(), Label: "Keep it", CustomID: discord.ComponentID(resetCancel + ":" + invoker)},
	}
	resp := ephemeral("Reset this channel's Claude session? Its next message will start a new conversation.")
	resp.Data.Components = &discord.ContainerComponents{&row}
	return resp
}

func (g *Gateway) resetButton(ctx context.Context, channelID, customID, userID, name string) api.InteractionResponse {
	action, invoker, ok := strings.Cut(customID, ":")
	if !ok || (action != resetConfirm && action != resetCancel) {
		return ephemeral("Unknown button.")
	}
	if invoker != userID {
		return ephemeral("Only the person who ran /reset can press these buttons.")
	}
	if action == resetCancel {
		return update("Reset cancelled: the session is kept.")
	}
	r, err := g.core.Reset(ctx, channelID, name)
	if err != nil {
		g.log.Error().Err(err).Str("channel", channelID).Msg("reset")
		return update("The reset failed; try again.")
	}
	if !r.HadSession {
		return update("There was no session to reset: the next message starts a new one.")
	}
	return update("Session reset: the next message starts a new Claude conversation.")
}

// canManage reports whether a user may reset: an admin, or a member whose roles grant Manage
// Messages (or Administrator) in the guild.
func (g *Gateway) canManage(ev *discord.InteractionEvent, userID string, roles []string) bool {
	if g.access.IsAdmin(userID, roles) {
		return true
	}
	if ev.Member == nil || !ev.GuildID.IsValid() {
		return false
	}
	var perms discord.Permissions
	ids := append([]discord.RoleID{discord.RoleID(ev.GuildID)}, ev.Member.RoleIDs...) // @everyone has the guild's id
	for _, id := range ids {
		if r, err := g.st.Role(ev.GuildID, id); err == nil {
			perms |= r.Permissions
		}
	}
	return perms.Has(discord.PermissionAdministrator) || perms.Has(discord.PermissionManageMessages)
}

func ephemeral(content string) api.InteractionResponse {
	return api.InteractionResponse{Type: api.MessageInteractionWithSource, Data: &api.InteractionResponseData{
		Content: option.NewNullableString(content), Flags: discord.EphemeralMessage, AllowedMentions: noPings(),
	}}
}

func visible(content string) api.InteractionResponse {
	return api.InteractionResponse{Type: api.MessageInteractionWithSource, Data: &api.InteractionResponseData{
		Content: option.NewNullableString(content), AllowedMentions: noPings(),
	}}
}

// update replaces the message the button was on, removing the buttons.
func update(content string) api.InteractionResponse {
	return api.InteractionResponse{Type: api.UpdateMessage, Data: &api.InteractionResponseData{
		Content: option.NewNullableString(content), Components: &discord.ContainerComponents{}, AllowedMentions: noPings(),
	}}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
