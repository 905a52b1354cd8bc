// Command gotmpl is the test oracle for meshctl's template engine: it renders
// cases with Go's text/template + Sprig, and charts with Helm's own engine.
//
// Input (stdin, JSON):  {"tmpl": [TmplCase...], "charts": [ChartCase...]}
// Output (stdout, JSON): {"<id>": {"out": ..., "err": "..."}}
//
// JSON numbers decode as float64 (as Helm's values do); {"$int": "5"} decodes
// as a Go int so that cases can exercise Go's int/float type rules.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
)

type tmplCase struct {
	ID         string      `json:"id"`
	Templates  [][2]string `json:"templates"`
	Entry      string      `json:"entry"`
	Data       interface{} `json:"data"`
	MissingKey string      `json:"missingkey"`
	NoSprig    bool        `json:"nosprig"`
}

type chartCase struct {
	ID          string      `json:"id"`
	Dir         string      `json:"dir"`
	Files       [][2]string `json:"files"`
	Values      interface{} `json:"values"`
	Release     string      `json:"releaseName"`
	Namespace   string      `json:"namespace"`
	Revision    int         `json:"revision"`
	IsUpgrade   bool        `json:"isUpgrade"`
	KubeVersion string      `json:"kubeVersion"`
	APIVersions []string    `json:"apiVersions"`
}

type input struct {
	Tmpl   []tmplCase  `json:"tmpl"`
	Charts []chartCase `json:"charts"`
}

type result struct {
	Out interface{} `json:"out"`
	Err string      `json:"err,omitempty"`
}

// convert turns {"$int": "n"} markers into Go ints, recursively.
func convert(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		if s, ok := t["$int"].(string); ok && len(t) == 1 {
			n, err := strconv.Atoi(s)
			if err != nil {
				panic(err)
			}
			return n
		}
		for k, e := range t {
			t[k] = convert(e)
		}
	case []interface{}:
		for i, e := range t {
			t[i] = convert(e)
		}
	}
	return v
}

func runTmpl(c tmplCase) (res result) {
	defer func() {
		if r := recover(); r != nil {
			res.Err = fmt.Sprintf("panic: %v", r)
		}
	}()
	var t *template.Template
	for _, nt := range c.Templates {
		if t == nil {
			t = template.New(nt[0])
			if !c.NoSprig {
				t.Funcs(sprig.TxtFuncMap())
			}
			if c.MissingKey != "" {
				t.Option("missingkey=" + c.MissingKey)
			}
		}
		if _, err := t.New(nt[0]).Parse(nt[1]); err != nil {
			return result{Err: err.Error()}
		}
	}
	entry := c.Entry
	if entry == "" {
		entry = c.Templates[0][0]
	}
	var buf bytes.Buffer
	err := t.ExecuteTemplate(&buf, entry, convert(c.Data))
	res.Out = buf.String()
	if err != nil {
		res.Err = err.Error()
	}
	return res
}

func runChart(c chartCase) (res result) {
	defer func() {
		if r := recover(); r != nil {
			res.Err = fmt.Sprintf("panic: %v", r)
		}
	}()
	var chrt *chart.Chart
	var err error
	if c.Dir != "" {
		chrt, err = loader.Load(c.Dir)
	} else {
		var files []*loader.BufferedFile
		for _, f := range c.Files {
			files = append(files, &loader.BufferedFile{Name: f[0], Data: []byte(f[1])})
		}
		chrt, err = loader.LoadFiles(files)
	}
	if err != nil {
		return result{Err: err.Error()}
	}
	vals, _ := convert(c.Values).(map[string]interface{})
	if vals == nil {
		vals = map[string]interface{}{}
	}
	if err := chartutil.ProcessDependenciesWithMerge(chrt, vals); err != nil {
		return result{Err: err.Error()}
	}
	caps := chartutil.DefaultCapabilities.Copy()
	if c.KubeVersion != "" {
		kv, err := chartutil.ParseKubeVersion(c.KubeVersion)
		if err != nil {
			return result{Err: err.Error()}
		}
		caps.KubeVersion = *kv
	}
	caps.APIVersions = append(caps.APIVersions, c.APIVersions...)
	opts := chartutil.ReleaseOptions{Name: c.Release, Namespace: c.Namespace, Revision: c.Revision, IsInstall: !c.IsUpgrade, IsUpgrade: c.IsUpgrade}
	top, err := chartutil.ToRenderValues(chrt, vals, opts, caps)
	if err != nil {
		return result{Err: err.Error()}
	}
	out, err := engine.Render(chrt, top)
	if err != nil {
		return result{Err: err.Error()}
	}
	for k := range out {
		if strings.HasSuffix(k, "NOTES.txt") {
			delete(out, k)
		}
	}
	return result{Out: out}
}

func main() {
	// -api-versions prints Helm's default .Capabilities.APIVersions (facts for the TypeScript engine).
	if len(os.Args) > 1 && os.Args[1] == "-api-versions" {
		if err := json.NewEncoder(os.Stdout).Encode(chartutil.DefaultVersionSet); err != nil {
			os.Exit(1)
		}
		return
	}
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, "bad input:", err)
		os.Exit(2)
	}
	res := map[string]result{}
	for _, c := range in.Tmpl {
		res[c.ID] = runTmpl(c)
	}
	for _, c := range in.Charts {
		res[c.ID] = runChart(c)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
