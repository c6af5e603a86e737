package actors_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/discord-coordinator/coordinator/actors"
)

// withBudgets gives every project of the harness the daily and monthly budgets.
func withBudgets(daily, monthly float64) harnessOption {
	return func(o *actors.Options, _ *claudeOptions) {
		for _, p := range o.Projects {
			p.DailyBudgetUSD, p.MonthlyBudgetUSD = daily, monthly
		}
	}
}

// Runs add their cost to the project's spend; an answer at 80 % of the daily budget warns, and once the budget is
// used up a message is refused without running Claude.
func TestDailyBudgetWarnsThenRefuses(t *testing.T) {
	h := newHarness(t, []string{"c1", "c2"}, "", withBudgets(0.1, 0))
	first := h.final(h.send("c1", "one")) // 0.050256: half the budget
	if first.Kind != actors.Answered || first.BudgetWarning != "" {
		t.Fatalf("first = %+v, want answered without a warning", first)
	}
	second := h.final(h.send("c2", "two")) // the other channel of the same project: 0.100512 in all
	if second.Kind != actors.Answered || !strings.Contains(second.BudgetWarning, "daily budget of $0.10") {
		t.Fatalf("second = %+v, want answered with a daily budget warning", second)
	}
	third := h.final(h.send("c1", "three"))
	want := "This project's daily budget ($0.10) is used up; it resets at midnight UTC."
	if third.Kind != actors.OverBudget || third.Text != want {
		t.Fatalf("third = %+v, want OverBudget %q", third, want)
	}
	if n := len(h.invocations()); n != 2 {
		t.Errorf("fake CLI ran %d times, want 2: a refused message runs nothing", n)
	}
	if got := metricSum(t, h.reg, "coordinator_messages_rejected_total"); got != 1 {
		t.Errorf("rejected metric = %v, want 1", got)
	}
	project, day, month, dayLimit, monthLimit, err := h.sys.Usage(context.Background(), "c2")
	if err != nil || project != "demo" || math.Abs(day-0.100512) > 1e-9 || math.Abs(month-0.100512) > 1e-9 ||
		dayLimit != 0.1 || monthLimit != 0 {
		t.Errorf("Usage = %q, %v, %v, %v, %v, %v", project, day, month, dayLimit, monthLimit, err)
	}
	if _, _, _, _, _, err := h.sys.Usage(context.Background(), "unmapped"); err == nil {
		t.Error("Usage of an unmapped channel succeeded")
	}
}

// The monthly budget counts earlier days too, and the fake's cost directive sets what a run costs.
func TestMonthlyBudgetWarnsThenRefuses(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "", withBudgets(0, 10))
	if err := h.store.AddSpend("demo", time.Now(), 7.5); err != nil { // spent earlier today: counts in the month
		t.Fatal(err)
	}
	first := h.final(h.send("c1", "fake:cost=0.4 one")) // 7.9: under 80 %
	if first.Kind != actors.Answered || first.BudgetWarning != "" || first.CostUSD != 0.4 {
		t.Fatalf("first = %+v, want answered at $0.40 without a warning", first)
	}
	second := h.final(h.send("c1", "fake:cost=2 two")) // 9.9: 99 %
	if second.Kind != actors.Answered || !strings.Contains(second.BudgetWarning, "$9.90 of the monthly budget of $10.00 (99 %)") {
		t.Fatalf("second = %+v, want a monthly budget warning", second)
	}
	if o := h.final(h.send("c1", "fake:cost=0.5 three")); o.Kind != actors.Answered { // 10.4: over the limit now
		t.Fatalf("third = %+v, want answered: the spend was still under the budget", o)
	}
	fourth := h.final(h.send("c1", "four"))
	if fourth.Kind != actors.OverBudget || !strings.Contains(fourth.Text, "monthly budget ($10.00) is used up") {
		t.Fatalf("fourth = %+v, want OverBudget for the month", fourth)
	}
}

// Without budgets nothing is refused or warned, however much was spent.
func TestNoBudgetNoLimit(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "")
	if err := h.store.AddSpend("demo", time.Now(), 1e6); err != nil {
		t.Fatal(err)
	}
	if o := h.final(h.send("c1", "hello")); o.Kind != actors.Answered || o.BudgetWarning != "" {
		t.Fatalf("outcome = %+v, want answered without a warning", o)
	}
}

// A message that was queued while the budget still had room is refused when its turn comes after the run ahead of it
// used the budget up: it does not run Claude, and the channel goes on with the next one (refused too).
func TestQueuedMessageRefusedWhenBudgetRunsOut(t *testing.T) {
	h := newHarness(t, []string{"c1"}, "", withBudgets(0.5, 0))
	first := h.send("c1", "fake:cost=1 fake:sleep=300ms one")
	h.outcome(first, actors.Started)
	second, third := h.send("c1", "two"), h.send("c1", "three")
	if q := h.outcome(second, actors.Queued); q.Position != 1 {
		t.Fatalf("second queued at %d, want 1", q.Position)
	}
	h.outcome(third, actors.Queued)
	if o := h.final(first); o.Kind != actors.Answered {
		t.Fatalf("first = %+v, want answered", o)
	}
	for _, id := range []string{second, third} {
		if o := h.final(id); o.Kind != actors.OverBudget || !strings.Contains(o.Text, "daily budget ($0.50) is used up") {
			t.Fatalf("queued message %s = %+v, want OverBudget", id, o)
		}
	}
	if n := len(h.invocations()); n != 1 {
		t.Errorf("fake CLI ran %d times, want 1", n)
	}
	if got := metricSum(t, h.reg, "coordinator_messages_rejected_total"); got != 2 {
		t.Errorf("rejected metric = %v, want 2", got)
	}
}
