# Shared by bench/run, bench/files-run and bench/soak (sourced, not run): builds the shaded benchmark jar
# when it is missing or older than any pom or main source it is built from.

bench_jar="bench/target/swarmnet-bench.jar"

# Must be called from the repository root.
ensure_bench_jar() {
    local name="$1"
    # Tests do not go into the jar, so only main sources and poms count.
    if [[ -f "$bench_jar" && -z "$(find pom.xml core/pom.xml core/src/main testkit/pom.xml testkit/src/main \
            bench/pom.xml bench/src/main -type f -newer "$bench_jar" -print -quit 2>/dev/null)" ]]; then
        return 0
    fi
    echo "$name: building $bench_jar ..." >&2
    # Maven's output goes to stderr so that "bench/run --markdown > file" captures only the table.
    # -Dmaven.test.skip also skips compiling tests: a broken test elsewhere must not stop a benchmark.
    mvn -B -q -pl bench -am package -Dmaven.test.skip=true -Dstyle.color=never >&2
}

# Runs a main class of the jar with the JVM flags in BENCH_JAVA_OPTS, in place of the calling script.
exec_bench_main() {
    local main="$1"
    shift
    local java_opts
    read -r -a java_opts <<< "${BENCH_JAVA_OPTS:-}"
    exec java ${java_opts[@]+"${java_opts[@]}"} -cp "$bench_jar" "$main" "$@"
}
