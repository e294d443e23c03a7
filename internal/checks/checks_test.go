package checks

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"tribune/internal/build"
	"tribune/internal/headless"
)

// repo is the repository's root, seen from this package's folder.
const repo = "../.."

var (
	vnuJar = filepath.Join(repo, "checks", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	axeJS  = filepath.Join(repo, "checks", "node_modules", "axe-core", "axe.min.js")
)

const npmCI = "npm ci --prefix checks --ignore-scripts"

// missing stops a test that lacks a tool: in CI, where .ci/run installs
// every tool, it is a failure; elsewhere the test is skipped.
func missing(t *testing.T, what, install string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing: .ci/run must install it (%s)", what, install)
	}
	t.Skipf("%s is missing; install it with %s", what, install)
}

func command(t *testing.T, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, name, install)
	}
	return p
}

func file(t *testing.T, name, install string) {
	t.Helper()
	if _, err := os.Stat(name); err != nil {
		missing(t, name, install)
	}
}

// demo builds the repository's demo site as `tribune build` does and
// writes it to a temporary folder, which it returns with the output paths.
func demo(t *testing.T) (dir string, names []string) {
	t.Helper()
	root, err := os.OpenRoot(repo)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	// Written as tribune build writes: the published files of the build.
	dir = t.TempDir()
	out, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	var mu sync.Mutex
	var werr error
	_, err = build.New(root.FS(), nil).Run(t.Context(), build.Options{
		At:         time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC),
		Minify:     true,
		EmbargoKey: []byte("clé de démonstration des tests"),
	}, func(name string, data []byte) {
		mu.Lock()
		defer mu.Unlock()
		if err := out.MkdirAll(path.Dir(name), 0o755); err != nil {
			werr = err
		}
		if err := out.WriteFile(name, data, 0o644); err != nil {
			werr = err
		}
		names = append(names, name)
	})
	if err != nil {
		t.Fatalf("build the demo site:\n%v", err)
	}
	if werr != nil {
		t.Fatal(werr)
	}
	slices.Sort(names)
	return dir, names
}

// vnuReport is the Nu HTML Checker's JSON output (--format json).
type vnuReport struct {
	Messages []struct {
		Type        string `json:"type"`
		SubType     string `json:"subType"`
		URL         string `json:"url"`
		LastLine    int    `json:"lastLine"`
		FirstColumn int    `json:"firstColumn"`
		LastColumn  int    `json:"lastColumn"`
		Message     string `json:"message"`
		Extract     string `json:"extract"`
	} `json:"messages"`
}

// TestNuHTMLChecker checks every page of the demo site with the Nu HTML
// Checker, in one run over the whole folder: the JVM is slow to start.
func TestNuHTMLChecker(t *testing.T) {
	t.Parallel()
	java := command(t, "java", "apt-get install -y default-jre-headless")
	file(t, vnuJar, npmCI)
	dir, names := demo(t)
	pages := 0
	for _, n := range names {
		if strings.HasSuffix(n, ".html") {
			pages++
		}
	}
	if pages == 0 {
		t.Fatal("the demo site has no HTML page")
	}

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, java, "-jar", vnuJar,
		"--errors-only", "--format", "json", "--stdout", "--skip-non-html", dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	// vnu exits with 1 when it reports errors: its JSON says which.
	var report vnuReport
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("vnu: %v; its output is not JSON (%v):\n%s%s", err, jerr, out, stderr.String())
	}
	if err != nil && len(report.Messages) == 0 {
		t.Fatalf("vnu: %v\n%s", err, stderr.String())
	}
	for _, m := range report.Messages {
		name := m.URL
		if u, err := url.Parse(m.URL); err == nil && u.Scheme == "file" {
			if rel, err := filepath.Rel(dir, u.Path); err == nil {
				name = filepath.ToSlash(rel)
			}
		}
		t.Errorf("%s:%d:%d: %s %s\n\t%s", name, m.LastLine, m.FirstColumn, m.Type, m.Message, strings.TrimSpace(m.Extract))
	}
	t.Logf("vnu checked %d pages, %d errors", pages, len(report.Messages))
}

// axeTags are the axe-core rule sets the pages must pass: WCAG 2.1 A and
// AA, and axe's best practices.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"}

type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []string `json:"target"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// checkedPages are the pages axe checks: one of each kind, the first
// in path order where the site has several.
func checkedPages(t *testing.T, names []string) [][2]string {
	t.Helper()
	first := func(what, pattern string) [2]string {
		for _, n := range names {
			if ok, _ := path.Match(pattern, n); ok {
				return [2]string{what, "/" + strings.TrimSuffix(n, "index.html")}
			}
		}
		t.Errorf("the demo site has no %s (no %s)", what, pattern)
		return [2]string{}
	}
	ps := [][2]string{
		{"home page", "/"},
		first("tribune", "tribunes/*/index.html"),
		{"tribune signed by one, with a portrait", "/tribunes/plateformes-securite-des-enfants/"},
		{"tribune signed by three", "/tribunes/violences-sexuelles-sur-mineurs-le-temps-des-victimes/"},
		{"collective tribune", "/tribunes/formons-tous-ceux-qui-ecoutent-les-enfants/"},
		{"tribunes list", "/tribunes/"},
		{"English home page", "/en/"},
		{"English op-ed, a translation", "/en/op-eds/2027-budget-prevention-is-an-investment/"},
		{"English press release, a translation", "/en/press-releases/reports-about-minors-one-platform-in-three-responds-within-24-hours/"},
		{"English press room", "/en/press/"},
		first("communiqué", "communiques/*/index.html"),
		first("tag page", "themes/*/index.html"),
		{"press room", "/presse/"},
		{"search page", "/recherche/"},
	}
	return slices.DeleteFunc(ps, func(p [2]string) bool { return p[1] == "" })
}

// TestAxe runs axe-core in headless chromium on one page of each kind, in
// the light and the dark color scheme.
func TestAxe(t *testing.T) {
	t.Parallel()
	command(t, "chromium", "apt-get install -y chromium")
	file(t, axeJS, npmCI)
	axe, err := os.ReadFile(axeJS)
	if err != nil {
		t.Fatal(err)
	}
	dir, names := demo(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()

	ctx := headless.Browser(t, 90*time.Second)

	tags, _ := json.Marshal(axeTags)
	run := fmt.Sprintf(`axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map(n => ({target: n.target.flat(Infinity), summary: n.failureSummary || ""}))})))`, tags)
	pages := checkedPages(t, names)
	for _, scheme := range []string{"light", "dark"} {
		media := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}
		if _, err := chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, media)
			return err
		})); err != nil {
			t.Fatalf("emulate the %s scheme: %v", scheme, err)
		}
		for _, p := range pages {
			what := fmt.Sprintf("%s %s (%s scheme)", p[0], p[1], scheme)
			resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.URL+p[1]))
			if err != nil {
				t.Errorf("%s: %v", what, err)
				continue
			}
			if resp.Status != http.StatusOK {
				t.Errorf("%s: HTTP %d: the page is missing", what, resp.Status)
				continue
			}
			on, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`matchMedia("(prefers-color-scheme: %s)").matches`, scheme)))
			if err != nil || !on {
				t.Fatalf("%s: the scheme is not emulated (%v)", what, err)
			}
			// Folded parts (the signatories of a collective tribune, the
			// Mastodon form) are checked open.
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelectorAll("details").forEach(d => d.open = true); true`)); err != nil {
				t.Fatalf("%s: open the folded parts: %v", what, err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+"\n;typeof axe === 'object'")); err != nil {
				t.Fatalf("%s: inject axe-core: %v", what, err)
			}
			vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](run, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Errorf("%s: axe.run: %v", what, err)
				continue
			}
			for _, v := range vs {
				var b strings.Builder
				fmt.Fprintf(&b, "%s: %s (%s): %s", what, v.ID, v.Impact, v.Help)
				for _, n := range v.Nodes {
					fmt.Fprintf(&b, "\n\t%s", strings.Join(n.Target, " "))
					if s := summary(n.Summary); s != "" {
						fmt.Fprintf(&b, "\n\t\t%s", s)
					}
				}
				t.Error(b.String())
			}
		}
	}
}

// summary keeps the facts of axe's failure summary (the contrast ratio
// and colours, the missing attribute) and drops its "Fix any of the
// following" headings.
func summary(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "Fix any of the following") || strings.HasPrefix(l, "Fix all of the following") {
			continue
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "; ")
}
