// Validates a SARIF log (file argument, or standard input) against the SARIF 2.1.0 schema.
// Prints the schema errors and exits 1 when invalid; exits 0 when valid.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');

const schemaPath = path.join(__dirname,
  'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
// The schema is draft-04 (it names itself with "id", not "$id").
const ajv = new Ajv({ schemaId: 'id', allErrors: true, logger: false });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));

const input = fs.readFileSync(process.argv[2] || 0, 'utf8');
const log = JSON.parse(input);
if (!validate(log)) {
  for (const e of validate.errors) console.error(`${e.dataPath || '/'} ${e.message}`);
  process.exit(1);
}
