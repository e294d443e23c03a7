// Package checks puts the demo site, built by the real pipeline, through
// real checkers: the Nu HTML Checker (vnu.jar, run with the machine's
// Java) must report no error on any page, and axe-core, in Debian's
// chromium, no violation on the home page, a tribune, a communiqué, a tag
// page, the press room and the search page, in light and dark schemes.
//
// The checkers are npm packages pinned in checks/package.json, installed
// by `npm ci --prefix checks`; .ci/run installs them with Java and
// chromium. Without them the tests are skipped, except in CI (CI set),
// where a missing checker is a failure. Lighthouse, too slow for a test,
// is a benchmark: bench/lighthouse.sh, with its own bench/package.json.
//
// The package has tests only.
package checks
