//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tribuneCmd is the command in a process of its own.
func tribuneCmd(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "TRIBUNE_TEST_MAIN=1")
	return cmd
}

// bigSite is the test site with n more communiqués: its build takes long
// enough to be interrupted.
func bigSite(t *testing.T, n int) string {
	t.Helper()
	src := newSite(t)
	dir := filepath.Join(src, "content", "communiques")
	for i := range n {
		body := fmt.Sprintf("---\ntitle: Communiqué numéro %d sur la protection de l'enfance\ndate: 2026-01-01T08:00:00+01:00\ntags: [thème %d]\n---\n%s\n", i, i%40,
			strings.Repeat("Un paragraphe du communiqué, avec *de l'emphase* et [un lien](/a-propos/).\n\n", 12))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("c%05d.md", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return src
}

// waitExit waits for cmd, failing the test if it does not end within d.
func waitExit(t *testing.T, cmd *exec.Cmd, d time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%v did not stop within %v", cmd.Args[1:], d)
		return nil
	}
}

// SIGINT and SIGTERM stop a build: its temporary folder is removed and the
// previous output is left as it was.
func TestBuildStopsOnSignals(t *testing.T) {
	t.Parallel()
	src := bigSite(t, 3000)
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	buildOK(t, src, out)
	before := snapshot(t, out)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := tribuneCmd(t, "build", "-src", src, "-out", out, "-at", at)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			tmp := filepath.Join(parent, ".public.tmp-"+strconv.Itoa(cmd.Process.Pid)+"-*")
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(2 * time.Millisecond) {
				if m, _ := filepath.Glob(tmp); len(m) > 0 {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("the build made no temporary folder")
				}
			}
			time.Sleep(50 * time.Millisecond) // into the rendering
			cmd.Process.Signal(sig)
			err := waitExit(t, cmd, 30*time.Second)
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				t.Fatalf("exit: %v (stderr %q); want status 1: was the build over before the signal?", err, stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrompue") || !strings.Contains(stderr.String(), "resté tel quel") {
				t.Errorf("stderr %q does not say the build stopped", stderr.String())
			}
			if m, _ := filepath.Glob(filepath.Join(parent, ".public.tmp-*")); len(m) > 0 {
				t.Errorf("temporary folders left: %q", m)
			}
			sameTree(t, "output after a stopped build", snapshot(t, out), before)
		})
	}
}

// SIGTERM and SIGINT stop the preview server.
func TestServeStopsOnSignals(t *testing.T) {
	t.Parallel()
	src := newSite(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			before := snapshot(t, src)
			cmd := tribuneCmd(t, "serve", "-src", src, "-addr", "127.0.0.1:0", "-at", at)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			ready := make(chan bool, 1)
			go func() {
				sc := bufio.NewScanner(stdout)
				for sc.Scan() {
					if strings.Contains(sc.Text(), "http://127.0.0.1:") {
						ready <- true
					}
				}
				close(ready)
			}()
			select {
			case ok := <-ready:
				if !ok {
					t.Fatal("serve ended before it served")
				}
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatal("serve did not start")
			}
			cmd.Process.Signal(sig)
			if err := waitExit(t, cmd, 30*time.Second); err != nil {
				t.Errorf("serve stopped with %v, want status 0", err)
			}
			after := snapshot(t, src)
			for p := range after {
				if strings.HasPrefix(p, ".tribune") {
					delete(after, p) // its cache is its own
				}
			}
			sameTree(t, "site after serve", after, before)
		})
	}
}

// A named pipe anywhere in the site is an error naming it, in build and
// in serve: neither waits for a writer.
func TestSpecialFilesAreErrors(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"static/documents/tube.pdf", "layouts/partials/tube.html", "content/tube.md", "site.toml", ".tribune/cache/images/tube"} {
		t.Run(name, func(t *testing.T) {
			src := newSite(t)
			p := filepath.Join(src, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip("no named pipes here:", err)
			}
			out := filepath.Join(t.TempDir(), "public")
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			done := make(chan result, 1)
			go func() {
				var stdout, stderr bytes.Buffer
				err := run(ctx, []string{"build", "-src", src, "-out", out, "-at", at}, &stdout, &stderr)
				done <- result{err, stdout.String(), stderr.String()}
			}()
			var r result
			select {
			case r = <-done:
			case <-ctx.Done():
				t.Fatalf("the build waits on the named pipe %s", name)
			}
			if strings.HasPrefix(name, ".tribune/") {
				if r.err != nil {
					t.Errorf("a named pipe in the cache broke the build: %v", r.err)
				}
				return
			}
			if r.err == nil || !regexp.MustCompile(`(^|\n)`+regexp.QuoteMeta(name)+`(:\d+:\d+)?: `).MatchString(r.err.Error()) {
				t.Errorf("error does not name %s: %v", name, r.err)
			}
		})
	}
}

// A symbolic link in static/ to a text, or to tribune's own files, is an
// error: the source of a text under embargo would be published as it is.
func TestStaticLinksIntoTheSourceRefused(t *testing.T) {
	t.Parallel()
	for name, target := range map[string]string{
		"a text":       "../../content/communiques/2026-04-08-barometre.md",
		"the settings": "../../site.toml",
	} {
		t.Run(name, func(t *testing.T) {
			src := newSite(t)
			link := filepath.Join(src, "static", "pub", "source.md")
			os.MkdirAll(filepath.Dir(link), 0o755)
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "public")
			r := buildSite(t, src, out)
			if r.err == nil || !strings.Contains(r.err.Error(), "static/pub/source.md: symbolic link to ") {
				t.Errorf("built with a link into the source: %v", r.err)
			}
		})
	}
}

// A build that cannot replace the output (a folder of it is read-only)
// fails and leaves it exactly as it was, as an unprivileged user would see
// it.
func TestReadOnlyOutputLeftAsItWas(t *testing.T) {
	t.Parallel()
	dir, err := os.MkdirTemp("", "tribune-ro-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error { os.Chmod(p, 0o755); return nil })
		os.RemoveAll(dir)
	})
	src := filepath.Join(dir, "site")
	writeFiles(t, src, siteArchive(t))
	out := filepath.Join(src, "public")
	buildOK(t, src, out)
	writeFiles(t, src, "-- content/nouveau.md --\n---\ntitle: Nouvelle page\ndate: 2026-01-01\n---\nNouveau.\n")

	cmd := tribuneCmd(t, "build", "-src", src, "-out", out, "-at", at)
	if os.Geteuid() == 0 {
		// Root writes anywhere: run the build as nobody, who owns the site.
		nobody, err := user.Lookup("nobody")
		if err != nil {
			t.Skip("no user nobody:", err)
		}
		uid, _ := strconv.Atoi(nobody.Uid)
		gid, _ := strconv.Atoi(nobody.Gid)
		exe, _ := os.Executable()
		copyExe := filepath.Join(dir, "tribune.test")
		data, err := os.ReadFile(exe)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(copyExe, data, 0o755); err != nil {
			t.Fatal(err)
		}
		filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error { return os.Lchown(p, uid, gid) })
		os.Chmod(dir, 0o755)
		home := t.TempDir()
		os.Chown(home, uid, gid)
		cmd = exec.Command(copyExe, "build", "-src", src, "-out", out, "-at", at)
		cmd.Env = []string{"TRIBUNE_TEST_MAIN=1", "HOME=" + home, "PATH=/usr/bin:/bin"}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	}
	// chmod -R a-w public
	filepath.Walk(out, func(p string, info os.FileInfo, _ error) error {
		return os.Chmod(p, info.Mode().Perm()&^0o222)
	})
	before := snapshot(t, dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("build into a read-only output: %v, stderr %q; want status 1", err, stderr.String())
	}
	t.Logf("stderr: %s", stderr.String())
	if n := strings.Count(stderr.String(), "\n"); n > 3 || !strings.Contains(stderr.String(), "est protégé en écriture") {
		t.Errorf("stderr, %d lines: %q; want one message saying what cannot be written to", n, stderr.String())
	}
	sameTree(t, "site and output after the failed build", snapshot(t, dir), before)
}

// What the command prints is in the site's language: French by default,
// English for an English site; the place of an error comes first either
// way.
func TestMessagesInTheSiteLanguage(t *testing.T) {
	t.Parallel()
	broken := "-- content/tribunes/bad.md --\n---\ntitle: Fermeture de Coco.gg : « la fin »\ndate: 2026-01-01\nsignatories: [{name: A}]\n---\nx\n" +
		"-- content/communiques/date.md --\n---\ntitle: Date\ndate: 25 juin 2024\n---\nx\n"
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"fr", []string{
			"content/communiques/date.md:3:7: date\u00a0: la date \"25 juin 2024\" est écrite en lettres\u00a0: écrivez-la en chiffres, année-mois-jour\u00a0: 2024-06-25",
			"content/tribunes/bad.md:2:8: la valeur de title contient « : »",
			"tribune\u00a0: construction impossible, 2 erreurs",
		}},
		{"en", []string{
			`content/communiques/date.md:3:7: date: the date "25 juin 2024" is written in words: write it as numbers, year-month-day: 2024-06-25`,
			`content/tribunes/bad.md:2:8: the value of title holds " : "`,
			"tribune: build failed with 2 errors",
		}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			src := newSite(t, broken)
			writeFiles(t, src, "-- site.toml --\n"+strings.Replace(readFile(t, filepath.Join(src, "site.toml")), `language = "fr"`, `language = "`+c.lang+`"`, 1))
			cmd := tribuneCmd(t, "build", "-src", src, "-out", filepath.Join(t.TempDir(), "public"), "-at", at)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err == nil {
				t.Fatal("a broken site built")
			}
			for _, w := range c.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
			// A mistake on the command line too.
			cmd = tribuneCmd(t, "build", "-src", src, "-nope")
			stderr.Reset()
			cmd.Stderr = &stderr
			cmd.Run()
			want := map[string]string{"fr": "tribune\u00a0: option inconnue -nope", "en": "tribune: unknown option -nope"}[c.lang]
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
			}
		})
	}
}
