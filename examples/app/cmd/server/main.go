// Command server serves the embedded web app.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"

	"example.com/app/webui"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, webui.Handler()))
}
