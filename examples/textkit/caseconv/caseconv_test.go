package caseconv

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// Each line of testdata/cases.txt is "input|want".
func TestTitle(t *testing.T) {
	f, err := os.Open("testdata/cases.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		in, want, _ := strings.Cut(sc.Text(), "|")
		if got := Title(in); got != want {
			t.Errorf("Title(%q) = %q, want %q", in, got, want)
		}
	}
}
