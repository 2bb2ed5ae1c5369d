// Package caseconv converts the case of words.
package caseconv

import (
	"strings"
	"unicode"
)

// Title upper-cases the first letter of every space-separated word.
func Title(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}
