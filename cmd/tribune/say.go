package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"tribune/internal/content"
	"tribune/internal/locale"
)

// Every message the command shows is in the language of the site (French
// unless site.toml says otherwise): written in English in the code, and
// looked up in locale's table of messages.

// siteLanguage is the language of the messages of a command run with
// args: that of the site given by -src (or found from the working folder
// up), French when there is none.
func siteLanguage(args []string) string {
	src := "."
	for i, a := range args {
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "src" {
			continue
		}
		if hasValue {
			src = value
		} else if i+1 < len(args) {
			src = args[i+1]
		}
	}
	dir, err := siteRoot(src)
	if err != nil {
		return "fr"
	}
	cfg, _ := content.LoadConfig(os.DirFS(dir))
	if l, ok := locale.Get(cfg.Language); ok {
		return l.Base
	}
	return "fr"
}

// say writes a message in the language lang.
func say(w io.Writer, lang, format string, args ...any) {
	fmt.Fprint(w, locale.M(format, args...).In(lang))
}

// tr is a text of the command (a flag's description) in the language lang.
func tr(lang, text string) string { return locale.M(text).In(lang) }

// usageError is a mistake in the command line (exit status 2).
type usageError struct{ m locale.Message }

func usagef(format string, args ...any) usageError { return usageError{locale.M(format, args...)} }

func (e usageError) Error() string         { return e.m.String() }
func (e usageError) In(base string) string { return e.m.In(base) }

// flagError says a mistake the flag package found, in words of lang.
var flagErrors = []struct {
	re     *regexp.Regexp
	format string
}{
	{re: regexp.MustCompile(`^flag provided but not defined: -(.*)$`), format: "unknown option -%s"},
	{re: regexp.MustCompile(`^flag needs an argument: -(.*)$`), format: "option -%s needs a value"},
	{re: regexp.MustCompile(`^invalid boolean value "(.*)" for -(.*): .*$`), format: "invalid value %q for -%s: write true or false"},
	{re: regexp.MustCompile(`^invalid value "(.*)" for flag -(.*): .*$`), format: "invalid value %q for -%s"},
	{re: regexp.MustCompile(`^bad flag syntax: (.*)$`), format: "bad option syntax: %s"},
}

func flagError(err error) usageError {
	for _, f := range flagErrors {
		if m := f.re.FindStringSubmatch(err.Error()); m != nil {
			args := make([]any, len(m)-1)
			for i, v := range m[1:] {
				args[i] = v
			}
			return usagef(f.format, args...)
		}
	}
	return usagef("%s", err.Error())
}

// newFlags is a flag set whose usage is written in lang: the command's
// line, then each flag with its description and default.
func newFlags(name, lang, line string, stderr io.Writer) *flag.FlagSet {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(io.Discard) // its own English messages: ours say the same
	fl.Usage = func() {
		say(stderr, lang, "usage: %s\n", line)
		fl.VisitAll(func(f *flag.Flag) {
			kind, usage := flag.UnquoteUsage(f)
			head := "  -" + f.Name
			if kind != "" {
				head += " " + tr(lang, kind)
			}
			fmt.Fprintln(stderr, head)
			fmt.Fprint(stderr, "    \t"+strings.ReplaceAll(usage, "\n", "\n    \t"))
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "0s" {
				say(stderr, lang, " (default %s)", f.DefValue)
			}
			fmt.Fprintln(stderr)
		})
	}
	return fl
}

// parseArgs parses flags written before, between or after the arguments,
// and gives the arguments.
func parseArgs(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, flagError(err)
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// parseFlags parses flags, and refuses arguments.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	rest, err := parseArgs(fs, args, stderr)
	if err == nil && len(rest) > 0 {
		return usagef("unexpected argument \"%s\"", content.Printable(rest[0]))
	}
	return err
}

// errHelp ends a command whose usage was asked for (-h): exit status 0,
// and nothing else done.
var errHelp = exitError{code: 0}
