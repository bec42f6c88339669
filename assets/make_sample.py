#!/usr/bin/env python3
"""Builds assets/sample/ from the shared corpus: a trimmed, real Allure report with history.

Source: ../shared/corpus/datasets/pytest-more-itertools (real more-itertools suite, allure-pytest,
10 runs through Allure 3 and Allure 2). We keep every file of a handful of test classes (their
results, retries, containers and attachments) and filter history.jsonl to those tests, so the
sample stays small (~1 MB) but tells the whole triage story: a failure, a history-flaky test, a
test that passed only on retry, a regression and recovery, skipped runs.
Usage: python3 assets/make_sample.py ../shared/corpus/datasets/pytest-more-itertools assets/sample
"""
import glob, json, os, shutil, sys

CLASSES = {
    "tests.test_more.WindowedTests", "tests.test_more.ChunkedTests", "tests.test_more.SpyTests",
    "tests.test_more.IlenTests", "tests.test_more.PeekableTests", "tests.test_more.SplitWhenTests",
    "tests.test_recipes.PowersetTests", "tests.test_recipes.AllEqualTests", "tests.test_recipes.TailTests",
}

def main(src, dst):
    res = os.path.join(src, "allure-results")
    out = os.path.join(dst, "allure-results")
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(out)
    kept_uuids, sources, keys = set(), set(), set()
    def collect(node):
        for a in node.get("attachments") or []:
            if a.get("source"): sources.add(a["source"])
        for s in node.get("steps") or []: collect(s)
    for f in sorted(glob.glob(os.path.join(res, "*-result.json"))):
        d = json.load(open(f))
        if d.get("fullName", "").split("#")[0] in CLASSES:
            kept_uuids.add(d["uuid"]); collect(d); shutil.copy(f, out)
    for f in sorted(glob.glob(os.path.join(res, "*-container.json"))):
        d = json.load(open(f))
        children = [c for c in d.get("children") or [] if c in kept_uuids]
        if children:
            d["children"] = children
            for fx in (d.get("befores") or []) + (d.get("afters") or []): collect(fx)
            json.dump(d, open(os.path.join(out, os.path.basename(f)), "w"))
    for f in glob.glob(os.path.join(res, "*-globals.json")):
        shutil.copy(f, out); collect(json.load(open(f)))
    for s in sources:
        if os.path.exists(os.path.join(res, s)): shutil.copy(os.path.join(res, s), out)
    for name in ("categories.json", "executor.json", "environment.properties"):
        shutil.copy(os.path.join(res, name), out)
    names = {json.load(open(f)).get("fullName") for f in glob.glob(os.path.join(out, "*-result.json"))}
    with open(os.path.join(src, "history.jsonl")) as fin, open(os.path.join(dst, "history.jsonl"), "w") as fout:
        for line in fin:
            d = json.loads(line)
            d["testResults"] = {k: v for k, v in d["testResults"].items() if v.get("fullName") in names}
            d["knownTestCaseIds"] = []
            fout.write(json.dumps(d, separators=(",", ":")) + "\n")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
