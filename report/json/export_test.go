package json

// SetStreamAbove changes the streaming threshold and returns a function that
// restores it.
func SetStreamAbove(n int) func() {
	saved := streamAbove
	streamAbove = n
	return func() { streamAbove = saved }
}
