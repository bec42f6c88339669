#!/usr/bin/env bash
# Builds the seed corpora of every fuzz target under fuzz/corpus/<target>/ from the repository's
# test fixtures and, when present, ../shared/corpus (real adapters' output, Allure's own samples,
# the malformed set). Seeds larger than 256 KiB are skipped (libFuzzer cuts inputs at -max_len
# anyway). The corpora are build outputs: never commit them (fuzz/.gitignore).
#
#   fuzz/seed.sh            # from anywhere; idempotent (files are named by content hash)
set -euo pipefail

fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz_dir")"
fixtures="$root/tests/fixtures"
shared="$root/../shared/corpus"
corpus="$fuzz_dir/corpus"
max_bytes=$((256 * 1024))

sources=("$fixtures")
if [ -d "$shared" ]; then
    sources+=("$shared")
else
    echo "note: $shared is absent; seeding from tests/fixtures only" >&2
fi

# add TARGET FILE: copies FILE into the target's corpus under its content hash.
add() {
    local target=$1 file=$2
    [ -f "$file" ] || return 0
    [ "$(stat -c %s "$file")" -le "$max_bytes" ] || return 0
    mkdir -p "$corpus/$target"
    cp "$file" "$corpus/$target/$(sha1sum "$file" | cut -c1-16)"
}

# each TARGET FIND-ARGS...: adds every file the find expression selects, in every source.
each() {
    local target=$1
    shift
    local file
    for source in "${sources[@]}"; do
        while IFS= read -r -d '' file; do
            add "$target" "$file"
        done < <(find "$source" -type f \( "$@" \) -print0)
    done
}

# seed TARGET NAME TEXT: a hand-written seed for shapes the fixtures lack.
seed() {
    mkdir -p "$corpus/$1"
    printf '%s' "$3" > "$corpus/$1/$2"
}

each result_json -name '*-result.json'
each container_json -name '*-container.json'
each allure2_history -path '*history*' \( -name 'history.json' -o -name '*-trend.json' \)
each environment -name 'environment.properties' -o -name 'environment.xml'
each categories -name 'categories.json'
each allure1 -name '*-testsuite.xml' -o -name '*-testsuite.json' -o -path '*allure1*' -name '*.xml'
each junit_xml -path '*/readers/junit-*' -name '*.xml'
each cucumber_json -path '*/readers/cucumber-*' -name '*.json'

# history.jsonl: one seed per line (lines are what the target parses), and Allure 3 report points.
mkdir -p "$corpus/history_jsonl"
for source in "${sources[@]}"; do
    while IFS= read -r -d '' file; do
        split --lines=1 --suffix-length=4 --numeric-suffixes \
            "$file" "$corpus/history_jsonl/$(sha1sum "$file" | cut -c1-12)-"
    done < <(find "$source" -type f -name 'history.jsonl' -print0)
done
find "$corpus/history_jsonl" -type f -size +"${max_bytes}c" -delete
each history_jsonl -path '*data/history*' -name '*.json'

# Java regexes as categories.json would hold them, and as bare patterns.
each categories -path '*java-regex*' -name '*.json'
seed categories lookaround '[{"name":"a","messageRegex":"(?i).*(?<!not )found\\Q.*\\E\\h+\\p{Lu}++.*","traceRegex":"(?s)(a|b)\\1*+","matchedStatuses":["failed","broken"]}]'
seed categories pattern '(?x) ^ (?: [a-z]++ | \d{2,}? )* (?=end) \b\B [\w&&[^\d]] \R $'

# JUnit shapes the fixtures lack: nested suites, a DOCTYPE with entities, CDATA, odd times.
seed junit_xml nested '<?xml version="1.0"?><testsuites name="n"><testsuite name="outer" timestamp="2026-01-01T00:00:00+02:00" hostname="h"><testsuite name="inner"><testcase classname="a.B" name="t" time="1,234.5"><failure message="m &amp; &#10;n">trace</failure><system-out><![CDATA[a
b]]></system-out></testcase></testsuite><testcase name="nocls" time="x"/></testsuite></testsuites>'
seed junit_xml doctype '<!DOCTYPE testsuite [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><testsuite name="s"><testcase classname="c" name="n&b;"><error message="&b;">&b;</error><properties><property name="p" value="v"/><property name="p" value="v"/></properties></testcase><testcase classname="c" name="n&b;"/></testsuite>'
seed junit_xml reruns '<testsuite name="s"><testcase classname="c" name="r" time="0.5"><rerunFailure message="1" time="0.1"><stackTrace>t</stackTrace><system-out>o</system-out><system-err>e</system-err></rerunFailure><flakyError message="2"/><skipped/></testcase><testcase classname="c" name="r" status="notrun"/></testsuite>'
# The .NET reports: the fixtures, and a TRX run with inner results and an xUnit.net v2 file.
each dotnet_xml -path '*/readers/trx-*' -name '*.trx' -o -path '*/readers/xunit-*' -name '*.xml'
seed dotnet_xml trx '<?xml version="1.0" encoding="utf-8"?><TestRun id="1" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><Results><UnitTestResult executionId="e" testName="A" outcome="Passed" startTime="2026-03-01T10:15:03.0000000+02:00" endTime="2026-03-01T10:15:04.5+02:00"><InnerResults><UnitTestResult testName="A (1)" outcome="Failed"/></InnerResults></UnitTestResult><UnitTestResult testName="B" outcome="Failed"><Output><ErrorInfo><Message>m</Message><StackTrace>t</StackTrace></ErrorInfo><StdOut>a
b</StdOut></Output></UnitTestResult></Results><TestDefinitions><UnitTest name="A"><Execution id="e"/><Properties><Property><Key>Parameter:x</Key><Value>1</Value></Property></Properties><TestMethod className="C"/></UnitTest></TestDefinitions></TestRun>'
seed dotnet_xml xunit '<assemblies><assembly name="a.dll"><collection name="c"><test name="c.A" result="Pass" time="0.1"/><test name="c.B" result="Fail" time="0.2"><failure><message>m</message></failure></test></collection></assembly></assemblies>'

# Cucumber shapes the fixture lacks: Cucumber-JS hooks and arguments, legacy outline rows.
seed cucumber_json js '[{"keyword":"Feature","name":"F","uri":"f.feature","tags":[{"name":"@t"}],"elements":[{"type":"scenario_outline","name":"O","examples":[{"rows":[{"cells":["a"],"id":"f;o;e;1"},{"cells":["1"],"id":"f;o;e;2"}]}]},{"type":"background","steps":[{"keyword":"Given ","name":"bg","result":{"status":"passed"}}]},{"type":"scenario","name":"O","id":"f;o;e;2","start_timestamp":"2026-01-01T00:00:00.000Z","steps":[{"keyword":"Before","hidden":true,"result":{"status":"failed","error_message":"x"}},{"keyword":"When ","name":"w","arguments":[{"content":"doc"},{"rows":[{"cells":["x","y"]}]}],"embeddings":[{"data":"aGk=","mime_type":"text/plain"}],"output":["log"],"result":{"status":"undefined","duration":1500000}}]}]}]'

# Generated reports' JSON: test cases, test results, the index, widgets and summaries.
each report_json -path '*reports*' -name '*.json'
each report_json -path '*allure-report*' -name '*.json'

# Archives: small result directories and a report packed every way the loader opens.
mkdir -p "$corpus/archive"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for set in basic matrix reports/allure3; do
    [ -d "$fixtures/$set" ] || continue
    name=$(echo "$set" | tr / -)
    (cd "$fixtures" && zip -qr "$scratch/$name.zip" "$set")
    tar -cf "$scratch/$name.tar" -C "$fixtures" "$set"
    tar -czf "$scratch/$name.tgz" -C "$fixtures" "$set"
done
for file in "$scratch"/*; do add archive "$file"; done

for dir in "$corpus"/*/; do
    echo "$(basename "$dir"): $(find "$dir" -type f | wc -l) seeds"
done
