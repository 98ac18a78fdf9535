package terraform

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Copied from parser/hcl, where it is unexported: the same limits protect this parser.
//
// hclsyntax parses nested brackets, templates, blocks and chains of operators
// recursively, without a limit: some 50,000 nested brackets, or a million
// operators in one expression, overflow the goroutine stack, which is a fatal
// error that no recover can catch. Inputs beyond these bounds, far beyond any
// architecture written by hand, are refused before they are parsed.
const (
	maxNesting   = 1000
	maxOperators = 5000 // per top-level statement
)

// checkDepth returns an error when src nests deeper than maxNesting or has a
// top-level statement with more than maxOperators operators. It lexes the file,
// which the parser does again: a cost paid only by files large enough to matter.
func checkDepth(filename string, src []byte) *hcl.Diagnostic {
	if len(src) <= maxNesting {
		return nil // a level or an operator takes at least one byte
	}
	// Every token that opens a level holds one of the bytes {[("<, and every
	// operator one of +-*/%!&|=<>?, each byte in one token only: when the file
	// has few enough of them, no statement can be too deep or too long, and
	// the lexing (a third of the cost of parsing) is skipped. Most files pass.
	opens, ops := 0, 0
	for _, c := range src {
		switch c {
		case '{', '[', '(', '"', '<':
			opens++
		}
		switch c {
		case '+', '-', '*', '/', '%', '!', '&', '|', '=', '<', '>', '?':
			ops++
		}
	}
	if opens <= maxNesting && ops <= maxOperators {
		return nil
	}
	tokens, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	depth := 0
	ops = 0
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
			hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
			if depth > maxNesting {
				return &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Nesting too deep",
					Detail: fmt.Sprintf("Brackets, braces, parentheses, blocks and templates nest here more than %d deep; faultline does not read a file nested so deeply.",
						maxNesting),
					Subject: t.Range.Ptr(),
				}
			}
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen,
			hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
			if depth > 0 {
				depth--
			}
		case hclsyntax.TokenNewline:
			if depth == 0 {
				ops = 0
			}
		case hclsyntax.TokenPlus, hclsyntax.TokenMinus, hclsyntax.TokenStar,
			hclsyntax.TokenSlash, hclsyntax.TokenPercent, hclsyntax.TokenBang,
			hclsyntax.TokenAnd, hclsyntax.TokenOr, hclsyntax.TokenEqualOp,
			hclsyntax.TokenNotEqual, hclsyntax.TokenLessThan, hclsyntax.TokenLessThanEq,
			hclsyntax.TokenGreaterThan, hclsyntax.TokenGreaterThanEq, hclsyntax.TokenQuestion:
			ops++
			if ops > maxOperators {
				return &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Expression too complex",
					Detail: fmt.Sprintf("This statement has more than %d operators; faultline does not read an expression so long.",
						maxOperators),
					Subject: t.Range.Ptr(),
				}
			}
		}
	}
	return nil
}

// checkJSONDepth is checkDepth for .tf.json files, which hcl's JSON parser also
// reads recursively (200,000 nested brackets overflowed the stack). It counts the
// nesting of arrays and objects, and inside strings that of the template
// interpolations (${ … }) with their brackets and operators, which are parsed as
// native expressions.
func checkJSONDepth(filename string, src []byte) *hcl.Diagnostic {
	if len(src) <= maxNesting {
		return nil
	}
	at := func(off int) *hcl.Range {
		line, col := 1, 1
		for _, c := range src[:off] {
			if c == '\n' {
				line, col = line+1, 1
			} else if c < 0x80 || c >= 0xC0 {
				col++
			}
		}
		p := hcl.Pos{Line: line, Column: col, Byte: off}
		return &hcl.Range{Filename: filename, Start: p, End: hcl.Pos{Line: line, Column: col + 1, Byte: off + 1}}
	}
	tooDeep := func(off int) *hcl.Diagnostic {
		return &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Nesting too deep",
			Detail: fmt.Sprintf("Arrays, objects and template expressions nest here more than %d deep; faultline does not read a file nested so deeply.",
				maxNesting),
			Subject: at(off),
		}
	}
	depth, inner, ops := 0, 0, 0 // inner: the nesting inside the current string
	inString := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if !inString {
			switch c {
			case '"':
				inString, inner, ops = true, 0, 0
			case '[', '{':
				if depth++; depth > maxNesting {
					return tooDeep(i)
				}
			case ']', '}':
				depth = max(depth-1, 0)
			}
			continue
		}
		switch c {
		case '\\':
			i++ // an escaped character, \" among them
		case '"':
			inString = false
		case '$', '%':
			if i+1 < len(src) && src[i+1] == '{' {
				if i > 0 && src[i-1] == c {
					continue // $${ and %%{ are literal
				}
				i++
				if inner++; depth+inner > maxNesting {
					return tooDeep(i)
				}
			}
		case '(', '[', '{':
			if inner > 0 {
				if inner++; depth+inner > maxNesting {
					return tooDeep(i)
				}
			}
		case ')', ']', '}':
			inner = max(inner-1, 0)
		case '+', '-', '*', '/', '!', '&', '|', '=', '<', '>', '?':
			if inner > 0 {
				if ops++; ops > maxOperators {
					return &hcl.Diagnostic{
						Severity: hcl.DiagError,
						Summary:  "Expression too complex",
						Detail: fmt.Sprintf("This string has more than %d operators in its template expressions; faultline does not read an expression so long.",
							maxOperators),
						Subject: at(i),
					}
				}
			}
		}
	}
	return nil
}

// checkNUL refuses a file that holds a NUL byte: Terraform files are text, and
// hclsyntax takes a NUL inside a quoted name as part of the name.
func checkNUL(filename string, src []byte) *hcl.Diagnostic {
	i := bytes.IndexByte(src, 0)
	if i < 0 {
		return nil
	}
	line := 1 + bytes.Count(src[:i], []byte{'\n'})
	col := 1 + utf8.RuneCount(src[bytes.LastIndexByte(src[:i], '\n')+1:i])
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Invalid character",
		Detail:   "This file holds a NUL byte: it is not a Terraform configuration file, and faultline does not read it.",
		Subject: &hcl.Range{Filename: filename, Start: hcl.Pos{Line: line, Column: col, Byte: i},
			End: hcl.Pos{Line: line, Column: col + 1, Byte: i + 1}},
	}
}
