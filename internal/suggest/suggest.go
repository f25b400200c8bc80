// Package suggest finds the word a typo was meant to be: a command, a
// configuration key, a rule or fact id.
package suggest

// maxLen bounds the words compared: a typo is short, and the distance
// costs the product of the lengths.
const maxLen = 128

// Nearest returns the candidate closest to s, when it is at most two
// edits away and fewer edits than s has letters, else "". Ties go to the
// first candidate.
func Nearest(s string, candidates []string) string {
	limit := min(3, max(len(s), 1))
	best := ""
	for _, c := range candidates {
		if c == s {
			return ""
		}
		if d := Distance(s, c, limit); d < limit {
			best, limit = c, d
		}
	}
	return best
}

// Distance is the optimal string alignment distance of a and b (edits:
// insert, delete, replace, swap two neighbours), or limit when it is at
// least limit or a word is longer than maxLen bytes.
func Distance(a, b string, limit int) int {
	if len(a) > maxLen || len(b) > maxLen {
		return limit
	}
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit)
}
