package gateway

import "testing"

func TestSpendOfAndBudgetNote(t *testing.T) {
	for _, c := range []struct {
		spent, limit float64
		want         string
	}{
		{1.2, 0, "$1.20 (no limit)"},
		{1.2, 5, "$1.20 of $5.00 (24 %)"},
		{6, 5, "$6.00 of $5.00 (120 %)"},
	} {
		if got := spendOf(c.spent, c.limit); got != c.want {
			t.Errorf("spendOf(%v, %v) = %q, want %q", c.spent, c.limit, got, c.want)
		}
	}
	if got := budgetNote(""); got != "" {
		t.Errorf("budgetNote(\"\") = %q, want empty", got)
	}
	if got, want := budgetNote("Used 90 %."), "\n\n*⚠️ Used 90 %.*"; got != want {
		t.Errorf("budgetNote = %q, want %q", got, want)
	}
}
