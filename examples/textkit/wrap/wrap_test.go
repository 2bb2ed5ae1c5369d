package wrap_test

import (
	"reflect"
	"testing"

	"example.com/textkit/caseconv"
	"example.com/textkit/wrap"
)

func TestLines(t *testing.T) {
	got := wrap.Lines(caseconv.Title("the quick brown fox"), 9)
	want := []string{"The Quick", "Brown Fox"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Lines = %q, want %q", got, want)
	}
}
