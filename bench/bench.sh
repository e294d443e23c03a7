#!/usr/bin/env bash
# Build-time benchmark: tribune against Hugo on the same generated corpus.
#
#   bench/bench.sh              # N = 1000 and 4000, 5 runs each
#   SIZES="500 8000" RUNS=9 bench/bench.sh
#
# For each N, gencorpus writes the same statements as a tribune site and as a
# Hugo site (internal/corpus). Each run is cold: the output directory (and
# Hugo's resources/ cache) is removed before every run, and nothing is kept
# between runs. The median wall time is reported, measured by hyperfine when
# it is installed, else by a bash loop around `date +%s%N`. Hugo is timed only
# when `hugo` is on PATH (apt-get install -y hugo). The script ends with a
# Markdown table.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 4000"}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
AT=${AT:-2026-11-26T12:00:00+01:00}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tribune-bench.XXXXXX")
if [[ -z ${KEEP:-} ]]; then
	trap 'rm -rf "$tmp"' EXIT
else
	echo "keeping $tmp" >&2
fi

log() { echo "bench: $*" >&2; }

go build -o "$tmp/gencorpus" ./bench/gencorpus
have_tribune=1
if ! go build -o "$tmp/tribune" ./cmd/tribune 2>"$tmp/build.log"; then
	log "cannot build ./cmd/tribune, its column will read n/a:"
	sed 's/^/    /' "$tmp/build.log" >&2
	have_tribune=0
fi
have_hugo=0
if command -v hugo >/dev/null 2>&1; then
	have_hugo=1
	log "$(hugo version)"
else
	log "hugo not on PATH, its column will read n/a"
fi
have_hyperfine=0
command -v hyperfine >/dev/null 2>&1 && have_hyperfine=1

# median_seconds CLEAN CMD...: runs CMD $RUNS times, removing CLEAN (a
# space-separated list of paths) before each run; prints the median wall
# time in seconds. Fails if CMD fails.
median_seconds() {
	local clean=$1
	shift
	if ((have_hyperfine)); then
		local json="$tmp/hyperfine.json" cmd
		printf -v cmd '%q ' "$@"
		hyperfine --style none --runs "$RUNS" --prepare "rm -rf $clean" \
			--export-json "$json" "$cmd" >&2
		grep -o '"median": *[0-9.eE+-]*' "$json" | head -n1 | sed 's/.*: *//' |
			awk '{ printf "%.3f\n", $1 }'
		return
	fi
	local i t0 t1 times=()
	for ((i = 0; i < RUNS; i++)); do
		# shellcheck disable=SC2086 # word splitting of $clean is intended
		rm -rf $clean
		t0=$(date +%s%N)
		if ! "$@" >"$tmp/run.log" 2>&1; then
			log "failed: $*"
			sed 's/^/    /' "$tmp/run.log" >&2
			return 1
		fi
		t1=$(date +%s%N)
		times+=($(((t1 - t0) / 1000)))
	done
	printf '%s\n' "${times[@]}" | sort -n |
		awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f\n", m / 1e6 }'
}

rows=()
for n in $SIZES; do
	src="$tmp/tribune-$n" hsrc="$tmp/hugo-$n" out="$tmp/out-$n" hout="$tmp/hugo-out-$n"
	"$tmp/gencorpus" -n "$n" -seed "$SEED" -out "$src"
	"$tmp/gencorpus" -n "$n" -seed "$SEED" -out "$hsrc" -hugo
	t=n/a h=n/a ratio=n/a
	if ((have_tribune)); then
		log "N=$n: tribune build, $RUNS runs"
		t=$(median_seconds "$out" "$tmp/tribune" build -src "$src" -out "$out" -at "$AT") || t=failed
	fi
	if ((have_hugo)); then
		log "N=$n: hugo, $RUNS runs"
		h=$(median_seconds "$hout $hsrc/resources" hugo --source "$hsrc" --destination "$hout" --quiet) || h=failed
		log "N=$n: hugo wrote $(find "$hout" -name index.html | wc -l) HTML pages"
	fi
	if [[ $t =~ ^[0-9.]+$ && $h =~ ^[0-9.]+$ ]]; then
		ratio=$(awk -v t="$t" -v h="$h" 'BEGIN { if (h > 0) printf "%.2f×", t / h; else print "n/a" }')
	fi
	[[ $t =~ ^[0-9.]+$ ]] && t="$t s"
	[[ $h =~ ^[0-9.]+$ ]] && h="$h s"
	rows+=("| $n | $t | $h | $ratio |")
done

echo
echo "Median wall time of $RUNS cold builds (seed $SEED, $(uname -m), $(nproc) CPU)."
echo
echo "| N | tribune | hugo | tribune / hugo |"
echo "| ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
