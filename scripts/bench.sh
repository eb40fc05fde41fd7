#!/usr/bin/env bash
# Runs the JMH speed-target benchmarks (plugin/src/test/java/org/vmpbd/bench) and writes the report.
#
# Usage: scripts/bench.sh [OUT.md] [BenchReport options: --include REGEX, --prof NAME, --quick]
#   OUT.md defaults to plugin/target/bench/bench.md; OUT.json and OUT-jmh.json are written beside it.
#   VMPBD_DATASETS overrides the datasets directory (default /work/shared/datasets, or
#   $VMPBD_SHARED/datasets). MAVEN_ARGS is passed to mvn (e.g. -o for offline).
# Takes about 3 minutes on 2 cores. Forked JMH JVMs need the whole class path in
# java.class.path, hence plain `java -cp` rather than exec:java.
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
# test-compile compiles main and test sources (and runs the JMH annotation processor); it runs no tests.
mvn -q -B ${MAVEN_ARGS:-} -pl plugin -am test-compile
# Run from a private copy of the compiled classes, so that a concurrent build in plugin/target
# (clean, recompile) cannot pull classes from under the forked JMH JVMs.
snap="$(mktemp -d "${TMPDIR:-/tmp}/vmpbd-bench.XXXXXX")"
trap 'rm -rf "$snap"' EXIT
cp -r plugin/target/classes "$snap/classes"
cp -r plugin/target/test-classes "$snap/test-classes"
if [[ ! -f "$snap/test-classes/META-INF/BenchmarkList" ]]; then
  echo "bench: test-classes/META-INF/BenchmarkList missing: the JMH annotation processor did not run" >&2
  exit 1
fi
mvn -q -B ${MAVEN_ARGS:-} -pl plugin dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$snap/classpath.txt"
cp="$snap/test-classes:$snap/classes:$(cat "$snap/classpath.txt")"

datasets="${VMPBD_DATASETS:-${VMPBD_SHARED:-/work/shared}/datasets}"
mkdir -p "$root/plugin/target"
cd "$root/plugin"
java -Xms1g -Xmx4g -Dvmpbd.datasets="$datasets" -cp "$cp" org.vmpbd.bench.BenchReport "$out" "$@"
