// Validates STIX 2.1 bundle files against OASIS's STIX 2.1 JSON schemas (tests/data/stix2/schemas,
// JSON Schema draft 2020-12, hence Ajv2020): each file against bundle.json, and each object in it
// against its own type's schema (sdos/, sros/, observables/, common/marking-definition.json,
// common/language-content.json); objects of other (custom) types are checked by bundle.json only.
//
//   node tests/stix/validate.mjs FILE...
//
// Prints one line per file ("ok FILE (N objects)" or the failures with their JSON paths) and
// exits 0 when every file is valid, 1 when one is not, 77 (ctest's skip) when ajv is not
// installed (run scripts/web-setup.sh).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// ajv lives in the one npm tree the project installs (tests/web, scripts/web-setup.sh).
const require = createRequire(join(here, '..', 'web', 'package.json'));
let Ajv2020, addFormats;
try {
  Ajv2020 = require('ajv/dist/2020').default;
  addFormats = require('ajv-formats').default;
} catch {
  console.log('skipped: ajv is not installed in tests/web (run scripts/web-setup.sh)');
  process.exit(77);
}

const schemaRoot = join(here, '..', 'data', 'stix2', 'schemas');
// strict: false because the OASIS schemas use "definitions" (draft-07 style) beside $defs and
// keywords Ajv's strict mode flags; the validation itself is unchanged by it. unicodeRegExp:
// false because some of their patterns escape '-' outside a class ("\-?$"), which JavaScript
// refuses under the u flag but ECMA-262 without it (and JSON Schema's intent) accept.
const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
// ajv-formats has no "idn-hostname" (domain-name.json's value): labels of non-blank characters
// separated by dots, at most 253 bytes, which is what the schema asks of an internationalised
// name short of full IDNA checks (the C++ reader normalises names with libidn2).
ajv.addFormat('idn-hostname', (value) =>
  Buffer.byteLength(value, 'utf8') <= 253 && /^[^\s.]+(\.[^\s.]+)*\.?$/u.test(value));

const schemaIds = new Map();  // "sdos/indicator.json" -> $id
function loadSchemas(dir, prefix) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      loadSchemas(path, `${prefix}${name}/`);
    } else if (name.endsWith('.json')) {
      const schema = JSON.parse(readFileSync(path, 'utf8'));
      ajv.addSchema(schema);
      schemaIds.set(`${prefix}${name}`, schema.$id);
    }
  }
}
loadSchemas(schemaRoot, '');

function schemaFor(type) {
  for (const folder of ['sdos', 'sros', 'observables', 'common']) {
    const id = schemaIds.get(`${folder}/${type}.json`);
    if (id && (folder !== 'common' || type === 'marking-definition' || type === 'language-content')) {
      return id;
    }
  }
  return null;
}

function describe(errors) {
  return (errors ?? [])
    .slice(0, 8)
    .map((e) => `    ${e.instancePath || '/'} ${e.message}`)
    .join('\n');
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node validate.mjs FILE...');
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  let bundle;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`FAIL ${file}: not JSON (${e.message})`);
    ++failed;
    continue;
  }
  const problems = [];
  if (!ajv.validate(schemaIds.get('common/bundle.json'), bundle)) {
    problems.push(`  bundle.json:\n${describe(ajv.errors)}`);
  }
  const objects = Array.isArray(bundle.objects) ? bundle.objects : [];
  objects.forEach((object, index) => {
    const id = schemaFor(object.type);
    if (id && !ajv.validate(id, object)) {
      problems.push(`  objects[${index}] (${object.type} ${object.id}):\n${describe(ajv.errors)}`);
    }
  });
  if (problems.length > 0) {
    console.log(`FAIL ${file}\n${problems.join('\n')}`);
    ++failed;
  } else {
    console.log(`ok ${file} (${objects.length} objects)`);
  }
}
process.exit(failed > 0 ? 1 : 0);
