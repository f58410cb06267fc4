// Validates Beacon responses against the Beacon v2 framework schemas (JSON Schema draft
// 2020-12) with Ajv, independently of the C++ code under test.
// Usage: node validate.js <framework json/ dir> <dir>; <dir>/manifest.json maps each
// response file to the schema it must satisfy, e.g. {"info.json": "responses/beaconInfoResponse.json"}.
// Prints {"<file>": {"valid": true|false, "errors": [...]}} and exits 0; exits 1 when a
// schema cannot be loaded or compiled.
"use strict";
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const [schemaDir, dir] = process.argv.slice(2);
// Unknown keywords and formats of the framework ("example", "int32") are annotations.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addFormat("int32", { type: "number", validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });

// Every schema under its file URL, so relative $refs resolve against its own location.
function load(folder) {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) load(file);
    else if (entry.name.endsWith(".json")) {
      const schema = JSON.parse(fs.readFileSync(file, "utf8"));
      schema.$id = pathToFileURL(path.resolve(file)).href;
      ajv.addSchema(schema);
    }
  }
}
load(schemaDir);

const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
const verdicts = {};
for (const [file, schema] of Object.entries(manifest)) {
  const validate = ajv.getSchema(pathToFileURL(path.resolve(schemaDir, schema)).href);
  if (!validate) {
    console.error(`no schema ${schema} under ${schemaDir}`);
    process.exit(1);
  }
  const response = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  const valid = validate(response);
  verdicts[file] = {
    valid,
    errors: (validate.errors || []).map((e) => `${e.instancePath || "/"} ${e.message} (${e.schemaPath})`),
  };
}
console.log(JSON.stringify(verdicts, null, 1));
