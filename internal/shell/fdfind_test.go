package shell

import "testing"

// TestFd checks that fd's -x and -X run their command on what the search
// finds, as find -exec does.
func TestFd(t *testing.T) {
	tests := []struct{ line, want string }{
		{`fd . / -x rm -rf`, `[fd]find; [fd>find -exec]rm delete:/+R`},
		{`fd -H . / -X rm -rf`, `[fd]find; [fd>find -exec]rm delete:/+R`},
		{`fd '' /x --exec rm -rf {}`, `[fd]find; [fd>find -exec]rm delete:/x+R`},
		{`fdfind . --search-path /x -X rm -rf`, `[fd]find; [fd>find -exec]rm delete:/x+R`},
		{`fd -e pyc . /x -x rm`, `[fd]find; [fd>find -exec]rm delete:/x+F`},
		{`fd node_modules /x -X rm -rf`, `[fd]find; [fd>find -exec]rm delete:/x+F`},
		{`fd -td build /x -X rm -rf`, `[fd]find; [fd>find -exec]rm delete:/x+F`},
		{`fd pattern /x`, `fd`},
		{`fd -x`, `fd`},
	}
	for _, tt := range tests {
		if got := summary(Analyze(tt.line, testOpts)); got != tt.want {
			t.Errorf("Analyze(%q)\n got: %s\nwant: %s", tt.line, got, tt.want)
		}
	}
}
