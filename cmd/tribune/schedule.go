package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"tribune/internal/build"
	"tribune/internal/content"
	"tribune/internal/locale"
	"tribune/internal/site"
)

// runSchedule lists the coming state changes: embargoes that lift,
// scheduled publications, expiries.
func runSchedule(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	lang := siteLanguage(args)
	fl := newFlags("schedule", lang, tr(lang, "tribune schedule [-src DIR] [-at TIME] [-next | -due [-since TIME]]"), stderr)
	src := fl.String("src", ".", tr(lang, "site `folder`"))
	at := fl.String("at", "", tr(lang, "`instant` to look from, RFC 3339 (default now)"))
	next := fl.Bool("next", false, tr(lang, "print only the next instant (RFC 3339), or nothing when none is planned"))
	due := fl.Bool("due", false, tr(lang, "exit status 0 if the deployed site must be rebuilt now, 1 if not (2 on error): a change is due since -since, or since the last production build's record"))
	since := fl.String("since", "", tr(lang, "with -due: `instant` the deployed site was built at, RFC 3339"))
	if err := parseFlags(fl, args, stderr); err != nil {
		return err
	}
	sf := siteFlags{at: *at}
	instant, err := sf.instant(time.Now())
	if err != nil {
		return err
	}
	if *since != "" && !*due {
		return usagef("-since goes with -due")
	}
	if *next && *due {
		return usagef("-next and -due answer different questions: give one of them")
	}
	root, err := openSite(*src)
	if err != nil {
		return dueError(*due, err)
	}
	defer root.Close()
	if *due {
		return checkDue(ctx, root, *since, instant, lang, stdout)
	}
	s, err := build.New(root.FS(), nil).Model(ctx, build.Options{At: instant, EmbargoKey: embargoKey()})
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
		say(stdout, lang, "no change planned: the site stays as it is until the content changes\n")
		return nil
	}
	say(stdout, lang, "coming changes (%s):\n", s.Config.TimeZone)
	w := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	for _, c := range s.Changes {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", c.At.In(s.Config.Location).Format("2006-01-02 15:04 MST"), changeLabel(c).In(lang),
			content.Printable(c.Page.File.Source), content.Printable(c.Page.Title))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	// The secret addresses of the embargo copies, for the press officer
	// to send to journalists.
	for _, c := range s.Changes {
		p := c.Page
		if c.State != site.Public || c.CommentsClose || p.Meta == nil || !p.Meta.EmbargoAccess || p.State != site.Embargoed {
			continue
		}
		if p.SecretURL == "" {
			if n := utf8.RuneCount(bytes.TrimSpace(embargoKey())); n > 0 {
				say(stdout, lang, "embargo copy of %s: the key in %s has %d characters, too few: give it %d at least to know its address\n",
					content.Printable(p.File.Source), site.EmbargoKeyVar, n, site.MinEmbargoKey)
			} else {
				say(stdout, lang, "embargo copy of %s: set %s to know its address\n", content.Printable(p.File.Source), site.EmbargoKeyVar)
			}
			continue
		}
		say(stdout, lang, "embargo copy of %s, for journalists until %s: %s\n", content.Printable(p.File.Source),
			p.Embargo.In(s.Config.Location).Format("2006-01-02 15:04 MST"), s.Abs(p.SecretURL))
	}
	return nil
}

// errNotDue is -due's answer when nothing is due: exit status 1.
var errNotDue = exitError{code: 1}

// exitError ends the command with a status of its own; its error, if any,
// is printed.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

// dueError makes any error of -due but a usage error exit with status 2:
// 1 says "not due", and a broken site must not read as that, nor as "due".
func dueError(due bool, err error) error {
	var u usageError
	if !due || err == nil || errors.As(err, &u) {
		return err
	}
	return exitError{2, err}
}

// checkDue answers whether the deployed site is stale at instant now: a
// page changed state after it was built. When it was built is since, or
// else what the last production build of this folder recorded (the next
// change it knew of, in .tribune/next-change).
func checkDue(ctx context.Context, root *os.Root, since string, now time.Time, lang string, stdout io.Writer) error {
	if since == "" {
		data, err := root.ReadFile(filepath.FromSlash(nextChangeFile))
		if errors.Is(err, fs.ErrNotExist) {
			say(stdout, lang, "not due: the last build recorded no coming change\n")
			return errNotDue
		}
		if err != nil {
			return exitError{2, err}
		}
		next, err := time.Parse(time.RFC3339, strings.TrimSpace(string(data)))
		if err != nil {
			return exitError{2, locale.M("%s: %v", nextChangeFile, err)}
		}
		if now.Before(next) {
			say(stdout, lang, "not due: the deployed site stays right until %s\n", next.Format(time.RFC3339))
			return errNotDue
		}
		say(stdout, lang, "due since %s: rebuild\n", next.Format(time.RFC3339))
		return nil
	}
	built, err := time.Parse(time.RFC3339, since)
	if err != nil {
		return usagef("-since %q: want an RFC 3339 instant, such as 2026-12-03T06:00:00+01:00", since)
	}
	s, err := build.New(root.FS(), nil).Model(ctx, build.Options{At: built})
	if err != nil {
		return exitError{2, err}
	}
	for _, c := range s.Changes {
		if c.At.After(now) {
			break
		}
		say(stdout, lang, "due since %s (%s %s): rebuild\n", c.At.In(s.Config.Location).Format(time.RFC3339), changeLabel(c), content.Printable(c.Page.File.Source))
		return nil
	}
	say(stdout, lang, "not due: nothing changed between %s and %s\n", built.Format(time.RFC3339), now.Format(time.RFC3339))
	return errNotDue
}

func changeLabel(c site.Change) locale.Message {
	switch {
	case c.CommentsClose:
		return locale.M("comments close")
	case c.State == site.Expired:
		return locale.M("expires")
	case c.Page.Kind == site.Communique && !c.Page.Embargo.IsZero():
		return locale.M("embargo lifts")
	}
	return locale.M("published")
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
