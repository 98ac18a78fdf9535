package helm

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"reflect"
	"sort"
	"strings"
	"text/template"

	"github.com/BurntSushi/toml"
	"github.com/Masterminds/sprig/v3"
	"github.com/gobwas/glob"
	yamlv3 "go.yaml.in/yaml/v3"
	"sigs.k8s.io/yaml"
)

// Helm's template functions (Helm's documentation, "Template Function
// List"): Sprig's, less env and expandenv, and Helm's own, implemented here.

func toYAML(v any) string {
	b, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(b), "\n")
}

func toYAMLPretty(v any) string {
	var buf bytes.Buffer
	enc := yamlv3.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func fromYAML(s string) map[string]any {
	m := map[string]any{}
	if err := yaml.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromYAMLArray(s string) []any {
	a := []any{}
	if err := yaml.Unmarshal([]byte(s), &a); err != nil {
		a = []any{err.Error()}
	}
	return a
}

func toTOML(v any) string {
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(v); err != nil {
		return err.Error()
	}
	return buf.String()
}

func fromTOML(s string) map[string]any {
	m := map[string]any{}
	if err := toml.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

func fromJSON(s string) map[string]any {
	m := map[string]any{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromJSONArray(s string) []any {
	a := []any{}
	if err := json.Unmarshal([]byte(s), &a); err != nil {
		a = []any{err.Error()}
	}
	return a
}

func formatAny(v any) string { return fmt.Sprintf("%v", v) }

// Files is .Files: the chart's files that are not templates, values.yaml or
// Chart.yaml, by their path in the chart.
type Files map[string][]byte

// GetBytes returns a file's bytes (none for a file not in the chart).
func (f Files) GetBytes(name string) []byte {
	if b, ok := f[name]; ok {
		return b
	}
	return []byte{}
}

// Get returns a file's content.
func (f Files) Get(name string) string { return string(f.GetBytes(name)) }

// Glob returns the files whose paths match the pattern ('**' crosses '/').
func (f Files) Glob(pattern string) Files {
	g, err := glob.Compile(pattern, '/')
	if err != nil {
		g, _ = glob.Compile("**")
	}
	out := Files{}
	for name, b := range f {
		if g.Match(name) {
			out[name] = b
		}
	}
	return out
}

// AsConfig is the files as a ConfigMap's data (base name: content), in YAML.
func (f Files) AsConfig() string {
	if f == nil {
		return ""
	}
	m := map[string]string{}
	for k, v := range f {
		m[path.Base(k)] = string(v)
	}
	return toYAML(m)
}

// AsSecrets is the files as a Secret's data (base name: base64), in YAML.
func (f Files) AsSecrets() string {
	if f == nil {
		return ""
	}
	m := map[string]string{}
	for k, v := range f {
		m[path.Base(k)] = base64.StdEncoding.EncodeToString(v)
	}
	return toYAML(m)
}

// Lines returns a file's lines (without a final empty one).
func (f Files) Lines(name string) []string {
	if f == nil || len(f[name]) == 0 {
		return []string{}
	}
	s := strings.TrimSuffix(string(f[name]), "\n")
	return strings.Split(s, "\n")
}

// errBudget is what a template that spends the budget fails with.
var errBudget = errors.New("the template does too much work")

// budget bounds the work of one chart's rendering: range iterations,
// function calls, and the bytes of what functions return and templates
// write.
type budget struct {
	work, max int64
	bytes     int64
	maxBytes  int64
}

func (b *budget) charge(n int64) error {
	b.work += n
	if b.work > b.max {
		return fmt.Errorf("%w: it spends more than the %d units of work that faultline gives one chart (a range iteration, a function call, 64 bytes of a value); a template that loops without end or builds huge values is stopped here", errBudget, b.max)
	}
	return nil
}

// sizeCheck bounds a function's arguments that say how much to build.
var sizeCheck = map[string]func(args []reflect.Value) int64{
	"until":     func(a []reflect.Value) int64 { return absInt(a, 0) },
	"untilStep": func(a []reflect.Value) int64 { return spanOf(a) },
	"seq":       func(a []reflect.Value) int64 { return seqSpan(a) },
	"repeat": func(a []reflect.Value) int64 {
		if len(a) == 2 && a[1].Kind() == reflect.String {
			return absInt(a, 0) * int64(max(1, a[1].Len()))
		}
		return absInt(a, 0)
	},
	"randAlphaNum": func(a []reflect.Value) int64 { return absInt(a, 0) },
	"randAlpha":    func(a []reflect.Value) int64 { return absInt(a, 0) },
	"randNumeric":  func(a []reflect.Value) int64 { return absInt(a, 0) },
	"randAscii":    func(a []reflect.Value) int64 { return absInt(a, 0) },
	"randBytes":    func(a []reflect.Value) int64 { return absInt(a, 0) * 4 / 3 },
}

// fixedCost is the work, in budget units (about half a microsecond of
// computing each, as the other functions spend), of the functions that
// compute much in one call: making a key (an RSA key of 2048 bits, what the
// gen*Cert functions without a key make, takes about 0.1 s; genPrivateKey's
// default of 4096 bits and DSA's parameters about a second), bcrypt and
// scrypt (derivePassword). A chart may make ten certificates; a loop making
// hundreds is stopped before it makes them.
func fixedCost(name string, args []reflect.Value) int64 {
	switch name {
	case "genPrivateKey":
		if len(args) == 1 && args[0].Kind() == reflect.String {
			if t := args[0].String(); t == "ecdsa" || t == "ed25519" {
				return 1_000
			}
		}
		return 1_000_000
	case "genCA", "genSelfSignedCert", "genSignedCert":
		return 200_000
	case "genCAWithKey", "genSelfSignedCertWithKey", "genSignedCertWithKey":
		return 1_000
	case "bcrypt", "htpasswd":
		return 100_000
	case "derivePassword":
		return 300_000
	}
	return 0
}

func toInt64(v reflect.Value) (int64, bool) {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if v.Uint() > 1<<62 {
			return 1 << 62, true
		}
		return int64(v.Uint()), true
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if f > 1<<62 || f < -(1<<62) {
			return 1 << 62, true
		}
		return int64(f), true
	case reflect.String:
		var n int64
		if _, err := fmt.Sscan(v.String(), &n); err == nil {
			return n, true
		}
	}
	return 0, false
}

func absInt(a []reflect.Value, i int) int64 {
	if i >= len(a) {
		return 0
	}
	n, _ := toInt64(a[i])
	if n < 0 {
		n = -n
	}
	return n
}

func spanOf(a []reflect.Value) int64 {
	if len(a) != 3 {
		return 0
	}
	s, _ := toInt64(a[0])
	e, _ := toInt64(a[1])
	st, _ := toInt64(a[2])
	if st == 0 {
		return 0
	}
	if st < 0 {
		st = -st
	}
	d := e - s
	if d < 0 {
		d = -d
	}
	return d / st
}

func seqSpan(a []reflect.Value) int64 {
	var ns []int64
	for _, v := range a {
		if v.Kind() == reflect.Slice {
			for i := 0; i < v.Len(); i++ {
				n, _ := toInt64(v.Index(i))
				ns = append(ns, n)
			}
			continue
		}
		n, _ := toInt64(v)
		ns = append(ns, n)
	}
	switch len(ns) {
	case 1:
		if ns[0] < 0 {
			return -ns[0]
		}
		return ns[0]
	case 2:
		d := ns[1] - ns[0]
		if d < 0 {
			d = -d
		}
		return d
	case 3:
		if ns[1] == 0 {
			return 0
		}
		d, st := ns[2]-ns[0], ns[1]
		if d < 0 {
			d = -d
		}
		if st < 0 {
			st = -st
		}
		return d / st
	}
	return 0
}

// sizeOf is the size of a function's result in budget terms.
func sizeOf(v reflect.Value) int64 {
	switch v.Kind() {
	case reflect.String:
		return int64(v.Len())
	case reflect.Slice, reflect.Map, reflect.Array:
		return int64(v.Len()) * 8
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		return sizeOf(v.Elem())
	}
	return 0
}

// guard wraps a template function so that every call charges the budget,
// its arguments are checked where they ask to build something big, and its
// result is bounded.
func guard(name string, fn any, b *budget) any {
	v := reflect.ValueOf(fn)
	t := v.Type()
	check := sizeCheck[name]
	return reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
		fail := func(err error) []reflect.Value {
			out := make([]reflect.Value, t.NumOut())
			for i := range out {
				out[i] = reflect.Zero(t.Out(i))
			}
			if t.NumOut() == 2 {
				out[1] = reflect.ValueOf(&err).Elem()
				return out
			}
			panic(err) // text/template reports a panic in a function as its error
		}
		if check != nil {
			if n := check(args); n > b.maxBytes/8 {
				return fail(fmt.Errorf("%w: %s would build %d elements", errBudget, name, n))
			} else if err := b.charge(n / 64); err != nil {
				return fail(err)
			}
		}
		if err := b.charge(1 + fixedCost(name, args)); err != nil {
			return fail(err)
		}
		var out []reflect.Value
		if t.IsVariadic() {
			out = v.CallSlice(args)
		} else {
			out = v.Call(args)
		}
		if len(out) > 0 {
			n := sizeOf(out[0])
			if n > b.maxBytes {
				return fail(fmt.Errorf("%w: %s returns a value of more than %d bytes", errBudget, name, b.maxBytes))
			}
			if err := b.charge(n / 64); err != nil {
				return fail(err)
			}
		}
		return out
	}).Interface()
}

// funcMap is Helm's function map for one render: Sprig's functions less env
// and expandenv, Helm's, and the late-bound include, tpl, required and fail,
// every one guarded by the budget. keys and values are sorted (Sprig returns
// them in Go's random map order), so that a rendering is the same each time;
// getHostByName answers "" as helm template does without --enable-dns.
func (r *renderer) funcMap() template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	extra := template.FuncMap{
		"toToml":        toTOML,
		"fromToml":      fromTOML,
		"toYaml":        toYAML,
		"toYamlPretty":  toYAMLPretty,
		"fromYaml":      fromYAML,
		"fromYamlArray": fromYAMLArray,
		"toJson":        toJSON,
		"fromJson":      fromJSON,
		"fromJsonArray": fromJSONArray,
		"lookup": func(string, string, string, string) (map[string]any, error) {
			return map[string]any{}, nil
		},
		"getHostByName": func(string) string { return "" },
		"keys": func(dicts ...map[string]any) []string {
			var ks []string
			for _, d := range dicts {
				for k := range d {
					ks = append(ks, k)
				}
			}
			sort.Strings(ks)
			return ks
		},
		"values": func(d map[string]any) []any {
			ks := make([]string, 0, len(d))
			for k := range d {
				ks = append(ks, k)
			}
			sort.Strings(ks)
			out := make([]any, len(ks))
			for i, k := range ks {
				out[i] = d[k]
			}
			return out
		},
		"required": func(msg string, v any) (any, error) {
			if v == nil {
				return v, errors.New(msg)
			}
			if s, ok := v.(string); ok && s == "" {
				return v, errors.New(msg)
			}
			return v, nil
		},
		"fail": func(msg string) (string, error) { return "", errors.New(msg) },
		"include": func(name string, data any) (string, error) {
			return r.include(name, data)
		},
		"tpl": func(text string, data any) (string, error) {
			return r.tpl(text, data)
		},
		"now": r.now,
	}
	for k, v := range r.deterministicFuncs() {
		extra[k] = v
	}
	for k, v := range map[string]any{
		// text/template's own functions that build strings, guarded too.
		"print":    fmt.Sprint,
		"printf":   fmt.Sprintf,
		"println":  fmt.Sprintln,
		"html":     template.HTMLEscaper,
		"js":       template.JSEscaper,
		"urlquery": template.URLQueryEscaper,
	} {
		extra[k] = v
	}
	for k, v := range extra {
		f[k] = v
	}
	for k, v := range f {
		f[k] = guard(k, v, r.budget)
	}
	f[tickFunc] = r.tick
	return f
}
