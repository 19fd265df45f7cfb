// Entry for the browser bundle: runs the smoke test against the API named in the page's query string
// (`?api=<url>`, or `?prism=<url>` for the Prism mock) and leaves the outcome on `window.smoke` for the test.
import { runAgainstPrism, runSmoke } from './run.mjs';

const params = new URL(location.href).searchParams;
const run = params.has('prism') ? runAgainstPrism(params.get('prism')) : runSmoke(params.get('api'));
window.smoke = run.then(
  (r) => ({ ok: true, userAgent: navigator.userAgent, ...r }),
  (e) => ({ ok: false, error: String(e?.stack ?? e) }),
);
