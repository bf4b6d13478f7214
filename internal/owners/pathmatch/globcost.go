package pathmatch

// MaxExpansions bounds how many alternatives a glob's {…} groups may
// multiply out to. doublestar tries them one by one, and with "*" inside
// the cost is the product times the ID's length: four groups of thirty
// "*" alternatives took half a second on one 40-byte ID, and a 1024-byte
// glob allows ten times more per group.
const MaxExpansions = 64

// Expansions returns the number of alternatives the {…} groups of a glob
// multiply out to (1 for none), stopping early past MaxExpansions.
func Expansions(glob string) int {
	total := 1
	// counts holds, per open group, its alternatives so far.
	var counts []int
	for i := 0; i < len(glob); i++ {
		switch glob[i] {
		case '\\':
			i++
		case '{':
			counts = append(counts, 1)
		case ',':
			if len(counts) > 0 {
				counts[len(counts)-1]++
			}
		case '}':
			if len(counts) > 0 {
				total *= counts[len(counts)-1]
				counts = counts[:len(counts)-1]
				if total > MaxExpansions {
					return total
				}
			}
		}
	}
	return total
}
