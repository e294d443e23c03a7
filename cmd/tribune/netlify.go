package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"tribune/internal/site"
)

// netlifyFunction is the file a production build writes in the folder
// given by -netlify-functions: a Netlify scheduled function that rebuilds
// the site when its next change is due. Builds write and remove this file
// only.
const netlifyFunction = "tribune-publish.mjs"

// checkFunctionsDir refuses a -netlify-functions folder outside the site
// or among what tribune reads or writes.
func checkFunctionsDir(dir string) error {
	clean := path.Clean(filepath.ToSlash(dir))
	top, _, _ := strings.Cut(clean, "/")
	switch {
	case filepath.IsAbs(dir) || clean == "." || clean == ".." || strings.HasPrefix(clean, "../"):
		return usagef("-netlify-functions %s: give a folder inside the site, such as netlify/functions", dir)
	case top == "content" || top == "static" || top == "layouts" || top == ".tribune" || top == "public":
		return usagef("-netlify-functions %s: tribune reads or writes %s/ itself; use netlify/functions", dir, top)
	}
	return nil
}

// writeNetlifyFunction writes the scheduled function for s's next change
// in the folder dir of the site root, or removes it when none is planned.
func writeNetlifyFunction(root *os.Root, dir string, s *site.Site) error {
	name := filepath.Join(filepath.FromSlash(dir), netlifyFunction)
	var next *site.Change
	for i := range s.Changes {
		if s.Changes[i].At.Equal(s.NextChange) {
			next = &s.Changes[i]
			break
		}
	}
	if next == nil {
		if err := root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	becomes := "public"
	if next.State != site.Public {
		becomes = "gone"
	}
	change, err := json.Marshal(struct {
		At      string `json:"at"`
		Path    string `json:"path"`
		Becomes string `json:"becomes"`
	}{next.At.UTC().Format(time.RFC3339), next.Page.URL, becomes})
	if err != nil {
		return err
	}
	if err := root.MkdirAll(filepath.FromSlash(dir), 0o755); err != nil {
		return err
	}
	tmp := name + ".tmp"
	root.Remove(tmp)
	if err := root.WriteFile(tmp, []byte(strings.Replace(functionSource, "{{change}}", string(change), 1)), 0o644); err != nil {
		return err
	}
	return root.Rename(tmp, name)
}

// functionSource is the scheduled function; {{change}} is the next change
// as JSON (a JavaScript expression too: encoding/json escapes <, > and the
// line separators).
const functionSource = `// Made by tribune build: every production build writes this file again,
// or removes it when no change is planned. Do not edit it.
//
// It asks Netlify to rebuild the site, through the build hook whose URL is
// in the environment variable TRIBUNE_BUILD_HOOK, once the next change is
// due: at the first minute after the instant, or at its own first run when
// it is deployed after the instant (two changes closer than a build), then
// every ten minutes while the site still shows the old state (a failed
// call is retried twice at once). The rebuilt site carries a new function,
// for its own next change.
export const config = { schedule: "* * * * *" };

export const change = {{change}};

const minute = 60000;
const retryEvery = 10; // minutes

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// tick is one run of the function at the instant now (milliseconds), the
// first of this deploy or not: what it did, as a word for the log.
export async function tick(now, env, fetchFn = fetch, sleep = pause, fresh = false) {
  const at = Date.parse(change.at);
  if (now < at) {
    return "waiting";
  }
  const hook = env.TRIBUNE_BUILD_HOOK;
  if (!hook) {
    return "no build hook: set TRIBUNE_BUILD_HOOK";
  }
  const first = Math.ceil(at / minute) * minute;
  if (!fresh && Math.round((now - first) / minute) % retryEvery !== 0) {
    return "waiting for the build";
  }
  if (env.URL) {
    try {
      const url = new URL(change.path, env.URL);
      url.searchParams.set("tribune", String(at));
      const res = await fetchFn(url.href, { method: "HEAD", redirect: "manual", cache: "no-store" });
      if ((res.status === 200) === (change.becomes === "public")) {
        return "done";
      }
    } catch {
      // The site cannot tell: call the hook all the same.
    }
  }
  for (const wait of [0, 2000, 5000]) {
    if (wait) {
      await sleep(wait);
    }
    try {
      const res = await fetchFn(hook, { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
      if (res.ok) {
        return "called";
      }
    } catch {
      // Retried below.
    }
  }
  return "failed";
}

// started: this deploy of the function has run before.
let started = false;

export default async () => {
  const fresh = !started;
  started = true;
  const result = await tick(Date.now(), process.env, fetch, pause, fresh);
  console.log("tribune:", result, change.at, change.path);
  return new Response(result);
};
`
