// Checks tjspec's `sfn` outputs with the asl-validator npm package (the
// Amazon States Language's JSON schemas, JSONPath and ARN checks).
//
// Usage: node check_sfn.js <asl-validator module dir> FILE...
// A file holds one state machine, or one per line (JSON Lines: several
// jobs). Prints each failure and `sfn: N passed, N failed`.
"use strict";

const fs = require("fs");

const [moduleDir, ...files] = process.argv.slice(2);
const aslValidator = require(moduleDir);

function machines(text) {
  try {
    return [JSON.parse(text)];
  } catch (_) {
    return text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line));
  }
}

let passed = 0;
let failed = 0;
for (const file of files) {
  let found;
  try {
    found = machines(fs.readFileSync(file, "utf8"));
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${file}: not JSON: ${e.message}`);
    continue;
  }
  found.forEach((definition, i) => {
    const { isValid, errorsText } = aslValidator(definition);
    if (isValid) {
      passed += 1;
    } else {
      failed += 1;
      console.log(`FAIL ${file} [${i}]: ${errorsText("; ")}`);
    }
  });
}
console.log(`sfn: ${passed} passed, ${failed} failed`);
