// Package greeting renders greetings from embedded templates.
package greeting

import (
	"bytes"
	"embed"
	"fmt"
	"text/template"

	"example.com/textkit/caseconv"
)

//go:embed templates/*.tmpl
var templates embed.FS

// Render greets name in the given style ("plain" or "loud").
func Render(style, name string) (string, error) {
	t, err := template.ParseFS(templates, "templates/"+style+".tmpl")
	if err != nil {
		return "", fmt.Errorf("unknown style %q: %w", style, err)
	}
	var out bytes.Buffer
	if err := t.Execute(&out, caseconv.Title(name)); err != nil {
		return "", err
	}
	return out.String(), nil
}
