// Command cacheprog-floor is a benchmark baseline, not part of nx-gopkg: the least a GOCACHEPROG
// program can do, written in Go. It serves go's get/put/close from the same local-tier layout
// as nx-gopkg's program (packages/nx-gopkg/src/cacheprog/local-store.ts), with no remote, no trimming
// and no logging, so tools/bench-cacheprog.js can show how much of the program's overhead on a
// warm build is the protocol itself (a process hop per cache lookup) rather than Node.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

type request struct {
	ID       int64
	Command  string
	ActionID []byte
	OutputID []byte
	BodySize int64
}

type response struct {
	ID            int64
	Err           string     `json:",omitempty"`
	KnownCommands []string   `json:",omitempty"`
	Miss          bool       `json:",omitempty"`
	OutputID      []byte     `json:",omitempty"`
	Size          int64      `json:",omitempty"`
	Time          *time.Time `json:",omitempty"`
	DiskPath      string     `json:",omitempty"`
}

type store struct{ root string }

func (s store) object(id string) string { return filepath.Join(s.root, "o", id[:2], id) }
func (s store) action(id string) string { return filepath.Join(s.root, "a", id[:2], id) }

func writeAtomic(file string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o777); err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.tmp-%d", file, os.Getpid())
	if err := os.WriteFile(tmp, data, 0o666); err != nil {
		return err
	}
	return os.Rename(tmp, file)
}

func (s store) get(id int64, action []byte) *response {
	b, err := os.ReadFile(s.action(hex.EncodeToString(action)))
	if err != nil {
		return &response{ID: id, Miss: true}
	}
	f := strings.Fields(string(b))
	if len(f) != 4 || f[0] != "v1" {
		return &response{ID: id, Miss: true}
	}
	out, err1 := hex.DecodeString(f[1])
	size, err2 := strconv.ParseInt(f[2], 10, 64)
	ms, err3 := strconv.ParseInt(f[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || len(out) != sha256.Size {
		return &response{ID: id, Miss: true}
	}
	t := time.UnixMilli(ms)
	return &response{ID: id, OutputID: out, Size: size, Time: &t, DiskPath: s.object(f[1])}
}

func (s store) put(id int64, action, output, body []byte) *response {
	sum := sha256.Sum256(body)
	if len(action) != sha256.Size || string(sum[:]) != string(output) {
		return &response{ID: id, Err: "put: body does not hash to its OutputID"}
	}
	o := hex.EncodeToString(output)
	file := s.object(o)
	if st, err := os.Stat(file); err != nil || st.Size() != int64(len(body)) {
		if err := writeAtomic(file, body); err != nil {
			return &response{ID: id, Err: err.Error()}
		}
	}
	entry := fmt.Sprintf("v1 %s %d %d\n", o, len(body), time.Now().UnixMilli())
	if err := writeAtomic(s.action(hex.EncodeToString(action)), []byte(entry)); err != nil {
		return &response{ID: id, Err: err.Error()}
	}
	return &response{ID: id, DiskPath: file}
}

func main() {
	s := store{root: os.Getenv("NX_GOPKG_GOCACHE_DIR")}
	if s.root == "" {
		fmt.Fprintln(os.Stderr, "cacheprog-floor: NX_GOPKG_GOCACHE_DIR is not set")
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	send := func(r *response) {
		enc.Encode(r)
		w.Flush()
	}
	send(&response{KnownCommands: []string{"get", "put", "close"}})
	dec := json.NewDecoder(bufio.NewReader(os.Stdin))
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			return // go closed stdin
		}
		switch req.Command {
		case "get":
			send(s.get(req.ID, req.ActionID))
		case "put":
			var body []byte
			if req.BodySize > 0 {
				if err := dec.Decode(&body); err != nil {
					return
				}
			}
			send(s.put(req.ID, req.ActionID, req.OutputID, body))
		case "close":
			send(&response{ID: req.ID})
			return
		default:
			send(&response{ID: req.ID, Err: "unknown command " + req.Command})
		}
	}
}
