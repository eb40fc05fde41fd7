#!/usr/bin/env bash
# Runs the JMH speed-target benchmarks (plugin/src/test/java/org/vmpbd/bench) and writes the report.
#
# Usage: scripts/bench.sh [OUT.md] [BenchReport options: --include REGEX, --prof NAME, --quick,
#                                  --wait-idle SECONDS, --no-jmh]
#   OUT.md defaults to plugin/target/bench/bench.md; OUT.json is written beside it.
#   VMPBD_DATASETS overrides the datasets directory (default /work/shared/datasets, or
#   $VMPBD_SHARED/datasets). MAVEN_ARGS is passed to mvn (e.g. -o for offline).
# Takes about 4 minutes on an idle 2-core machine; before each benchmark group it waits up to 60 s
# (BenchReport --wait-idle) for other processes to go quiet. Forked JMH JVMs need the whole class
# path in java.class.path, hence plain `java -cp` rather than exec:java.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/plugin/target/bench/bench.md"
if [[ $# -gt 0 && "$1" != --* ]]; then
  case "$1" in
    /*) out="$1" ;;
    *) out="$PWD/$1" ;;
  esac
  shift
fi

cd "$root"
# Run from a private copy of the compiled classes, so that a concurrent build in plugin/target
# (clean, recompile) cannot pull classes from under the forked JMH JVMs. test-compile compiles main
# and test sources (and runs the JMH annotation processor); it runs no tests. Retried, because a
# concurrent build may delete classes between compiling and copying.
snap="$(mktemp -d "${TMPDIR:-/tmp}/vmpbd-bench.XXXXXX")"
trap 'rm -rf "$snap"' EXIT
# which engine was measured: the commit, "+modified" if plugin/src/main differed from it when compiled
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git -C "$root" diff --quiet HEAD -- plugin/src/main 2>/dev/null; then commit="$commit+modified"; fi
for attempt in 1 2 3; do
  mvn -q -B ${MAVEN_ARGS:-} -pl plugin -am test-compile
  rm -rf "$snap/classes" "$snap/test-classes"
  cp -r plugin/target/classes "$snap/classes"
  cp -r plugin/target/test-classes "$snap/test-classes"
  if [[ -f "$snap/test-classes/META-INF/BenchmarkList" && -f "$snap/test-classes/org/vmpbd/bench/BenchReport.class" \
        && -f "$snap/classes/org/vmpbd/detect/Detector.class" ]]; then
    break
  fi
  if [[ $attempt == 3 ]]; then
    echo "bench: compiled classes incomplete (BenchmarkList, BenchReport or Detector missing) after 3 attempts" >&2
    exit 1
  fi
  echo "bench: compiled classes incomplete (concurrent build?), compiling again" >&2
  sleep 5
done
mvn -q -B ${MAVEN_ARGS:-} -pl plugin dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$snap/classpath.txt"
cp="$snap/test-classes:$snap/classes:$(cat "$snap/classpath.txt")"

datasets="${VMPBD_DATASETS:-${VMPBD_SHARED:-/work/shared}/datasets}"
mkdir -p "$root/plugin/target"
cd "$root/plugin"
java -Xms1g -Xmx4g -Dvmpbd.datasets="$datasets" -Dvmpbd.bench.commit="$commit" -cp "$cp" org.vmpbd.bench.BenchReport "$out" "$@"
