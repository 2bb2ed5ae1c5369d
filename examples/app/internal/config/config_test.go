package config

import "testing"

func TestFromEnv(t *testing.T) {
	env := map[string]string{"GREET_STYLE": "loud"}
	if got := FromEnv(func(k string) string { return env[k] }).Style; got != "loud" {
		t.Fatalf("Style = %q", got)
	}
	if got := FromEnv(func(string) string { return "" }).Style; got != "plain" {
		t.Fatalf("default Style = %q", got)
	}
}
