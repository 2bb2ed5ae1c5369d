// Command greet prints a greeting for each name on its command line.
package main

import (
	"fmt"
	"os"

	"example.com/app/greeting"
	"example.com/app/internal/config"
)

func main() {
	cfg := config.FromEnv(os.Getenv)
	for _, name := range os.Args[1:] {
		msg, err := greeting.Render(cfg.Style, name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(msg)
	}
}
