package lazy

import (
	"sync"
	"testing"
)

var built int

var table = Value[map[string]bool]{Build: func() map[string]bool {
	built++
	return map[string]bool{"a": true}
}}

func TestValue(t *testing.T) {
	if built != 0 {
		t.Fatalf("built %d times before the first Get", built)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if !table.Get()["a"] || table.Get()["b"] {
				t.Error("wrong table")
			}
		})
	}
	wg.Wait()
	if built != 1 {
		t.Fatalf("built %d times, want once", built)
	}
}

// TestGetNoAlloc: after the first Get, a table costs a load, not an allocation.
func TestGetNoAlloc(t *testing.T) {
	if allocs := testing.AllocsPerRun(10, func() { _ = table.Get() }); allocs != 0 {
		t.Fatalf("Get allocates %v times after the first", allocs)
	}
}
