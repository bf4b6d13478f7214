package testserver

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPaginate(t *testing.T) {
	items := []int{1, 2, 3, 4, 5}
	tests := []struct {
		name, query string
		def, limit  int
		items       []int
		want        Page
		wantItems   []int
	}{
		{"defaults", "", 2, 0, items, Page{Number: 1, Per: 2, Last: 3}, []int{1, 2}},
		{"second page", "page=2&per_page=2", 30, 0, items, Page{Number: 2, Per: 2, Last: 3}, []int{3, 4}},
		{"last page short", "page=3&per_page=2", 30, 0, items, Page{Number: 3, Per: 2, Last: 3}, []int{5}},
		{"past the end is empty", "page=9&per_page=2", 30, 0, items, Page{Number: 9, Per: 2, Last: 3}, []int{}},
		{"per_page capped", "per_page=100", 30, 1, items, Page{Number: 1, Per: 1, Last: 5}, []int{1}},
		{"page 0 and bad numbers are page 1 at the default size", "page=0&per_page=x", 4, 0, items, Page{Number: 1, Per: 4, Last: 2}, []int{1, 2, 3, 4}},
		{"empty list has one page", "", 30, 0, nil, Page{Number: 1, Per: 30, Last: 1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			p, got := Paginate(q, tt.items, tt.def, tt.limit)
			if diff := cmp.Diff(tt.want, p); diff != "" {
				t.Errorf("page (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantItems, got); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
		})
	}
}
