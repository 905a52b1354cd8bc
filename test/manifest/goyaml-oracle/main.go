// Test oracle: prints sigs.k8s.io/yaml.Marshal of each JSON document read from stdin, NUL-separated.
// Built at test time (offline, from the Go module cache) by test/manifest/goyaml.test.ts.
package main

import (
	"encoding/json"
	"io"
	"os"

	"sigs.k8s.io/yaml"
)

func main() {
	b, _ := io.ReadAll(os.Stdin)
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
