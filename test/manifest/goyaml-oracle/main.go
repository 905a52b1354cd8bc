// Test oracle for test/manifest/goyaml.test.ts, built at test time (offline, from the Go module cache).
// "marshal" (default): prints sigs.k8s.io/yaml.Marshal of each JSON document of a JSON array on stdin,
// NUL-separated. "unmarshal": reads NUL-separated YAML documents and prints a JSON array of what
// sigs.k8s.io/yaml.Unmarshal makes of each.
package main

import (
	"encoding/json"
	"io"
	"os"
	"strings"

	"sigs.k8s.io/yaml"
)

func main() {
	b, _ := io.ReadAll(os.Stdin)
	if len(os.Args) > 1 && os.Args[1] == "unmarshal" {
		var out []any
		for _, doc := range strings.Split(string(b), "\x00") {
			var v any
			if err := yaml.Unmarshal([]byte(doc), &v); err != nil {
				panic(err)
			}
			out = append(out, v)
		}
		j, _ := json.Marshal(out)
		os.Stdout.Write(j)
		return
	}
	var docs []any
	if err := json.Unmarshal(b, &docs); err != nil {
		panic(err)
	}
	for _, d := range docs {
		out, err := yaml.Marshal(d)
		if err != nil {
			panic(err)
		}
		os.Stdout.Write(out)
		os.Stdout.Write([]byte("\x00"))
	}
}
