#!/usr/bin/env bash
# Build benchmark: tribune against `hugo --minify` on the same generated
# corpus, in the same run.
#
#   bench/bench.sh                        # N = 4000, 10000 and 40000, 5 runs each
#   SIZES="4000" RUNS=9 bench/bench.sh
#   TMPDIR=/dev/shm bench/bench.sh        # output on tmpfs
#   TRIBUNE=/tmp/other HUGO=0 SIZES=4000 bench/bench.sh
#                                         # another build of tribune, without Hugo
#
# For each N, gencorpus writes the same statements as a tribune site and as a
# Hugo site (bench/corpus). Each run is cold: the output folder (and Hugo's
# resources/ cache, tribune's .tribune/ cache of drawn share cards) is
# removed before every run, and nothing is kept between runs. tribune is
# also measured warm, its cache kept from a first build, as a site's next
# builds are. For each tool the script reports the median wall time and the median
# peak memory (maximum resident set size, from GNU time) of the runs; for
# tribune, the wall time of each stage in the median run (-timings). Hugo is
# run only when `hugo` is on PATH (apt-get install -y hugo). The script ends
# with Markdown tables, then how each stage grows from the smallest N to the
# largest, against the corpus.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"4000 10000 40000"}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
AT=${AT:-2026-11-26T12:00:00+01:00}

TIME=/usr/bin/time
if ! "$TIME" -f %M true >/dev/null 2>&1; then
	echo "bench: GNU time is needed for peak memory (apt-get install -y time)" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tribune-bench.XXXXXX")
if [[ -z ${KEEP:-} ]]; then
	trap 'rm -rf "$tmp"' EXIT
else
	echo "keeping $tmp" >&2
fi

log() { echo "bench: $*" >&2; }

go build -o "$tmp/gencorpus" ./bench/gencorpus
if [[ -n ${TRIBUNE:-} ]]; then
	cp "$TRIBUNE" "$tmp/tribune"
else
	go build -o "$tmp/tribune" ./cmd/tribune
fi
have_hugo=0
if [[ ${HUGO:-1} == 0 ]]; then
	log "HUGO=0: hugo is not run"
elif command -v hugo >/dev/null 2>&1; then
	have_hugo=1
	log "$(hugo version)"
else
	log "hugo not on PATH, its columns will read n/a"
fi

# measure NAME CLEAN CMD...: runs CMD $RUNS times, removing CLEAN (a
# space-separated list of paths) before each run. Writes the runs' wall
# times (s) and peak memory (KB) to $tmp/NAME.runs, one run per line, and
# the standard error of each run to $tmp/NAME.N.err. Fails if CMD fails.
measure() {
	local name=$1 clean=$2 i
	shift 2
	: >"$tmp/$name.runs"
	for ((i = 0; i < RUNS; i++)); do
		# shellcheck disable=SC2086 # word splitting of $clean is intended
		rm -rf $clean
		if ! "$TIME" -o "$tmp/time.out" -f "%e %M" "$@" >/dev/null 2>"$tmp/$name.$i.err"; then
			log "failed: $*"
			sed 's/^/    /' "$tmp/$name.$i.err" >&2
			return 1
		fi
		echo "$(tail -n1 "$tmp/time.out") $i" >>"$tmp/$name.runs"
	done
}

# median COLUMN FILE: the median of a column of numbers.
median() {
	awk -v c="$1" '{ print $c }' "$2" | sort -n |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# median_run NAME: the index of the run whose wall time is the median.
median_run() {
	sort -n "$tmp/$1.runs" | awk '{ r[NR] = $3 } END { print r[int((NR + 1) / 2)] }'
}

rows=()
stages=()
stage_rows=()
declare -A stage_ms
for n in $SIZES; do
	src="$tmp/tribune-$n" hsrc="$tmp/hugo-$n" out="$tmp/out-$n" hout="$tmp/hugo-out-$n"
	"$tmp/gencorpus" -n "$n" -seed "$SEED" -out "$src"
	"$tmp/gencorpus" -n "$n" -seed "$SEED" -out "$hsrc" -hugo

	log "N=$n: tribune build, $RUNS runs"
	measure "tribune-$n" "$out $src/.tribune" "$tmp/tribune" build -timings -src "$src" -out "$out" -at "$AT"
	t=$(median 1 "$tmp/tribune-$n.runs")
	tm=$(median 2 "$tmp/tribune-$n.runs")
	log "N=$n: tribune build with its cache kept, $RUNS runs"
	"$tmp/tribune" build -src "$src" -out "$out" -at "$AT" >/dev/null 2>&1
	measure "tribune-warm-$n" "$out" "$tmp/tribune" build -src "$src" -out "$out" -at "$AT"
	tw=$(median 1 "$tmp/tribune-warm-$n.runs")
	# The stages of the median run, as -timings printed them.
	err="$tmp/tribune-$n.$(median_run "tribune-$n").err"
	line="| $n |"
	while read -r stage ms; do
		stage_ms[$n,$stage]=$ms
		line+=" $ms ms |"
		[[ $n == "${SIZES%% *}" ]] && stages+=("$stage")
	done < <(awk '/ ms  \(cpu/ { name = $1; for (i = 2; i <= NF - 5; i++) name = name "_" $i; print name, $(NF - 4) }' "$err")
	stage_rows+=("$line")

	h=n/a hm=n/a ratio=n/a mratio=n/a
	if ((have_hugo)); then
		log "N=$n: hugo --minify, $RUNS runs"
		measure "hugo-$n" "$hout $hsrc/resources" hugo --minify --source "$hsrc" --destination "$hout" --quiet
		h=$(median 1 "$tmp/hugo-$n.runs")
		hm=$(median 2 "$tmp/hugo-$n.runs")
		log "N=$n: hugo wrote $(find "$hout" -name index.html | wc -l) HTML pages"
		ratio=$(awk -v t="$t" -v h="$h" 'BEGIN { printf "%.2f×", t / h }')
		mratio=$(awk -v t="$tm" -v h="$hm" 'BEGIN { printf "%.2f×", t / h }')
		h="$h s" hm="$((hm / 1024)) MB"
	fi
	wratio=n/a
	if ((have_hugo)); then
		wratio=$(awk -v t="$tw" -v h="${h% s}" 'BEGIN { printf "%.2f×", t / h }')
	fi
	rows+=("| $n | $t s | $tw s | $h | $ratio | $wratio | $((tm / 1024)) MB | $hm | $mratio |")
done

echo
echo "Median of $RUNS cold builds (seed $SEED, $(uname -m), $(nproc) CPU, output in ${TMPDIR:-/tmp})."
echo
echo "The first tribune column draws every statement's share card; the second finds them in .tribune/cache."
echo
echo "| N | tribune | tribune, cache kept | hugo --minify | tribune / hugo | kept / hugo | tribune memory | hugo memory | tribune / hugo |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
echo
echo "tribune's stages in the median run (wall time, -timings):"
echo
head="| N |"
rule="| ---: |"
for s in "${stages[@]}"; do
	head+=" ${s//_/ } |"
	rule+=" ---: |"
done
echo "$head"
echo "$rule"
printf '%s\n' "${stage_rows[@]}"
set -- $SIZES
first=$1
last=${!#}
if [[ $first != "$last" ]]; then
	echo
	echo "From $first to $last statements ($(awk -v a="$first" -v b="$last" 'BEGIN { printf "%g×", b / a }') the corpus):"
	echo
	for s in "${stages[@]}"; do
		a=${stage_ms[$first,$s]:-0} b=${stage_ms[$last,$s]:-0}
		echo "- ${s//_/ }: $a ms → $b ms ($(awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0) printf "%.1f×", b / a; else print "n/a" }'))"
	done
fi
