package hcl

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
	maxNesting   = 1000
	maxOperators = 5000 // per top-level statement
)

// checkDepth returns an error when src nests deeper than maxNesting or has a
// top-level statement with more than maxOperators operators. It lexes the file,
// which the parser does again: a cost paid only by files large enough to matter.
func checkDepth(filename string, src []byte) *hclv2.Diagnostic {
	if len(src) <= maxNesting || quickWithinLimits(src) {
		return nil // a level or an operator takes at least one byte
	}
	return checkDepthExact(filename, src)
}

// checkDepthExact is checkDepth by lexing: exact, and it words the diagnostic.
func checkDepthExact(filename string, src []byte) *hclv2.Diagnostic {
	tokens, _ := hclsyntax.LexConfig(src, filename, hclv2.InitialPos)
	depth, ops := 0, 0
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
			hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
			if depth > maxNesting {
				return &hclv2.Diagnostic{
					Severity: hclv2.DiagError,
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
				return &hclv2.Diagnostic{
					Severity: hclv2.DiagError,
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

// CheckDepth is the guard above for other readers of HCL native syntax (the
// configuration file): nil when src is within the limits, or the error to report
// instead of parsing it.
func CheckDepth(filename string, src []byte) *hclv2.Diagnostic { return checkDepth(filename, src) }
