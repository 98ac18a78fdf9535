package depth

import "unicode/utf8"

// quickWithinLimits reports whether src certainly nests no deeper than MaxNesting
// and has no top-level statement with more than MaxOperators operators, by one
// pass over its bytes without allocating. It over-counts (every operator
// character counts, a dash inside an identifier included), so a true answer is
// safe; on false, the exact check (lexing with hclsyntax) decides and words the
// diagnostic. It knows HCL's lexical structure: comments, quoted templates with
// escapes and ${ } / %{ } sequences, heredocs, and brackets.
func quickWithinLimits(src []byte) bool {
	// hclsyntax's lexer swallows the byte after an invalid UTF-8 lead byte (a
	// closing brace included): the scan could then count a level closed that
	// the parser keeps open. Only valid UTF-8 is cleared here (found by fuzzing).
	if !utf8.Valid(src) {
		return false
	}
	const (
		code    = iota // brackets, blocks, the top level, and ${ } / %{ } interpolations
		quoted         // inside "…"
		heredoc        // inside <<EOF … EOF
	)
	type frame struct {
		kind int
		term []byte // heredoc terminator
	}
	var stack [MaxNesting + 1]frame
	depth := 0 // frames in use; stack[0] is the top level
	stack[0] = frame{kind: code}
	ops := 0
	lineStart := true
	for i := 0; i < len(src); i++ {
		c := src[i]
		top := &stack[depth]
		switch top.kind {
		case quoted, heredoc:
			if top.kind == heredoc && lineStart {
				// A line that is (after indentation) the terminator ends the heredoc.
				j := i
				for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
					j++
				}
				if hasWordAt(src, j, top.term) {
					depth--
					i = j + len(top.term) - 1
					lineStart = false
					continue
				}
			}
			lineStart = c == '\n'
			switch {
			case top.kind == quoted && c == '\\':
				i++ // the escaped character
			case top.kind == quoted && c == '"':
				depth--
			case top.kind == quoted && c == '\n':
				// A quoted template cannot span lines: the lexer ends it here.
				depth--
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == c && i+2 < len(src) && src[i+2] == '{':
				i += 2 // $${ and %%{ are literal
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == '{':
				if depth++; depth > MaxNesting {
					return false
				}
				stack[depth] = frame{kind: code}
				i++
			}
			continue
		}
		// In code.
		lineStart = c == '\n'
		switch c {
		case '#':
			i = skipLine(src, i)
			lineStart = true
		case '/':
			switch {
			case i+1 < len(src) && src[i+1] == '/':
				i = skipLine(src, i)
				lineStart = true
			case i+1 < len(src) && src[i+1] == '*':
				j := indexFrom(src, i+2, '*', '/')
				if j < 0 {
					return false // an unterminated comment: let the exact check decide
				}
				i = j + 1
			default:
				ops++
			}
		case '"':
			if depth++; depth > MaxNesting {
				return false
			}
			stack[depth] = frame{kind: quoted}
		case '<':
			if i+1 < len(src) && src[i+1] == '<' {
				j := i + 2
				if j < len(src) && src[j] == '-' {
					j++
				}
				k := j
				for k < len(src) && (isIdentByte(src[k])) {
					k++
				}
				// A heredoc opener is <<ID or <<-ID and then the end of the line;
				// <<ID followed by anything else is two operators and a name.
				if k > j && (k < len(src) && src[k] == '\n' || k+1 < len(src) && src[k] == '\r' && src[k+1] == '\n') {
					if depth++; depth > MaxNesting {
						return false
					}
					stack[depth] = frame{kind: heredoc, term: src[j:k]}
					i = skipLine(src, k)
					lineStart = true
					continue
				}
			}
			ops++
		case '(', '[', '{':
			if depth++; depth > MaxNesting {
				return false
			}
			stack[depth] = frame{kind: code}
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
		case '\n':
			if depth == 0 {
				ops = 0
			}
		case '+', '-', '*', '%', '!', '&', '|', '=', '>', '?':
			ops++
		}
		if ops > MaxOperators {
			return false
		}
	}
	return true
}

func hasWordAt(src []byte, i int, w []byte) bool {
	if i+len(w) > len(src) || string(src[i:i+len(w)]) != string(w) {
		return false
	}
	j := i + len(w)
	return j == len(src) || !isIdentByte(src[j])
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// skipLine returns the index of the newline that ends the line holding i (or the
// last index).
func skipLine(src []byte, i int) int {
	for i < len(src) && src[i] != '\n' {
		i++
	}
	return i
}

// indexFrom returns the index of the first a, b pair at or after i, or -1.
func indexFrom(src []byte, i int, a, b byte) int {
	for ; i+1 < len(src); i++ {
		if src[i] == a && src[i+1] == b {
			return i
		}
	}
	return -1
}
