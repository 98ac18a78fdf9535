package kubernetes

import (
	"slices"
	"testing"
)

// TestSplitJSON: JSON values one after another in a stream are documents of
// their own, each from the start of its line; anything else is left whole.
func TestSplitJSON(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []int // the line each document starts on
	}{
		{"kubectl get -o json, concatenated", "{\n  \"a\": 1\n}\n{\n  \"b\": \"}{\"\n}\n", []int{1, 4}},
		{"jq -c, one per line", "{\"a\":1}\n{\"b\":[1,{\"c\":\"\\\"}\"}]}\n\n{\"d\":2}\n", []int{1, 2, 3}}, // the third from the blank line before it
		{"after a marker and comments", "a: 1\n---\n# c\n{\"a\":1}\n  {\"b\":2}\n", []int{1, 2, 5}},
		{"a JSON List", "{\"kind\":\"List\",\"items\":[{\"a\":1},{\"b\":2}]}\n", []int{1}},
		{"two values on one line stay one document", "{\"a\":1} {\"b\":2}\n", []int{1}},
		{"YAML after JSON stays one document", "{\"a\":1}\nkind: x\n", []int{1}},
		{"a value that does not close", "{\"a\":1}\n{\"b\":\n", []int{1}},
		{"YAML", "a: {b: 1}\nc: [1]\n", []int{1}},
	} {
		var got []int
		for _, ch := range splitDocuments([]byte(c.src)) {
			got = append(got, ch.line)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: documents start on lines %v, want %v", c.name, got, c.want)
		}
	}
}
