package scan

import (
	"io"
	"iter"
	"runtime"
	"sync"

	"github.com/belay-sh/belay/internal/policy"
)

// A Scanner judges the commands in files against a rule set, without
// running any of them. Set its fields, then range over Scan; a Scanner
// runs one Scan at a time.
type Scanner struct {
	Rules    *policy.Set
	Asker    policy.Asker            // the host's facts; nil answers every fact as not holding
	Kind     Kind                    // read every file as this kind; "" tells each file's
	Options  Options                 // how files are read
	Stdin    io.Reader               // what the path "-" reads
	Progress func(f *File, line int) // if set, told as the scan passes each batch of lines, in order

	// What the last Scan read, complete when its loop ends.
	Files      []*File
	Commands   int // invocations the analyzer found
	Skipped    int // walked files of no kind belay reads
	Unreadable int // files named or walked that could not be read

	mu   sync.Mutex
	memo map[memoKey]unitVerdict // verdicts of lines seen before (history repeats itself)
	seen map[[2]uint64]bool      // device and inode of the walked files read
}

// File is a file a scan read.
type File struct {
	Path  string // as named or walked
	Kind  Kind   // how it was read
	Lines int    // its number of lines
}

// Finding is a rule that matched a command in a file, at the command's
// place in the file.
type Finding struct {
	File         *File
	Line, Col    int
	Rule         *policy.Rule // nil for an entry that could not be read or parsed
	RuleID       string
	Action       policy.Action
	Message      string
	Command      string // the command, as the analyzer understood it
	Reference    string
	Acknowledged bool // BELAY_ACK let it through
}

// scanChunk is how many units are judged per batch.
const scanChunk = 256

// batch is a batch of units of one or more files, judged together and
// reported in order.
type batch struct {
	jobs     []job
	findings []Finding
	err      error // a file that could not be read, reported in its place
	file     *File // the file the batch ends in, for progress
	commands int   // invocations the analyzer found, added up by the workers
	done     chan struct{}
}

// job is one unit of one file, to be judged.
type job struct {
	file *File
	unit Unit
}

// Scan reads every path (a file, a directory to walk, or "-") and yields
// what it finds, in the order of files and of lines in them: each finding,
// and in its place an error for each file that could not be read (the
// others are still read). The units are judged in parallel.
func (s *Scanner) Scan(paths []string) iter.Seq2[*Finding, error] {
	return func(yield func(*Finding, error) bool) {
		s.Files, s.Commands, s.Skipped, s.Unreadable = nil, 0, 0, 0
		s.seen = nil
		if s.memo == nil {
			s.memo = map[memoKey]unitVerdict{}
		}
		workers := runtime.GOMAXPROCS(0)
		batches := make(chan *batch, 2*workers)
		work := make(chan *batch, 2*workers)
		quit := make(chan struct{})
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for b := range work {
					for i := range b.jobs {
						b.findings = s.judge(b.jobs[i].file, &b.jobs[i].unit, b.findings, &b.commands)
					}
					close(b.done)
				}
			})
		}
		go func() {
			defer close(batches)
			defer close(work)
			s.produce(paths, func(b *batch) bool {
				if b.err == nil {
					select {
					case work <- b:
					case <-quit:
						return false
					}
				} else {
					close(b.done)
				}
				select {
				case batches <- b:
					return true
				case <-quit:
					return false
				}
			})
		}()
		stopped := false
		for b := range batches {
			<-b.done
			if !stopped && !s.collect(b, yield) {
				stopped = true
				close(quit)
			}
		}
		wg.Wait()
	}
}

// collect yields a judged batch, in order; false when the loop stopped.
func (s *Scanner) collect(b *batch, yield func(*Finding, error) bool) bool {
	if b.err != nil {
		s.Unreadable++
		return yield(nil, b.err)
	}
	s.Commands += b.commands
	for i := range b.findings {
		if !yield(&b.findings[i], nil) {
			return false
		}
	}
	if s.Progress != nil && b.file != nil && len(b.jobs) > 0 {
		s.Progress(b.file, b.jobs[len(b.jobs)-1].unit.Line)
	}
	return true
}
