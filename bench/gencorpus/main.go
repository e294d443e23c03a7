// Command gencorpus writes a synthetic tribune site (or the same statements
// as a Hugo site) for benchmarks:
//
//	go run ./bench/gencorpus -n 4000 -seed 1 -out DIR [-hugo]
package main

import (
	"flag"
	"fmt"
	"os"

	"tribune/bench/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of statements (half tribunes, half communiqués)")
	seed := flag.Int64("seed", 1, "random seed; the same seed gives the same corpus")
	out := flag.String("out", "", "directory to write the site into (required)")
	hugo := flag.Bool("hugo", false, "write a Hugo site instead of a tribune site")
	flag.Parse()
	if *out == "" || *n < 0 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus -n N -seed S -out DIR [-hugo]")
		os.Exit(2)
	}
	write := corpus.Write
	if *hugo {
		write = corpus.WriteHugo
	}
	if err := write(*out, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
