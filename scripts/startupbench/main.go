// Command startupbench times whole processes: each command given is run
// in turn, round after round (interleaved, so a noisy machine slows all of
// them alike), and the median wall time of each is printed with its ratio
// to the first command's, then the median CPU time (user and system) the
// process used, which a loaded machine disturbs less, and the median count
// of page faults (minor and major), which it does not change.
// scripts/startup-bench builds what it compares.
//
// usage: go run ./scripts/startupbench [-n ROUNDS] 'CMD ARG…' 'CMD ARG…' …
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	rounds := flag.Int("n", 300, "rounds")
	flag.Parse()
	cmds := flag.Args()
	if len(cmds) == 0 {
		fmt.Fprintln(os.Stderr, "usage: startupbench [-n ROUNDS] 'CMD ARG…' …")
		os.Exit(2)
	}
	argvs := make([][]string, len(cmds))
	for i, c := range cmds {
		argvs[i] = strings.Fields(c)
	}
	times := make([][]time.Duration, len(cmds))
	cpu := make([][]time.Duration, len(cmds))
	faults := make([][]time.Duration, len(cmds)) // counts, sorted as durations
	for r := 0; r < *rounds; r++ {
		for i, argv := range argvs {
			cmd := exec.Command(argv[0], argv[1:]...)
			start := time.Now()
			if err := cmd.Run(); err != nil && r == 0 {
				fmt.Fprintf(os.Stderr, "startupbench: %s: %v\n", cmds[i], err)
			}
			times[i] = append(times[i], time.Since(start))
			if ps := cmd.ProcessState; ps != nil {
				cpu[i] = append(cpu[i], ps.UserTime()+ps.SystemTime())
				if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
					faults[i] = append(faults[i], time.Duration(ru.Minflt+ru.Majflt))
				}
			}
		}
	}
	median := func(d []time.Duration) float64 {
		if len(d) == 0 {
			return 0
		}
		slices.Sort(d)
		return float64(d[len(d)/2].Microseconds()) / 1000
	}
	base, cbase := median(times[0]), median(cpu[0])
	count := func(d []time.Duration) int {
		if len(d) == 0 {
			return 0
		}
		slices.Sort(d)
		return int(d[len(d)/2])
	}
	fmt.Printf("%-56s %10s %6s %10s %6s %7s\n", "command", "wall", "", "cpu", "", "faults")
	for i, c := range cmds {
		m, cm := median(times[i]), median(cpu[i])
		fmt.Printf("%-56s %7.3f ms %5.2fx %7.3f ms %5.2fx %7d\n", c, m, m/base, cm, cm/cbase, count(faults[i]))
	}
}
