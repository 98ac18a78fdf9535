package terraform

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"math/big"
	"net"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

var (
	funcsOnce sync.Once
	funcTable map[string]function.Function
)

// functions returns Terraform's built-in functions, each with Terraform's
// parameters (so that a wrong number or type of arguments is the error
// Terraform gives) and Terraform's result: go-cty's stdlib where Terraform uses
// it, hcl's try and can, this package's implementations where Terraform's
// differ from stdlib's (length of strings and objects, lookup with two
// arguments, replace with a /regex/) or stdlib has none (cidrsubnets, hashes,
// encodings). Functions whose result depends on the filesystem, the clock or
// chance (file, timestamp, uuid) return an unknown value of their result type:
// never an "unknown function", never an invented value. The table is shared
// and read-only.
//
// No maintained Go module serves Terraform's function table: Terraform's and
// OpenTofu's are internal packages, tflint's copy is under the BUSL licence,
// and hashicorp/go-cty-funcs is not served by the module proxy this project
// builds from; stdlib covers most functions, and this package fills the rest.
func functions(string) map[string]function.Function {
	funcsOnce.Do(func() { funcTable = guardFunctions(buildFunctions()) })
	return funcTable
}

// TerraformFunctions lists the names of Terraform's built-in functions
// (terraform metadata functions, Terraform 1.10), which functions provides.
var TerraformFunctions = []string{
	"abs", "abspath", "alltrue", "anytrue", "base64decode", "base64encode", "base64gzip", "base64sha256",
	"base64sha512", "basename", "bcrypt", "can", "ceil", "chomp", "chunklist", "cidrhost", "cidrnetmask",
	"cidrsubnet", "cidrsubnets", "coalesce", "coalescelist", "compact", "concat", "contains", "csvdecode",
	"dirname", "distinct", "element", "endswith", "ephemeralasnull", "file", "filebase64", "filebase64sha256",
	"filebase64sha512", "fileexists", "filemd5", "fileset", "filesha1", "filesha256", "filesha512", "flatten",
	"floor", "format", "formatdate", "formatlist", "indent", "index", "issensitive", "join", "jsondecode",
	"jsonencode", "keys", "length", "log", "lookup", "lower", "matchkeys", "max", "md5", "merge", "min",
	"nonsensitive", "one", "parseint", "pathexpand", "plantimestamp", "pow", "range", "regex", "regexall",
	"replace", "reverse", "rsadecrypt", "sensitive", "setintersection", "setproduct", "setsubtract",
	"setunion", "sha1", "sha256", "sha512", "signum", "slice", "sort", "split", "startswith", "strcontains",
	"strrev", "substr", "sum", "templatefile", "templatestring", "textdecodebase64", "textencodebase64",
	"timeadd", "timecmp", "timestamp", "title", "tobool", "tolist", "tomap", "tonumber", "toset", "tostring",
	"transpose", "trim", "trimprefix", "trimspace", "trimsuffix", "try", "type", "upper", "urlencode", "uuid",
	"uuidv5", "values", "yamldecode", "yamlencode", "zipmap",
}

func buildFunctions() map[string]function.Function {
	str, boo, dyn := cty.String, cty.Bool, cty.DynamicPseudoType
	f := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc,
		"log": stdlib.LogFunc, "max": stdlib.MaxFunc, "min": stdlib.MinFunc, "pow": stdlib.PowFunc,
		"signum": stdlib.SignumFunc, "parseint": stdlib.ParseIntFunc,
		"chomp": stdlib.ChompFunc, "format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc,
		"indent": stdlib.IndentFunc, "join": stdlib.JoinFunc, "lower": stdlib.LowerFunc, "upper": stdlib.UpperFunc,
		"regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc, "replace": replaceFunc,
		"split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc,
		"title": stdlib.TitleFunc, "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc,
		"trimsuffix": stdlib.TrimSuffixFunc, "trimspace": stdlib.TrimSpaceFunc,
		"chunklist": stdlib.ChunklistFunc, "coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc,
		"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
		"index": indexFunc, "keys": stdlib.KeysFunc, "length": lengthFunc,
		"lookup": lookupFunc, "merge": stdlib.MergeFunc, "range": rangeFunc,
		"reverse": stdlib.ReverseListFunc, "setintersection": stdlib.SetIntersectionFunc,
		"setproduct": stdlib.SetProductFunc, "setsubtract": stdlib.SetSubtractFunc,
		"setunion": stdlib.SetUnionFunc, "sort": stdlib.SortFunc, "values": stdlib.ValuesFunc,
		"zipmap": stdlib.ZipmapFunc, "jsonencode": stdlib.JSONEncodeFunc, "jsondecode": stdlib.JSONDecodeFunc,
		"csvdecode": stdlib.CSVDecodeFunc, "formatdate": stdlib.FormatDateFunc, "timeadd": stdlib.TimeAddFunc,
		"timecmp": timecmpFunc,
		"try":     tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"tostring": makeToFunc(cty.String), "tonumber": makeToFunc(cty.Number), "tobool": makeToFunc(cty.Bool),
		"tolist": makeToFunc(cty.List(cty.DynamicPseudoType)), "toset": makeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tomap":            makeToFunc(cty.Map(cty.DynamicPseudoType)),
		"slice":            sliceFunc,
		"cidrsubnet":       cidrSubnetFunc,
		"cidrsubnets":      cidrSubnetsFunc,
		"cidrhost":         cidrHostFunc,
		"cidrnetmask":      cidrNetmaskFunc,
		"basename":         stringFunc(func(s string) string { return path.Base(s) }),
		"dirname":          stringFunc(func(s string) string { return path.Dir(s) }),
		"base64encode":     stringFunc(func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }),
		"base64decode":     base64DecodeFunc,
		"base64gzip":       stringFunc(base64Gzip),
		"urlencode":        stringFunc(url.QueryEscape),
		"md5":              stringFunc(hexHash(md5.New)),
		"sha1":             stringFunc(hexHash(sha1.New)),
		"sha256":           stringFunc(hexHash(sha256.New)),
		"sha512":           stringFunc(hexHash(sha512.New)),
		"base64sha256":     stringFunc(base64Hash(sha256.New)),
		"base64sha512":     stringFunc(base64Hash(sha512.New)),
		"uuidv5":           uuidV5Func,
		"startswith":       stringPredFunc(strings.HasPrefix),
		"endswith":         stringPredFunc(strings.HasSuffix),
		"strcontains":      stringPredFunc(strings.Contains),
		"one":              oneFunc,
		"sum":              sumFunc,
		"alltrue":          boolsFunc(true),
		"anytrue":          boolsFunc(false),
		"matchkeys":        matchkeysFunc,
		"transpose":        transposeFunc,
		"sensitive":        identityFunc,
		"nonsensitive":     identityFunc,
		"ephemeralasnull":  identityFunc,
		"issensitive":      unknownFunc(boo, dyn),
		"type":             unknownFunc(dyn, dyn),
		"yamlencode":       unknownFunc(str, dyn),
		"yamldecode":       unknownFunc(dyn, str),
		"templatestring":   unknownFunc(str, str, dyn),
		"textencodebase64": unknownFunc(str, str, str),
		"textdecodebase64": unknownFunc(str, str, str),
		"rsadecrypt":       unknownFunc(str, str, str),
		// The filesystem, the clock and chance.
		"file": unknownFunc(str, str), "filebase64": unknownFunc(str, str), "fileexists": unknownFunc(boo, str),
		"fileset": unknownFunc(cty.Set(cty.String), str, str), "filemd5": unknownFunc(str, str),
		"filesha1": unknownFunc(str, str), "filesha256": unknownFunc(str, str), "filesha512": unknownFunc(str, str),
		"filebase64sha256": unknownFunc(str, str), "filebase64sha512": unknownFunc(str, str),
		"templatefile": unknownFunc(str, str, dyn), "abspath": unknownFunc(str, str), "pathexpand": unknownFunc(str, str),
		"timestamp": unknownFunc(str), "plantimestamp": unknownFunc(str), "uuid": unknownFunc(str),
		"bcrypt": bcryptFunc,
	}
	return f
}

func makeToFunc(want cty.Type) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowDynamicType: true, AllowUnknown: true, AllowMarked: true}},
		Type: func(args []cty.Value) (cty.Type, error) {
			if !args[0].IsKnown() && args[0].Type() == cty.DynamicPseudoType {
				return cty.DynamicPseudoType, nil
			}
			v, _ := args[0].UnmarkDeep()
			out, err := convert.Convert(v, want)
			if err != nil {
				return cty.NilType, err
			}
			return out.Type(), nil
		},
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			if ret == cty.DynamicPseudoType {
				return args[0], nil
			}
			v, pvm := args[0].UnmarkDeepWithPaths()
			out, err := convert.Convert(v, ret)
			if err != nil {
				return cty.NilVal, err
			}
			if len(pvm) > 0 && !ret.IsSetType() {
				out = out.MarkWithPaths(pvm)
			} else if len(pvm) > 0 {
				for _, p := range pvm {
					out = out.WithMarks(p.Marks)
				}
			}
			return out, nil
		},
	})
}

// sliceFunc is Terraform's slice. Unlike stdlib's, it keeps the known length of a
// slice of an unknown list: slice(data.aws_availability_zones.x.names, 0, 3)
// has three (unknown) elements, because slice fails when the list is shorter.
var sliceFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "list", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true},
		{Name: "start_index", Type: cty.Number},
		{Name: "end_index", Type: cty.Number},
	},
	Type: function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		list, marks := args[0].Unmark()
		if list.IsKnown() && !list.IsNull() {
			v, err := stdlib.Slice(list, args[1], args[2])
			return v.WithMarks(marks), err
		}
		var s, e int
		if err := gocty(args[1], &s); err != nil {
			return cty.NilVal, err
		}
		if err := gocty(args[2], &e); err != nil {
			return cty.NilVal, err
		}
		if s < 0 || e < s || e-s > maxInstances {
			return cty.NilVal, fmt.Errorf("invalid slice indices %d, %d", s, e)
		}
		elems := make([]cty.Value, e-s)
		zones := zoneList(marks)
		for i := range elems {
			elems[i] = cty.DynamicVal.WithMarks(marks)
			if zones != "" {
				elems[i] = elems[i].Mark(zoneSlot{List: zones, Index: s + i})
			}
		}
		if len(elems) == 0 {
			return cty.EmptyTupleVal, nil
		}
		return cty.TupleVal(elems), nil
	},
})

// zoneSlot marks an element of a list of availability zones that is unknown
// until apply (data.aws_availability_zones): the zones of one such list are
// distinct, so that two elements at different indices are in different zones,
// although neither zone has a name yet.
type zoneSlot struct {
	List  string // the data source's component ID
	Index int
}

// zoneList returns the data source of availability zones that a value comes
// from, when it comes from exactly one.
func zoneList(marks cty.ValueMarks) string {
	list := ""
	for m := range marks {
		if r, ok := m.(ref); ok && isZoneList(r.Comp) {
			if list != "" && list != r.String() {
				return ""
			}
			list = r.String()
		}
	}
	return list
}

// isZoneList reports a data source whose lists (names, zone_ids) hold each zone once.
func isZoneList(comp string) bool {
	return strings.HasPrefix(comp, "data.aws_availability_zones.") || strings.Contains(comp, ".data.aws_availability_zones.")
}

func gocty(v cty.Value, out *int) error {
	if !v.IsKnown() || v.IsNull() {
		return fmt.Errorf("index is unknown")
	}
	bf := v.AsBigFloat()
	i, _ := bf.Int64()
	*out = int(i)
	return nil
}

var cidrSubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "prefix", Type: cty.String}, {Name: "newbits", Type: cty.Number}, {Name: "netnum", Type: cty.Number},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		_, ipnet, err := net.ParseCIDR(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), fmt.Errorf("invalid CIDR expression: %s", err)
		}
		var newbits, netnum int
		gocty(args[1], &newbits)
		gocty(args[2], &netnum)
		ones, bits := ipnet.Mask.Size()
		if newbits < 0 || ones+newbits > bits || newbits > 62 {
			return cty.UnknownVal(cty.String), fmt.Errorf("insufficient address space to extend prefix of %d by %d", ones, newbits)
		}
		if netnum < 0 || int64(netnum) >= int64(1)<<uint(newbits) {
			return cty.UnknownVal(cty.String), fmt.Errorf("prefix extension of %d does not accommodate a subnet numbered %d", newbits, netnum)
		}
		base := new(big.Int).SetBytes(ipnet.IP)
		shift := uint(bits - ones - newbits)
		base.Or(base, new(big.Int).Lsh(big.NewInt(int64(netnum)), shift))
		return cty.StringVal(fmt.Sprintf("%s/%d", toIP(base, len(ipnet.IP)), ones+newbits)), nil
	},
})

var cidrHostFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "hostnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		_, ipnet, err := net.ParseCIDR(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), fmt.Errorf("invalid CIDR expression: %s", err)
		}
		var host int
		gocty(args[1], &host)
		ones, bits := ipnet.Mask.Size()
		if host < 0 || bits-ones < 63 && int64(host) >= int64(1)<<uint(bits-ones) {
			return cty.UnknownVal(cty.String), fmt.Errorf("prefix of %d does not accommodate a host numbered %d", ones, host)
		}
		base := new(big.Int).SetBytes(ipnet.IP)
		base.Add(base, big.NewInt(int64(host)))
		return cty.StringVal(toIP(base, len(ipnet.IP)).String()), nil
	},
})

var cidrNetmaskFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		_, ipnet, err := net.ParseCIDR(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), fmt.Errorf("invalid CIDR expression: %s", err)
		}
		return cty.StringVal(net.IP(ipnet.Mask).String()), nil
	},
})

func toIP(n *big.Int, size int) net.IP {
	b := n.Bytes()
	ip := make(net.IP, size)
	copy(ip[size-len(b):], b)
	return ip
}

func stringFunc(fn func(string) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "s", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(fn(args[0].AsString())), nil
		},
	})
}

func stringPredFunc(fn func(string, string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "s", Type: cty.String}, {Name: "t", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(fn(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true}},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
})

// unknownFunc is a function of the given parameter types whose result, of
// type ret, is not known before apply (it reads a file, the clock, chance).
func unknownFunc(ret cty.Type, params ...cty.Type) function.Function {
	ps := make([]function.Parameter, len(params))
	for i, t := range params {
		ps[i] = function.Parameter{Name: fmt.Sprintf("arg%d", i+1), Type: t, AllowNull: t == cty.DynamicPseudoType,
			AllowUnknown: true, AllowDynamicType: true}
	}
	return function.New(&function.Spec{
		Params: ps,
		Type:   function.StaticReturnType(ret),
		Impl:   func([]cty.Value, cty.Type) (cty.Value, error) { return cty.UnknownVal(ret), nil },
	})
}

var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType, AllowMarked: true}},
	Type:   function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		l, marks := args[0].Unmark()
		if !l.CanIterateElements() {
			return cty.NilVal, fmt.Errorf("must be a list, set, or tuple")
		}
		switch l.LengthInt() {
		case 0:
			return cty.NullVal(cty.DynamicPseudoType), nil
		case 1:
			it := l.ElementIterator()
			it.Next()
			_, v := it.Element()
			return v.WithMarks(marks), nil
		}
		return cty.NilVal, fmt.Errorf("must be a list, set, or tuple value with either zero or one elements")
	},
})

var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if !args[0].CanIterateElements() || args[0].LengthInt() == 0 {
			return cty.NilVal, fmt.Errorf("cannot sum an empty or non-list value")
		}
		total := cty.Zero
		for it := args[0].ElementIterator(); it.Next(); {
			_, v := it.Element()
			n, err := convert.Convert(v, cty.Number)
			if err != nil || n.IsNull() {
				return cty.NilVal, fmt.Errorf("sum needs numbers")
			}
			if !n.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			total = total.Add(n)
		}
		return total, nil
	},
})

func boolsFunc(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			for it := args[0].ElementIterator(); it.Next(); {
				_, v := it.Element()
				if !v.IsKnown() {
					return cty.UnknownVal(cty.Bool), nil
				}
				if v.IsNull() {
					continue
				}
				if v.True() != all {
					return cty.BoolVal(!all), nil
				}
			}
			return cty.BoolVal(all), nil
		},
	})
}

// lookupFunc is Terraform's lookup(map, key[, default]): the default is
// optional (stdlib's is not) and may be null. The result carries the marks of
// the element it returns and of the key, not those of the whole map: marks are
// references, and lookup(var.settings, "db") reads one of them.
var lookupFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "inputMap", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true},
		{Name: "key", Type: cty.String, AllowUnknown: true, AllowMarked: true},
	},
	VarParam: &function.Parameter{Name: "default", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowNull: true, AllowMarked: true},
	Type: func(args []cty.Value) (cty.Type, error) {
		if len(args) > 3 {
			return cty.NilType, fmt.Errorf("lookup() takes two or three arguments, not %d", len(args))
		}
		return cty.DynamicPseudoType, nil
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		m, mm := args[0].Unmark()
		k, km := args[1].Unmark()
		if !m.IsKnown() || !k.IsKnown() {
			out := cty.DynamicVal.WithMarks(mm, km)
			if !m.IsKnown() {
				_, deep := args[0].UnmarkDeep()
				out = out.WithMarks(deep)
			}
			return out, nil
		}
		if m.IsNull() {
			return cty.NilVal, fmt.Errorf("lookup failed: the map is null")
		}
		name := k.AsString()
		switch ty := m.Type(); {
		case ty.IsObjectType() && ty.HasAttribute(name):
			return m.GetAttr(name).WithMarks(mm, km), nil
		case ty.IsMapType() && m.HasIndex(k).True():
			return m.Index(k).WithMarks(mm, km), nil
		case !ty.IsObjectType() && !ty.IsMapType():
			return cty.NilVal, fmt.Errorf("the first argument must be a map or an object, not %s", ty.FriendlyName())
		case len(args) == 3:
			return args[2].WithMarks(km), nil
		}
		return cty.NilVal, fmt.Errorf("lookup failed to find key %q", name)
	},
})

// indexFunc is Terraform's index(list, value): the position of value in list.
var indexFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}, {Name: "value", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		l := args[0]
		if !l.Type().IsListType() && !l.Type().IsTupleType() {
			return cty.NilVal, fmt.Errorf("argument must be a list or tuple")
		}
		if !l.IsWhollyKnown() || !args[1].IsKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		i := 0
		for it := l.ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			if eq := e.Equals(args[1]); eq.IsKnown() && eq.True() {
				return cty.NumberIntVal(int64(i)), nil
			}
		}
		return cty.NilVal, fmt.Errorf("item not found")
	},
})

// maxRange bounds range(): a typo of a few zeros must not exhaust memory.
const maxRange = 1 << 20

// rangeFunc is stdlib's range with a bound on the number of elements.
var rangeFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "params", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.Number)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var f [3]float64
		f[2] = 1
		switch len(args) {
		case 1:
			f[1], _ = args[0].AsBigFloat().Float64()
		case 2, 3:
			for i, a := range args {
				f[i], _ = a.AsBigFloat().Float64()
			}
		default:
			return cty.NilVal, fmt.Errorf("range needs one to three arguments")
		}
		if f[2] == 0 {
			return cty.NilVal, fmt.Errorf("step must not be zero")
		}
		if n := (f[1] - f[0]) / f[2]; n > maxRange {
			return cty.NilVal, fmt.Errorf("more than %d elements", maxRange)
		}
		return stdlib.RangeFunc.Call(args)
	},
})

// lengthFunc is Terraform's length: of a list, set, tuple, map or object, the
// number of elements or attributes; of a string, the number of characters.
var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty == cty.String, ty == cty.DynamicPseudoType, ty.IsObjectType(), ty.IsTupleType(),
			ty.IsListType(), ty.IsMapType(), ty.IsSetType():
			return cty.Number, nil
		}
		return cty.NilType, fmt.Errorf("argument must be a string, a collection type, or a structural type")
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, marks := args[0].Unmark()
		ty := v.Type()
		switch {
		case ty == cty.String:
			n, err := stdlib.Strlen(v)
			return n.WithMarks(marks), err
		case ty.IsObjectType():
			return cty.NumberIntVal(int64(len(ty.AttributeTypes()))).WithMarks(marks), nil
		case !v.IsKnown():
			return cty.UnknownVal(cty.Number).WithMarks(marks), nil
		}
		return v.Length().WithMarks(marks), nil
	},
})

// replaceFunc is Terraform's replace: a substring between slashes (/[0-9]+/)
// is a regular expression, whose replacement may name its groups ($1).
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		sub := args[1].AsString()
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			re, err := regexp.Compile(sub[1 : len(sub)-1])
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(re.ReplaceAllString(args[0].AsString(), args[2].AsString())), nil
		}
		return cty.StringVal(strings.ReplaceAll(args[0].AsString(), sub, args[2].AsString())), nil
	},
})

// timecmpFunc is Terraform's timecmp: -1, 0 or 1 as the first RFC 3339
// timestamp is before, at or after the second.
var timecmpFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "timestamp_a", Type: cty.String}, {Name: "timestamp_b", Type: cty.String}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		a, err := time.Parse(time.RFC3339, args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		b, err := time.Parse(time.RFC3339, args[1].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(1, err)
		}
		return cty.NumberIntVal(int64(a.Compare(b))), nil
	},
})

// cidrSubnetsFunc is Terraform's cidrsubnets(prefix, newbits...): consecutive
// subnets of the given sizes, each aligned on its own size.
var cidrSubnetsFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "prefix", Type: cty.String}},
	VarParam: &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		_, ipnet, err := net.ParseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgErrorf(0, "invalid CIDR expression: %s", err)
		}
		if len(args) == 1 {
			return cty.ListValEmpty(cty.String), nil
		}
		ones, bits := ipnet.Mask.Size()
		base := new(big.Int).SetBytes(ipnet.IP)
		end := new(big.Int).Add(base, new(big.Int).Lsh(big.NewInt(1), uint(bits-ones)))
		next := new(big.Int).Set(base)
		out := make([]cty.Value, 0, len(args)-1)
		for i, a := range args[1:] {
			var nb int
			if err := gocty(a, &nb); err != nil {
				return cty.NilVal, function.NewArgError(i+1, err)
			}
			if nb < 1 || ones+nb > bits {
				return cty.NilVal, function.NewArgErrorf(i+1, "would extend prefix to %d bits, which is too long for an address of %d bits", ones+nb, bits)
			}
			size := new(big.Int).Lsh(big.NewInt(1), uint(bits-ones-nb))
			// align next on size
			rem := new(big.Int).Mod(new(big.Int).Sub(next, base), size)
			if rem.Sign() != 0 {
				next.Add(next, new(big.Int).Sub(size, rem))
			}
			if new(big.Int).Add(next, size).Cmp(end) > 0 {
				return cty.NilVal, function.NewArgErrorf(i+1, "not enough remaining address space for a subnet with a prefix of %d bits", ones+nb)
			}
			out = append(out, cty.StringVal(fmt.Sprintf("%s/%d", toIP(next, len(ipnet.IP)), ones+nb)))
			next.Add(next, size)
		}
		return cty.ListVal(out), nil
	},
})

var base64DecodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		b, err := base64.StdEncoding.DecodeString(args[0].AsString())
		if err != nil {
			return cty.NilVal, fmt.Errorf("failed to decode base64 data: %s", err)
		}
		if !utf8.Valid(b) {
			return cty.NilVal, fmt.Errorf("the result of decoding the provided string is not valid UTF-8")
		}
		return cty.StringVal(string(b)), nil
	},
})

func base64Gzip(s string) string {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write([]byte(s))
	w.Close()
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

func hexHash(h func() hash.Hash) func(string) string {
	return func(s string) string {
		d := h()
		d.Write([]byte(s))
		return hex.EncodeToString(d.Sum(nil))
	}
}

func base64Hash(h func() hash.Hash) func(string) string {
	return func(s string) string {
		d := h()
		d.Write([]byte(s))
		return base64.StdEncoding.EncodeToString(d.Sum(nil))
	}
}

// uuidNamespaces are the namespaces that uuidv5 names (RFC 4122, appendix C).
var uuidNamespaces = map[string]string{
	"dns": "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "url": "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
	"oid": "6ba7b812-9dad-11d1-80b4-00c04fd430c8", "x500": "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
}

// uuidV5Func is Terraform's uuidv5(namespace, name): a name-based UUID, the
// same for the same inputs.
var uuidV5Func = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "namespace", Type: cty.String}, {Name: "name", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		ns := args[0].AsString()
		if n, ok := uuidNamespaces[ns]; ok {
			ns = n
		}
		raw, err := hex.DecodeString(strings.ReplaceAll(ns, "-", ""))
		if err != nil || len(raw) != 16 {
			return cty.NilVal, function.NewArgErrorf(0, "must be one of dns, url, oid, x500, or a valid UUID")
		}
		h := sha1.New()
		h.Write(raw)
		h.Write([]byte(args[1].AsString()))
		u := h.Sum(nil)[:16]
		u[6] = u[6]&0x0f | 0x50
		u[8] = u[8]&0x3f | 0x80
		x := hex.EncodeToString(u)
		return cty.StringVal(x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]), nil
	},
})

// bcryptFunc is Terraform's bcrypt(str[, cost]): salted, so unknown here.
var bcryptFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "str", Type: cty.String, AllowUnknown: true}},
	VarParam: &function.Parameter{Name: "cost", Type: cty.Number, AllowUnknown: true},
	Type: func(args []cty.Value) (cty.Type, error) {
		if len(args) > 2 {
			return cty.NilType, fmt.Errorf("bcrypt() takes one or two arguments, not %d", len(args))
		}
		return cty.String, nil
	},
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) { return cty.UnknownVal(cty.String), nil },
})

// matchkeysFunc is Terraform's matchkeys(values, keys, searchset): the
// elements of values whose key at the same index is in searchset.
var matchkeysFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "values", Type: cty.List(cty.DynamicPseudoType)},
		{Name: "keys", Type: cty.List(cty.DynamicPseudoType)},
		{Name: "searchset", Type: cty.List(cty.DynamicPseudoType)},
	},
	Type: func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		if !args[0].IsWhollyKnown() || !args[1].IsWhollyKnown() || !args[2].IsWhollyKnown() {
			return cty.UnknownVal(ret), nil
		}
		if args[0].LengthInt() != args[1].LengthInt() {
			return cty.NilVal, fmt.Errorf("length of keys and values should be equal")
		}
		if args[0].LengthInt() == 0 {
			return cty.ListValEmpty(ret.ElementType()), nil
		}
		var out []cty.Value
		vals := args[0].AsValueSlice()
		i := 0
		for it := args[1].ElementIterator(); it.Next(); i++ {
			_, k := it.Element()
			for s := args[2].ElementIterator(); s.Next(); {
				_, x := s.Element()
				if eq := k.Equals(x); eq.IsKnown() && eq.True() {
					out = append(out, vals[i])
					break
				}
			}
		}
		if len(out) == 0 {
			return cty.ListValEmpty(ret.ElementType()), nil
		}
		return cty.ListVal(out), nil
	},
})

// transposeFunc is Terraform's transpose: map(list(string)) with keys and
// values swapped.
var transposeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "values", Type: cty.Map(cty.List(cty.String))}},
	Type:   function.StaticReturnType(cty.Map(cty.List(cty.String))),
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		if !args[0].IsWhollyKnown() {
			return cty.UnknownVal(ret), nil
		}
		tmp := map[string][]string{}
		for it := args[0].ElementIterator(); it.Next(); {
			k, l := it.Element()
			if l.IsNull() {
				return cty.NilVal, fmt.Errorf("lists must not be null")
			}
			for li := l.ElementIterator(); li.Next(); {
				_, v := li.Element()
				if v.IsNull() {
					return cty.NilVal, fmt.Errorf("lists must not contain null values")
				}
				tmp[v.AsString()] = append(tmp[v.AsString()], k.AsString())
			}
		}
		if len(tmp) == 0 {
			return cty.MapValEmpty(cty.List(cty.String)), nil
		}
		out := map[string]cty.Value{}
		for k, vs := range tmp {
			sort.Strings(vs)
			l := make([]cty.Value, len(vs))
			for i, v := range vs {
				l[i] = cty.StringVal(v)
			}
			out[k] = cty.ListVal(l)
		}
		return cty.MapVal(out), nil
	},
})

// providerFunc stands for a provider-defined function (provider::aws::arn_parse):
// faultline runs no provider, so its result is unknown; its arguments'
// references flow into the result.
var providerFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl:     func([]cty.Value, cty.Type) (cty.Value, error) { return cty.DynamicVal, nil },
})

// namespacedFunctions returns the functions that an evaluation called by a
// namespaced name and did not find: core::NAME is the built-in NAME, and
// provider::PROVIDER::NAME a provider's function (providerFunc). It returns nil
// when diags hold no such call.
func namespacedFunctions(diags hcl.Diagnostics) map[string]function.Function {
	var out map[string]function.Function
	for _, d := range diags {
		call, ok := d.Expression.(*hclsyntax.FunctionCallExpr)
		if !ok || d.Summary != "Call to unknown function" || !strings.Contains(call.Name, "::") {
			continue
		}
		var f function.Function
		switch {
		case strings.HasPrefix(call.Name, "core::"):
			f, ok = functions("")[strings.TrimPrefix(call.Name, "core::")]
		case strings.HasPrefix(call.Name, "provider::") && strings.Count(call.Name, "::") == 2:
			f, ok = providerFunc, true
		default:
			ok = false
		}
		if ok {
			if out == nil {
				out = map[string]function.Function{}
			}
			out[call.Name] = f
		}
	}
	return out
}
