// Package webui serves the web app that examples/web builds into dist/.
package webui

import (
	"embed"
	"io/fs"
	"net/http"
)

// dist is written by the web project's build target; nx-gopkg makes go-build wait for it.
//
//go:embed all:dist
var dist embed.FS

// Handler serves the built web app.
func Handler() http.Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err)
	}
	return http.FileServer(http.FS(sub))
}
