package terraform

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"net"
	"path"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

var (
	funcsOnce sync.Once
	funcTable map[string]function.Function
)

// functions returns Terraform's functions: go-cty's stdlib where it has them,
// small implementations of the common rest, and an unknown result for those
// whose result depends on the filesystem, the clock or randomness (file,
// timestamp, uuid), so that they are never an "unknown function" and never invent
// a value. The table is shared and read-only.
func functions(string) map[string]function.Function {
	funcsOnce.Do(func() { funcTable = buildFunctions() })
	return funcTable
}

func buildFunctions() map[string]function.Function {
	f := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc,
		"log": stdlib.LogFunc, "max": stdlib.MaxFunc, "min": stdlib.MinFunc, "pow": stdlib.PowFunc,
		"signum": stdlib.SignumFunc, "parseint": stdlib.ParseIntFunc,
		"chomp": stdlib.ChompFunc, "format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc,
		"indent": stdlib.IndentFunc, "join": stdlib.JoinFunc, "lower": stdlib.LowerFunc, "upper": stdlib.UpperFunc,
		"regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc, "replace": stdlib.ReplaceFunc,
		"split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc,
		"title": stdlib.TitleFunc, "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc,
		"trimsuffix": stdlib.TrimSuffixFunc, "trimspace": stdlib.TrimSpaceFunc,
		"chunklist": stdlib.ChunklistFunc, "coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc,
		"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
		"index": indexFunc, "keys": stdlib.KeysFunc, "length": stdlib.LengthFunc,
		"lookup": lookupFunc, "merge": stdlib.MergeFunc, "range": stdlib.RangeFunc,
		"reverse": stdlib.ReverseListFunc, "setintersection": stdlib.SetIntersectionFunc,
		"setproduct": stdlib.SetProductFunc, "setsubtract": stdlib.SetSubtractFunc,
		"setunion": stdlib.SetUnionFunc, "sort": stdlib.SortFunc, "values": stdlib.ValuesFunc,
		"zipmap": stdlib.ZipmapFunc, "jsonencode": stdlib.JSONEncodeFunc, "jsondecode": stdlib.JSONDecodeFunc,
		"csvdecode": stdlib.CSVDecodeFunc, "formatdate": stdlib.FormatDateFunc, "timeadd": stdlib.TimeAddFunc,
		"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"tostring": makeToFunc(cty.String), "tonumber": makeToFunc(cty.Number), "tobool": makeToFunc(cty.Bool),
		"tolist": makeToFunc(cty.List(cty.DynamicPseudoType)), "toset": makeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tomap":        makeToFunc(cty.Map(cty.DynamicPseudoType)),
		"slice":        sliceFunc,
		"cidrsubnet":   cidrSubnetFunc,
		"cidrhost":     cidrHostFunc,
		"cidrnetmask":  cidrNetmaskFunc,
		"basename":     stringFunc(func(s string) string { return path.Base(s) }),
		"dirname":      stringFunc(func(s string) string { return path.Dir(s) }),
		"base64encode": stringFunc(func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }),
		"md5":          stringFunc(func(s string) string { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) }),
		"sha1":         stringFunc(func(s string) string { h := sha1.Sum([]byte(s)); return hex.EncodeToString(h[:]) }),
		"sha256":       stringFunc(func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }),
		"startswith":   stringPredFunc(strings.HasPrefix),
		"endswith":     stringPredFunc(strings.HasSuffix),
		"strcontains":  stringPredFunc(strings.Contains),
		"one":          oneFunc,
		"sum":          sumFunc,
		"alltrue":      boolsFunc(true),
		"anytrue":      boolsFunc(false),
		"sensitive":    identityFunc,
		"nonsensitive": identityFunc,
		"type":         unknownFunc(cty.DynamicPseudoType),
	}
	// Functions whose result depends on the filesystem, time or chance: unknown.
	for _, n := range []string{"file", "fileexists", "fileset", "filebase64", "filemd5", "filesha1", "filesha256",
		"filesha512", "filebase64sha256", "filebase64sha512", "templatefile", "timestamp", "uuid", "uuidv5",
		"bcrypt", "abspath", "pathexpand", "yamlencode", "yamldecode", "base64decode", "base64gzip",
		"base64sha256", "base64sha512", "sha512", "textencodebase64", "textdecodebase64", "urlencode",
		"transpose", "matchkeys", "setsymmetricdifference", "cidrsubnets", "rsadecrypt", "templatestring",
		"ephemeralasnull", "issensitive", "plantimestamp"} {
		if _, ok := f[n]; !ok {
			f[n] = unknownFunc(cty.DynamicPseudoType)
		}
	}
	// provider-defined functions (provider::aws::arn_parse) are not known here.
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

func unknownFunc(t cty.Type) function.Function {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true},
		Type:     function.StaticReturnType(t),
		Impl:     func([]cty.Value, cty.Type) (cty.Value, error) { return cty.UnknownVal(t), nil },
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

// lookupFunc is Terraform's lookup, whose default may be null (stdlib's may not).
var lookupFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "inputMap", Type: cty.DynamicPseudoType, AllowMarked: true},
		{Name: "key", Type: cty.String, AllowMarked: true},
	},
	VarParam: &function.Parameter{Name: "default", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowNull: true, AllowMarked: true},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		m, mm := args[0].Unmark()
		k, km := args[1].Unmark()
		if len(args) > 2 {
			d := args[2]
			if !m.IsKnown() || !k.IsKnown() {
				return cty.DynamicVal.WithMarks(mm, km), nil
			}
			if m.IsNull() {
				return cty.NilVal, fmt.Errorf("lookup failed: the map is null")
			}
			ty := m.Type()
			if (ty.IsObjectType() && ty.HasAttribute(k.AsString())) || (ty.IsMapType() && m.HasIndex(k).True()) {
				if ty.IsObjectType() {
					return m.GetAttr(k.AsString()).WithMarks(mm, km), nil
				}
				return m.Index(k).WithMarks(mm, km), nil
			}
			return d.WithMarks(km), nil
		}
		return stdlib.LookupFunc.Call([]cty.Value{args[0], args[1]})
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
