package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"tribune/internal/build"
	"tribune/internal/content"
	"tribune/internal/site"
)

// runSchedule lists the coming state changes: embargoes that lift,
// scheduled publications, expiries.
func runSchedule(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("schedule", flag.ContinueOnError)
	src := fl.String("src", ".", "site `folder`")
	at := fl.String("at", "", "instant to look from, RFC 3339 (default now)")
	next := fl.Bool("next", false, "print only the next instant (RFC 3339), or nothing when none is planned")
	if err := parseFlags(fl, args, stderr); err != nil {
		return err
	}
	sf := siteFlags{at: *at}
	instant, err := sf.instant(time.Now())
	if err != nil {
		return err
	}
	root, err := openSite(*src)
	if err != nil {
		return err
	}
	defer root.Close()
	s, err := build.New(root.FS(), nil).Model(ctx, build.Options{At: instant})
	if err != nil {
		return err
	}
	if *next {
		if !s.NextChange.IsZero() {
			fmt.Fprintln(stdout, s.NextChange.In(s.Config.Location).Format(time.RFC3339))
		}
		return nil
	}
	if len(s.Changes) == 0 {
		fmt.Fprintln(stdout, "no change planned: the site stays as it is until the content changes")
		return nil
	}
	fmt.Fprintf(stdout, "coming changes (%s):\n", s.Config.TimeZone)
	w := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	for _, c := range s.Changes {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", c.At.In(s.Config.Location).Format("2006-01-02 15:04 MST"), changeLabel(c),
			content.Printable(c.Page.File.Source), content.Printable(c.Page.Title))
	}
	return w.Flush()
}

func changeLabel(c site.Change) string {
	switch {
	case c.State == site.Expired:
		return "expires"
	case c.Page.Kind == site.Communique && !c.Page.Embargo.IsZero():
		return "embargo lifts"
	}
	return "published"
}

// nextChangeFile is where a build records the next instant the site must
// be rebuilt at, for deploy scripts. It is outside the output folder: the
// instant alone would tell a reader that something is coming.
const nextChangeFile = ".tribune/next-change"

// writeNextChange records s.NextChange in the site's folder root, or
// removes the record when no change is planned, so that a build of a site
// without embargoes leaves its folder as it was. The record is written
// beside and renamed into place: a symbolic link there is replaced, never
// followed.
func writeNextChange(root *os.Root, s *site.Site) (string, error) {
	name := filepath.FromSlash(nextChangeFile)
	if s.NextChange.IsZero() {
		if err := root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		root.Remove(filepath.Dir(name)) // only if empty
		return "", nil
	}
	if err := root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return "", err
	}
	text := s.NextChange.In(s.Config.Location).Format(time.RFC3339) + "\n"
	tmp := name + ".tmp"
	root.Remove(tmp) // a link left there is not followed
	if err := root.WriteFile(tmp, []byte(text), 0o644); err != nil {
		return "", err
	}
	return text, root.Rename(tmp, name)
}
