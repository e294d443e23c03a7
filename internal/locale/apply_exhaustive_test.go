package locale

import "testing"

// TestApplyExhaustive checks idempotence and the absence of doubled spaces on
// every string of up to four runes over an alphabet of the runes that matter.
func TestApplyExhaustive(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	alpha := []rune{'a', '1', ' ', '\n', '"', '\'', '«', '»', ':', '?', '!', '/', '@', '.', '(', ')', '\u202F', '\u00A0', 'w', '%', 'h'}
	prevs := []rune{0, 'a', ' ', '?', '«', '»'}
	fails := 0
	var rec func(s []rune, n int)
	rec = func(s []rune, n int) {
		str := string(s)
		for _, typo := range []Typography{French, Quebec} {
			for _, p := range prevs {
				got := typo.Apply(p, str)
				if again := typo.Apply(p, got); again != got {
					if fails < 20 {
						t.Errorf("%v %q %q -> %q -> %q", typo, p, str, show(got), show(again))
					}
					fails++
				}
				if doubleSpaces(got) > doubleSpaces(str) {
					if fails < 20 {
						t.Errorf("double %v %q %q -> %q", typo, p, str, show(got))
					}
					fails++
				}
			}
		}
		if n == 0 {
			return
		}
		for _, r := range alpha {
			rec(append(s, r), n-1)
		}
	}
	rec(nil, 4)
}
