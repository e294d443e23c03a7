package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"tribune/internal/build"
)

// node is the path of Node.js, which runs the scheduled function as
// Netlify does.
func node(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is missing: .ci/run must install it (apt-get install -y nodejs)")
		}
		t.Skip("node is missing; install it with apt-get install -y nodejs")
	}
	return p
}

// fakeNetlify stands for the build hook and the live site, on 127.0.0.1.
type fakeNetlify struct {
	mu       sync.Mutex
	calls    int  // POSTs to the hook, answered or not
	fail     int  // how many more POSTs to answer 500
	deployed bool // whether the live site shows the change
	path     string
}

func (f *fakeNetlify) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case r.URL.Path == "/hook" && r.Method == http.MethodPost:
		f.calls++
		if f.fail > 0 {
			f.fail--
			http.Error(w, "busy", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	case r.URL.Path == f.path && f.deployed:
		w.WriteHeader(http.StatusOK)
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeNetlify) state() (int, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, f.deployed
}

// The function a production build writes calls the build hook after the
// instant, not before, not twice while the build runs, not once the site
// shows the change; a failed call is retried.
func TestNetlifyFunctionCallsTheHookOnce(t *testing.T) {
	t.Parallel()
	nodeBin := node(t)
	src := newSite(t, scheduled)
	out := filepath.Join(t.TempDir(), "public")
	if r := buildSite(t, src, out, "-netlify-functions", "netlify/functions"); r.err != nil {
		t.Fatal(r.err)
	}
	fn := filepath.Join(src, "netlify", "functions", netlifyFunction)
	code := readFile(t, fn)
	if !strings.Contains(code, `"at":"2026-12-01T05:00:00Z"`) || !strings.Contains(code, `"path":"/communiques/annonce-sous-embargo/"`) {
		t.Fatalf("the function does not hold the next change:\n%s", code)
	}
	if entries, _ := filepath.Glob(filepath.Join(out, "*", "*.mjs")); len(entries) > 0 {
		t.Errorf("the function is in the output: %v", entries)
	}

	f := &fakeNetlify{path: "/communiques/annonce-sous-embargo/"}
	srv := httptest.NewServer(f)
	defer srv.Close()
	at := time.Date(2026, 12, 1, 5, 0, 0, 0, time.UTC)
	runFirst := func(now time.Time, fresh bool) string {
		t.Helper()
		script := fmt.Sprintf(`import { tick } from %q;
const r = await tick(%d, { TRIBUNE_BUILD_HOOK: %q, URL: %q }, fetch, async () => {}, %t);
console.log(r);`, "file://"+filepath.ToSlash(fn), now.UnixMilli(), srv.URL+"/hook", srv.URL+"/", fresh)
		cmd := exec.Command(nodeBin, "--input-type=module", "-e", script)
		outb, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("node: %v\n%s", err, outb)
		}
		return strings.TrimSpace(string(outb))
	}
	run := func(now time.Time) string { t.Helper(); return runFirst(now, false) }
	steps := []struct {
		now    time.Time
		deploy bool // the build started by the call is live before this tick
		want   string
		calls  int
	}{
		{at.Add(-time.Minute), false, "waiting", 0},
		{at.Add(-time.Second), false, "waiting", 0},
		{at, false, "called", 1},
		{at.Add(time.Minute), false, "waiting for the build", 1},
		{at.Add(5 * time.Minute), false, "waiting for the build", 1},
		{at.Add(10 * time.Minute), true, "done", 1},
		{at.Add(20 * time.Minute), false, "done", 1},
	}
	for _, s := range steps {
		if s.deploy {
			f.mu.Lock()
			f.deployed = true
			f.mu.Unlock()
		}
		if got := run(s.now); got != s.want {
			t.Errorf("at %v: %q, want %q", s.now.Sub(at), got, s.want)
		}
		if calls, _ := f.state(); calls != s.calls {
			t.Errorf("at %v: %d calls of the hook, want %d", s.now.Sub(at), calls, s.calls)
		}
	}

	// A hook that fails: retried at once, then ten minutes later.
	f2 := &fakeNetlify{path: f.path, fail: 5}
	srv2 := httptest.NewServer(f2)
	defer srv2.Close()
	srv = srv2
	if got := run(at.Add(2 * time.Second)); got != "failed" {
		t.Errorf("failing hook: %q", got)
	}
	if calls, _ := f2.state(); calls != 3 {
		t.Errorf("failing hook: %d attempts, want 3", calls)
	}
	if got := run(at.Add(2 * time.Minute)); got != "waiting for the build" {
		t.Errorf("between retries: %q", got)
	}
	if got := run(at.Add(10 * time.Minute)); got != "called" {
		t.Errorf("retry: %q", got)
	}
	if calls, _ := f2.state(); calls != 6 {
		t.Errorf("after the retry: %d attempts, want 6 (3 failed, 2 failed, 1 answered)", calls)
	}

	// Deployed after its instant (two changes closer than a build takes):
	// its first run calls the hook at once, whatever the minute.
	f3 := &fakeNetlify{path: f.path}
	srv3 := httptest.NewServer(f3)
	defer srv3.Close()
	srv = srv3
	if got := runFirst(at.Add(4*time.Minute), true); got != "called" {
		t.Errorf("first run after the instant: %q", got)
	}
	if got := run(at.Add(5 * time.Minute)); got != "waiting for the build" {
		t.Errorf("the run after: %q", got)
	}
	if calls, _ := f3.state(); calls != 1 {
		t.Errorf("deployed late: %d calls of the hook, want 1", calls)
	}

	// Once nothing is planned, the build removes its function.
	if r := buildSite(t, src, out, "-netlify-functions", "netlify/functions", "-at", "2027-06-01T00:00:00+02:00"); r.err != nil {
		t.Fatal(r.err)
	}
	if _, err := os.Stat(fn); !os.IsNotExist(err) {
		t.Errorf("function left with nothing planned: %v", err)
	}
	for _, bad := range []string{"/tmp/x", "..", "content/f", "static", "public/f"} {
		if r := buildSite(t, src, out, "-netlify-functions", bad); exitCode(r.err) != 2 {
			t.Errorf("-netlify-functions %s: %v", bad, r.err)
		}
	}
}

// The ready workflow for other hosts: its script, run as GitHub would run
// it every five minutes, calls the hook once per change, after it, and
// again after a failed call.
func TestGitHubWorkflowCallsTheHookOnce(t *testing.T) {
	t.Parallel()
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is missing")
	}
	var wf struct {
		On struct {
			Schedule []struct{ Cron string }
		}
		Jobs map[string]struct {
			Steps []struct {
				Name string
				Run  string
			}
		}
	}
	if err := yaml.Unmarshal([]byte(readFile(t, filepath.Join("..", "..", "deploy", "github", "tribune-publish.yml"))), &wf); err != nil {
		t.Fatal(err)
	}
	if len(wf.On.Schedule) != 1 || wf.On.Schedule[0].Cron != "*/5 * * * *" {
		t.Errorf("schedule %+v, want every five minutes", wf.On.Schedule)
	}
	script := ""
	for _, s := range wf.Jobs["publish"].Steps {
		if s.Name == "Call the build hook when a change is due" {
			script = s.Run
		}
	}
	if script == "" {
		t.Fatal("no step calls the hook")
	}

	src := newSite(t, scheduled)
	gitRun := func(args ...string) {
		cmd := exec.Command(git, args...)
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t",
			"GIT_COMMITTER_EMAIL=t@example.org", "GIT_COMMITTER_DATE=2026-11-26T12:00:00+01:00", "GIT_AUTHOR_DATE=2026-11-26T12:00:00+01:00")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitRun("init", "-q")
	gitRun("add", ".")
	gitRun("commit", "-q", "-m", "site")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeNetlify{}
	srv := httptest.NewServer(f)
	defer srv.Close()
	run := func(now string) error {
		cmd := exec.Command("bash", "-c", script)
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "TRIBUNE_TEST_MAIN=1", "TRIBUNE="+exe, "NOW="+now, "TRIBUNE_BUILD_HOOK="+srv.URL+"/hook")
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%v: %s", err, out)
		}
		return nil
	}
	for _, s := range []struct {
		now   string
		fail  int
		calls int
		ok    bool
	}{
		{"2026-12-01T04:55:00Z", 0, 0, true},
		{"2026-12-01T05:00:00Z", 0, 1, true}, // the embargo lifts
		{"2026-12-01T05:05:00Z", 0, 1, true},
		{"2026-12-01T05:10:00Z", 0, 1, true},
		{"2026-12-24T17:05:00Z", 3, 4, false}, // the hook fails (curl tries 3 times)
		{"2026-12-24T17:10:00Z", 0, 5, true},  // called again
		{"2026-12-24T17:15:00Z", 0, 5, true},
	} {
		f.mu.Lock()
		f.fail = s.fail
		f.mu.Unlock()
		err := run(s.now)
		if (err == nil) != s.ok {
			t.Errorf("at %s: %v", s.now, err)
		}
		if calls, _ := f.state(); calls != s.calls {
			t.Errorf("at %s: %d calls of the hook, want %d", s.now, calls, s.calls)
		}
	}
}

// netlify.toml declares the folder where the production build writes its
// scheduled function, and the production build writes it there.
func TestNetlifyTomlDeclaresTheFunction(t *testing.T) {
	t.Parallel()
	conf := readFile(t, filepath.Join("..", "..", "netlify.toml"))
	dir := regexp.MustCompile(`(?m)^\[functions\]\n\s*directory = "([^"]+)"`).FindStringSubmatch(conf)
	prod := regexp.MustCompile(`(?m)^\[context\.production\]\n\s*command = "([^"]+)"`).FindStringSubmatch(conf)
	if dir == nil || prod == nil {
		t.Fatalf("netlify.toml lacks [functions] directory or the production command:\n%s", conf)
	}
	if !strings.Contains(prod[1], "-netlify-functions "+dir[1]) {
		t.Errorf("production command %q does not write the function into %s", prod[1], dir[1])
	}
}

// The function never goes into the published folder: it names the page
// and the instant of the lift.
func TestNetlifyFunctionNotPublished(t *testing.T) {
	t.Parallel()
	src := newSite(t, scheduled)
	for _, c := range [][]string{{"-out", filepath.Join(src, "dist"), "-netlify-functions", "dist/functions"}, {"-netlify-functions", "public/fn"}} {
		out := filepath.Join(src, "public")
		args := append([]string{"build", "-src", src, "-at", at}, c...)
		if c[0] != "-out" {
			args = append(args, "-out", out)
		}
		if r := tribune(t, args...); exitCode(r.err) != 2 {
			t.Errorf("%q: %v", c, r.err)
		}
	}
}

// The build plugin of netlify.toml keeps, between Netlify's builds, the
// folders where tribune keeps its share cards and images and the key that
// signs them: those the Go code uses. Node loads the plugin as Netlify
// does and runs its two events with a stand-in for Netlify's cache.
func TestNetlifyPluginKeepsTheCache(t *testing.T) {
	conf := readFile(t, filepath.Join("..", "..", "netlify.toml"))
	m := regexp.MustCompile(`(?m)^\[\[plugins\]\]\n\s*package = "(\./[^"]+)"`).FindStringSubmatch(conf)
	if m == nil {
		t.Fatalf("netlify.toml declares no local plugin:\n%s", conf)
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", filepath.FromSlash(m[1])))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(readFile(t, filepath.Join(dir, "manifest.yml")), "name: tribune-cache") {
		t.Error("the plugin's manifest.yml does not name it")
	}
	home := t.TempDir()
	for _, xdg := range []string{"", filepath.Join(home, "xdg")} {
		script := `
const plugin = require(process.argv[1]);
const calls = [];
const utils = {cache: {
	restore: async (p) => { calls.push(["restore", p]); return false; },
	save: async (p) => { calls.push(["save", p]); return true; },
}};
(async () => {
	await plugin.onPreBuild({utils});
	await plugin.onPostBuild({utils});
	console.log(JSON.stringify(calls));
})();`
		cmd := exec.Command(node(t), "-e", script, filepath.Join(dir, "index.js"))
		cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CACHE_HOME="+xdg)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("node: %v", err)
		}
		// What Go's code uses, in the same environment.
		t.Setenv("HOME", home)
		t.Setenv("XDG_CACHE_HOME", xdg)
		userCache, err := os.UserCacheDir()
		if err != nil {
			t.Fatal(err)
		}
		want := []string{".tribune/cache", filepath.Join(userCache, "tribune")}
		if !strings.HasPrefix(build.ImageCache, want[0]+"/") {
			t.Fatalf("the image cache %s is not under %s", build.ImageCache, want[0])
		}
		var calls [][2]string
		if err := json.Unmarshal(out, &calls); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		var got []string
		for _, c := range calls {
			got = append(got, c[0]+" "+c[1])
		}
		exp := []string{"restore " + want[0], "restore " + want[1], "save " + want[0], "save " + want[1]}
		if strings.Join(got, "\n") != strings.Join(exp, "\n") {
			t.Errorf("XDG_CACHE_HOME=%q: the plugin %q, want %q", xdg, got, exp)
		}
	}
}
