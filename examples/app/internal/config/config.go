// Package config reads the greeter's settings from the environment.
package config

// Config holds the greeter's settings.
type Config struct {
	Style string
}

// FromEnv reads GREET_STYLE through getenv; the style defaults to "plain".
func FromEnv(getenv func(string) string) Config {
	style := getenv("GREET_STYLE")
	if style == "" {
		style = "plain"
	}
	return Config{Style: style}
}
