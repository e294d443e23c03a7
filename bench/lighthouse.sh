#!/usr/bin/env bash
# Lighthouse scores of the demo site: performance, accessibility, best
# practices and SEO, ×100, on the home page, tribunes (signed by one, by
# three, by many), a communiqué, a tag page, the press room, the search
# page and English pages, with Lighthouse's mobile default and its desktop
# preset.
#
#   npm ci --prefix bench --ignore-scripts    # once: Lighthouse 12.2.3
#   bench/lighthouse.sh                       # prints a Markdown table
#   PORT=8123 KEEP=1 bench/lighthouse.sh      # keep the reports in $tmp
#
# The site is built as `tribune build` does, minified, with its base URL set
# to the local server so that canonical links and sitemaps point where the
# pages are served: python3's http.server, bound to 127.0.0.1 (no
# compression, so transfer sizes are the uncompressed ones). Lighthouse
# drives Debian's chromium (apt-get install -y chromium); nothing is fetched
# from another host. The runs are sequential: two at once on two cores skew
# the performance score.
set -euo pipefail

cd "$(dirname "$0")/.."
PORT=${PORT:-8765}
AT=${AT:-2026-11-26T12:00:00Z}
CHROME=${CHROME:-/usr/bin/chromium}
lighthouse=bench/node_modules/.bin/lighthouse

log() { echo "lighthouse: $*" >&2; }

if [[ ! -x $lighthouse ]]; then
	log "$lighthouse is missing: npm ci --prefix bench --ignore-scripts"
	exit 1
fi
if [[ ! -x $CHROME ]]; then
	log "$CHROME is missing: apt-get install -y chromium"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tribune-lighthouse.XXXXXX")
server=
cleanup() {
	if [[ -n $server ]]; then
		kill "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
	if [[ -z ${KEEP:-} ]]; then
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
if [[ -n ${KEEP:-} ]]; then
	log "keeping $tmp"
fi

base="http://127.0.0.1:$PORT/"
# The demo has a communiqué with an embargo copy, whose address needs a key.
export TRIBUNE_EMBARGO_KEY=${TRIBUNE_EMBARGO_KEY:-clé de démonstration de lighthouse}
go run ./cmd/tribune build -at "$AT" -base-url "$base" -out "$tmp/public" >&2
out=$tmp/public

python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$out" >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do
	curl -fs -o /dev/null "$base" && break
	sleep 0.1
done
curl -fs -o /dev/null "$base" || {
	log "the server on $base did not start:"
	cat "$tmp/server.log" >&2
	exit 1
}

# first DIR: the URL path of the first page, in path order, directly under
# DIR (a statement or a term, not a pagination page).
first() {
	local f
	f=$(find "$out/$1" -mindepth 2 -maxdepth 2 -name index.html 2>/dev/null | LC_ALL=C sort | head -n1)
	[[ -n $f ]] || return 0
	f=${f#"$out"}
	echo "${f%index.html}"
}

pages=(
	"home page|/"
	"tribune|$(first tribunes)"
	"tribune signed by one|/tribunes/plateformes-securite-des-enfants/"
	"tribune signed by three|/tribunes/violences-sexuelles-sur-mineurs-le-temps-des-victimes/"
	"collective tribune|/tribunes/formons-tous-ceux-qui-ecoutent-les-enfants/"
	"English op-ed|/en/op-eds/2027-budget-prevention-is-an-investment/"
	"English home page|/en/"
	"communiqué|$(first communiques)"
	"tag page|$(first themes)"
	"press room|/presse/"
	"search page|/recherche/"
)

flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --disable-quic"

# scores REPORT WHAT: prints the four category scores ×100, separated by
# " | ", and appends the audits that cost points to $tmp/lost.md.
scores() {
	node -e '
		const fs = require("fs");
		const [file, what, lost] = process.argv.slice(1);
		const r = JSON.parse(fs.readFileSync(file, "utf8"));
		const cats = ["performance", "accessibility", "best-practices", "seo"];
		const s = cats.map(k => {
			const c = r.categories[k];
			return c && c.score !== null ? String(Math.round(c.score * 100)) : "n/a";
		});
		const lines = [];
		if (r.runtimeError) lines.push(`- ${what}: runtime error ${r.runtimeError.code}: ${r.runtimeError.message}`);
		for (const k of cats) {
			for (const ref of (r.categories[k] || {auditRefs: []}).auditRefs) {
				const a = r.audits[ref.id];
				if (ref.weight > 0 && a.score !== null && a.score < 1) {
					lines.push(`- ${what}: ${k}: \`${ref.id}\` ${a.title}` + (a.displayValue ? ` (${a.displayValue})` : ""));
				}
			}
		}
		if (lines.length) fs.appendFileSync(lost, lines.join("\n") + "\n");
		console.log(s.join(" | "));
	' "$1" "$2" "$tmp/lost.md"
}

rows=()
for entry in "${pages[@]}"; do
	what=${entry%%|*}
	path=${entry#*|}
	if [[ -z $path ]]; then
		rows+=("| $what | none | missing |$(printf ' |%.0s' {1..7})")
		continue
	fi
	url="$base${path#/}"
	status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
	if [[ $status != 200 ]]; then
		log "$url: HTTP $status"
		rows+=("| $what | \`$path\` | HTTP $status |$(printf ' |%.0s' {1..7})")
		continue
	fi
	row="| $what | \`$path\`"
	for preset in mobile desktop; do
		report="$tmp/${path//\//_}$preset.json"
		args=()
		[[ $preset == desktop ]] && args+=(--preset=desktop)
		log "$url ($preset)"
		"$lighthouse" "$url" "${args[@]}" \
			--chrome-path="$CHROME" --chrome-flags="$flags" \
			--only-categories=performance,accessibility,best-practices,seo \
			--output=json --output-path="$report" --quiet
		row+=" | $(scores "$report" "$what ($preset)")"
	done
	rows+=("$row |")
done

echo "Lighthouse $("$lighthouse" --version), $("$CHROME" --version 2>/dev/null | head -n1), built at $AT, served by python3 http.server on 127.0.0.1."
echo
echo "| page | path | mobile perf. | mobile a11y | mobile best pr. | mobile SEO | desktop perf. | desktop a11y | desktop best pr. | desktop SEO |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
if [[ -s $tmp/lost.md ]]; then
	echo
	echo "Audits that cost points:"
	echo
	cat "$tmp/lost.md"
fi
