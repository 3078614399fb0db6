// fhirpath.js baseline: evaluates the same search-parameter expressions over the same resources
// as the .NET benchmark, with each expression compiled once. Prints one JSON line.
'use strict';
const fs = require('fs');
const fhirpath = require('fhirpath');
const r4 = require('fhirpath/fhir-context/r4');

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const seconds = Number(process.argv[3] || 5);
// resolve() in fhirpath.js may fetch from a server, so it is asynchronous; indexing answers it
// from the reference itself (its type), as Bayu does, so give it that synchronous meaning.
const userInvocationTable = {
  resolve: {
    fn: (inputs) => inputs.flatMap((ref) => {
      const text = ref && typeof ref === 'object' ? (ref.reference ?? ref.data?.reference) : undefined;
      const m = typeof text === 'string' ? /([A-Z][A-Za-z]+)\/[^/]+(\/_history\/[^/]+)?$/.exec(text) : null;
      return m ? [{ resourceType: m[1] }] : [];
    }),
    arity: { 0: [] },
  },
};
const compiled = {};
for (const [type, expressions] of Object.entries(input.expressions)) {
  compiled[type] = expressions.map((e) => fhirpath.compile(e, r4, { userInvocationTable }));
}

let errors = 0;
function pass() {
  let n = 0;
  for (const resource of input.resources) {
    for (const f of compiled[resource.resourceType] || []) {
      // fhirpath.js rejects 'as' on several items, which R4 parameters such as
      // (Observation.component.value as Quantity) do; the failed evaluation still counts.
      try {
        f(resource);
      } catch (e) {
        errors++;
      }
      n++;
    }
  }
  return n;
}

pass(); // warm-up
errors = 0;
let evaluations = 0;
const start = process.hrtime.bigint();
let elapsed = 0;
while (elapsed < seconds) {
  evaluations += pass();
  elapsed = Number(process.hrtime.bigint() - start) / 1e9;
}
console.log(JSON.stringify({ engine: 'fhirpath.js ' + require('fhirpath/package.json').version, evaluations, errors, seconds: elapsed, perSecond: evaluations / elapsed }));
