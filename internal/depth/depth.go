// Package depth guards the HCL parsers against input that nests deeply enough
// to overflow hclsyntax's recursive parser, a fatal error that no recover can
// catch. parser/hcl, parser/terraform and config call Check before parsing.
package depth

import (
	"fmt"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// hclsyntax parses nested brackets, templates, blocks and chains of operators
// recursively, without a limit: some 50,000 nested brackets, or a million
// operators in one expression, overflow the goroutine stack, which is a fatal
// error that no recover can catch. Inputs beyond these bounds, far beyond any
// architecture written by hand, are refused before they are parsed.
const (
	MaxNesting   = 1000
	MaxOperators = 5000 // per top-level statement
)

// Check returns an error when src nests deeper than MaxNesting or has a
// top-level statement with more than MaxOperators operators. Two byte scans that
// over-count clear almost every file; only a file they cannot clear is lexed,
// which is exact and words the diagnostic.
func Check(filename string, src []byte) *hclv2.Diagnostic {
	if len(src) <= MaxNesting || fewOpeners(src) || quickWithinLimits(src) {
		return nil // a level or an operator takes at least one byte
	}
	return checkDepthExact(filename, src)
}

// fewOpeners reports whether src has so few of the bytes that open a level
// ({[("<) and of operator bytes that no statement can reach the limits: every
// token that opens a level, and every operator, holds one of them.
func fewOpeners(src []byte) bool {
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
	return opens <= MaxNesting && ops <= MaxOperators
}

// checkDepthExact is Check by lexing: exact, and it words the diagnostic.
func checkDepthExact(filename string, src []byte) *hclv2.Diagnostic {
	tokens, _ := hclsyntax.LexConfig(src, filename, hclv2.InitialPos)
	depth, ops := 0, 0
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
			hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
			if depth > MaxNesting {
				return &hclv2.Diagnostic{
					Severity: hclv2.DiagError,
					Summary:  "Nesting too deep",
					Detail: fmt.Sprintf("Brackets, braces, parentheses, blocks and templates nest here more than %d deep; faultline does not read a file nested so deeply.",
						MaxNesting),
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
			if ops > MaxOperators {
				return &hclv2.Diagnostic{
					Severity: hclv2.DiagError,
					Summary:  "Expression too complex",
					Detail: fmt.Sprintf("This statement has more than %d operators; faultline does not read an expression so long.",
						MaxOperators),
					Subject: t.Range.Ptr(),
				}
			}
		}
	}
	return nil
}
