package actors

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// BudgetWarnFraction is the share of a daily or monthly budget from which an answer carries Outcome.BudgetWarning.
const BudgetWarnFraction = 0.8

// budgetSpend returns the project's spend today and this month (UTC) at now. ok is false, and the store is not
// read, when the project has no budget; it is false too when the store cannot tell (budgets are not enforced then).
func (a *channelActor) budgetSpend(now time.Time) (day, month float64, ok bool) {
	p := a.st.project
	if !(p.DailyBudgetUSD > 0 || p.MonthlyBudgetUSD > 0) {
		return 0, 0, false
	}
	day, month, err := a.sys.opts.Store.Spend(p.Name, now)
	if err != nil {
		a.logAt(zerolog.ErrorLevel).Err(err).Msg("read project spend: budgets not enforced for this message")
		return 0, 0, false
	}
	return day, month, true
}

// overBudget returns the refusal text when the project's daily or monthly spend is at or over its budget, else "".
// A store that cannot tell lets the message through.
func (a *channelActor) overBudget(now time.Time) string {
	day, month, ok := a.budgetSpend(now)
	if !ok {
		return ""
	}
	p := a.st.project
	switch {
	case p.DailyBudgetUSD > 0 && day >= p.DailyBudgetUSD:
		return fmt.Sprintf("This project's daily budget (%s) is used up; it resets at midnight UTC.", usd(p.DailyBudgetUSD))
	case p.MonthlyBudgetUSD > 0 && month >= p.MonthlyBudgetUSD:
		return fmt.Sprintf("This project's monthly budget (%s) is used up; it resets at midnight UTC on the 1st.",
			usd(p.MonthlyBudgetUSD))
	}
	return ""
}

// budgetWarning returns a warning when the project's spend is at BudgetWarnFraction or more of a budget, else "".
func (a *channelActor) budgetWarning(now time.Time) string {
	day, month, ok := a.budgetSpend(now)
	if !ok {
		return ""
	}
	p := a.st.project
	var parts []string
	for _, b := range []struct {
		name         string
		spent, limit float64
	}{{"daily", day, p.DailyBudgetUSD}, {"monthly", month, p.MonthlyBudgetUSD}} {
		if b.limit > 0 && b.spent >= BudgetWarnFraction*b.limit {
			parts = append(parts, fmt.Sprintf("%s of the %s budget of %s (%.0f %%)", usd(b.spent), b.name, usd(b.limit),
				100*b.spent/b.limit))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "This project has used " + strings.Join(parts, " and ") + "."
}

// usd formats an amount of US dollars.
func usd(v float64) string { return fmt.Sprintf("$%.2f", v) }

// Usage returns the spend of the channel's project today and this month (UTC) and its budgets. It fails for a
// channel that belongs to no project.
func (s *System) Usage(_ context.Context, channelID string) (project string, day, month, dayLimit, monthLimit float64, err error) {
	p := s.project(channelID)
	if p == nil {
		return "", 0, 0, 0, 0, fmt.Errorf("channel %s belongs to no project", channelID)
	}
	day, month, err = s.opts.Store.Spend(p.Name, s.now())
	if err != nil {
		return p.Name, 0, 0, p.DailyBudgetUSD, p.MonthlyBudgetUSD, fmt.Errorf("usage of project %s: %w", p.Name, err)
	}
	return p.Name, day, month, p.DailyBudgetUSD, p.MonthlyBudgetUSD, nil
}
