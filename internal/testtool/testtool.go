// Package testtool holds what belay's tests share: finding the programs a
// test drives (shells, dpkg-deb, man).
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Need returns the path of a program the test needs. Without it the test
// is skipped, except in CI, which installs every such program (.ci/run):
// there a missing one fails the test.
func Need(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed; .ci/run should install it", name)
		}
		t.Skipf("%s is not installed (CI installs it)", name)
	}
	return p
}
