// Command startupbench times whole processes: each command given is run
// in turn, round after round (interleaved, so a noisy machine slows all of
// them alike), and the median wall time of each is printed with its ratio
// to the first command's, then the median CPU time (user and system) the
// process used, which a loaded machine disturbs less, and the median count
// of page faults (minor and major), which it does not change.
// scripts/startup-bench builds what it compares.
//
// With -inits, it also runs the last command ROUNDS/10 times more with
// GODEBUG=inittrace=1 and prints the packages whose initialisation costs
// most, by mean wall time (which includes the page faults it takes) and
// bytes allocated: where a start's time goes before main.
//
// usage: go run ./scripts/startupbench [-n ROUNDS] [-inits] 'CMD ARG…' 'CMD ARG…' …
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	rounds := flag.Int("n", 300, "rounds")
	inits := flag.Bool("inits", false, "also print the costliest package initialisations of the last command")
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
	if *inits {
		initTrace(argvs[len(argvs)-1], max(*rounds/10, 1))
	}
}

// initTrace runs argv n times with GODEBUG=inittrace=1 and prints the 12
// package initialisations that take longest on average, with what they
// allocate and the total.
func initTrace(argv []string, n int) {
	type cost struct {
		pkg   string
		ms    float64
		bytes int
	}
	sum := map[string]*cost{}
	for range n {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		_ = cmd.Run()
		// init PKG @T ms, CLOCK ms clock, BYTES bytes, ALLOCS allocs
		sc := bufio.NewScanner(&stderr)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) < 10 || f[0] != "init" {
				continue
			}
			ms, _ := strconv.ParseFloat(f[4], 64)
			b, _ := strconv.Atoi(f[7])
			c := sum[f[1]]
			if c == nil {
				c = &cost{pkg: f[1]}
				sum[f[1]] = c
			}
			c.ms += ms / float64(n)
			c.bytes += b
		}
	}
	var all []*cost
	total := cost{pkg: "all packages"}
	for _, c := range sum {
		all = append(all, c)
		total.ms += c.ms
		total.bytes += c.bytes
	}
	slices.SortFunc(all, func(a, b *cost) int { return cmp.Compare(b.ms, a.ms) })
	fmt.Printf("\npackage initialisation of %s (GODEBUG=inittrace=1, mean of %d runs)\n", strings.Join(argv, " "), n)
	for _, c := range append(all[:min(12, len(all))], &total) {
		fmt.Printf("  %-56s %7.3f ms %8d bytes\n", c.pkg, c.ms, c.bytes/n)
	}
}
