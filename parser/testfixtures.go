package parser

import (
	"path/filepath"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/faultline-dev/faultline/internal/boundary"
)

// Test assertions of Kubernetes end-to-end test tools hold partial objects that
// the tool matches against a cluster (a Pod with only the labels and the
// container it expects, no name), not manifests to apply: a walk skips them.
//   - kuttl: in a test case's directory, the step files named INDEX-assert.yaml
//     and INDEX-errors.yaml are the step's assertions (kuttl's documented
//     naming; every other INDEX-NAME.yaml is applied).
//   - Chainsaw: a test (chainsaw-test.yaml, kind Test of chainsaw.kyverno.io)
//     names the files of its assert and error operations; those files,
//     relative to the test's directory, are assertions.

var kuttlAssertion = regexp.MustCompile(`^[0-9]+-(assert|errors)\.(yaml|yml)$`)

// assertions tells which files are test assertions.
type assertions struct {
	chainsaw []string // the assertion files the walk's Chainsaw tests name (patterns)
}

// newAssertions reads the Chainsaw tests among files (roots[file] is each
// file's boundary).
func newAssertions(rd *boundary.Reader, files []string, roots map[string]string) *assertions {
	a := &assertions{}
	for _, f := range files {
		if b := filepath.Base(f); b == "chainsaw-test.yaml" || b == "chainsaw-test.yml" {
			a.chainsaw = append(a.chainsaw, readChainsaw(rd, f, roots[f])...)
		}
	}
	return a
}

// of returns why file is a test assertion, or "".
func (a *assertions) of(file string) string {
	if kuttlAssertion.MatchString(filepath.Base(file)) {
		return "a kuttl test assertion (partial objects matched against a cluster), not a manifest"
	}
	for _, p := range a.chainsaw {
		if ok, _ := filepath.Match(p, filepath.Clean(file)); ok {
			return "a Chainsaw test assertion (partial objects matched against a cluster), not a manifest"
		}
	}
	return ""
}

// readChainsaw returns the assert and error files that the Chainsaw test in
// file names, as patterns relative to the working directory.
func readChainsaw(rd *boundary.Reader, file, root string) []string {
	src, err := rd.ReadFile(file, root)
	if err != nil {
		return nil
	}
	dir := filepath.Dir(file)
	var out []string
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	for {
		var doc yaml.Node
		if dec.Decode(&doc) != nil {
			break
		}
		if len(doc.Content) == 0 || !isChainsawTest(doc.Content[0]) {
			continue
		}
		collectAssertionFiles(doc.Content[0], func(f string) {
			if f == "" || strings.Contains(f, "://") {
				return
			}
			out = append(out, filepath.Clean(filepath.Join(dir, filepath.FromSlash(f))))
		})
	}
	return out
}

func isChainsawTest(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	api, kind := "", ""
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch n.Content[i].Value {
		case "apiVersion":
			api = n.Content[i+1].Value
		case "kind":
			kind = n.Content[i+1].Value
		}
	}
	return kind == "Test" && strings.HasPrefix(api, "chainsaw.kyverno.io/")
}

// collectAssertionFiles calls f with the file of every assert and error
// operation under n (in try, catch, finally, at any depth).
func collectAssertionFiles(n *yaml.Node, f func(string)) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			if (k == "assert" || k == "error") && v.Kind == yaml.MappingNode {
				for j := 0; j+1 < len(v.Content); j += 2 {
					if v.Content[j].Value == "file" && v.Content[j+1].Kind == yaml.ScalarNode {
						f(v.Content[j+1].Value)
					}
				}
			}
			collectAssertionFiles(v, f)
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			collectAssertionFiles(c, f)
		}
	}
}
