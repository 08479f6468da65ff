// Checks convex-authkit's verdicts on the hostile-token corpus (tests/tokens.rs, written with
// TOKENS_SAMPLE_OUT) against an independent JOSE implementation, `jose` from npm, configured as
// close to Convex's rules as it can be: RS256 only, 5 s clock tolerance, `iss`, `sub` and `exp`
// required, the two WorkOS issuers. Where Convex's own rules differ from a generic JWT library,
// the difference is listed below with its reason; any other disagreement fails the run.
//
// Usage: node tests/npm/jose-compare.mjs SAMPLE.json   (jose resolves from tests/npm/node_modules)
import { readFileSync } from "node:fs";
import { createLocalJWKSet, jwtVerify } from "jose";

const sample = JSON.parse(readFileSync(process.argv[2], "utf8"));
const jwks = createLocalJWKSet(sample.jwks);
const issuers = [
  `https://api.workos.com/user_management/${sample.client_id}`,
  "https://api.workos.com/",
];

// Where Convex (and so convex-authkit) and a generic JOSE library part ways, on purpose.
const typed =
  "Convex reads the registered claims typed (biscuit's `RegisteredClaims`: strings, whole seconds), so a wrong type fails the payload parse; jose only checks the claims it is asked to";
const futureIat = "Convex (biscuit) refuses an `iat` more than 5 s in the future; jose doesn't check `iat` without `maxTokenAge`";
const expected = {
  "kid missing": "Convex requires `kid`; jose picks the only RSA key of the set",
  "iss without a scheme": "Convex prepends `https://` to an `iss` without a scheme; jose compares exactly",
  "iss with trailing slashes": "Convex ignores trailing slashes on `iss`; jose compares exactly",
  "iss shared issuer without aud": "Convex routes the shared issuer only with `aud` = the application ID; jose has no per-issuer audience",
  "crit header": "jose refuses an unknown critical header; Convex's biscuit doesn't read `crit`",
  "claims nested 200 deep": "Convex parses with serde_json, whose recursion limit (128) refuses it; JSON.parse doesn't",
  "exp 5 s ago": "Convex fails `exp` only when now - exp > 5 s; jose when exp <= now - 5 s (the boundary second)",
  "aud a number": typed,
  "aud array with a number": typed,
  "aud an object": typed,
  "sub a number": typed,
  "exp a float": typed,
  "exp 1e30": typed,
  "exp 2^64": typed,
  "jti a number": typed,
  "iat i64::MAX": futureIat,
  "iat 6 s ahead": futureIat,
  "iat 60 s ahead": futureIat,
  "iat 3600 s ahead": futureIat,
};

let agree = 0;
const surprises = [];
const explained = [];
const explainedNames = [];
for (const t of sample.tokens) {
  let accepted;
  let why = "";
  try {
    await jwtVerify(t.token, jwks, {
      algorithms: ["RS256"],
      issuer: issuers,
      clockTolerance: sample.leeway,
      currentDate: new Date(sample.now * 1000),
      requiredClaims: ["iss", "sub", "exp"],
    });
    accepted = true;
  } catch (e) {
    accepted = false;
    why = e.code || e.message;
  }
  if (accepted === t.accepted) {
    agree++;
  } else if (expected[t.name]) {
    explainedNames.push(t.name);
    explained.push(`${t.name}: ours ${t.accepted ? "accepts" : "refuses"}, jose ${accepted ? "accepts" : `refuses (${why})`} — ${expected[t.name]}`);
  } else {
    surprises.push(`${t.name}: ours ${t.accepted ? "accepts" : "refuses"}, jose ${accepted ? "accepts" : `refuses (${why})`}`);
  }
}
console.log(`jose agrees on ${agree} of ${sample.tokens.length} tokens; ${explained.length} known differences:`);
// A listed difference that no longer occurs is stale: the list must say what is true.
const occurred = new Set(explainedNames);
const stale = Object.keys(expected).filter((n) => !occurred.has(n) && sample.tokens.some((t) => t.name === n));
for (const line of explained) console.log(`  ${line}`);
if (stale.length) {
  console.error(`listed differences that no longer occur: ${stale.join(", ")}`);
  process.exit(1);
}
if (surprises.length) {
  console.error(`${surprises.length} unexplained disagreement(s):`);
  for (const line of surprises) console.error(`  ${line}`);
  process.exit(1);
}
