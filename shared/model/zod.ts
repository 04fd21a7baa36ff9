import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// Schemas use zod/mini rather than the chained "classic" API: the same validation, tree-shaken to ~20 KB in a
// Lambda bundle instead of ~450 KB (classic pulls in every locale). Mini ships no messages, so the English ones
// are set here, once; every schema module imports this file for that effect. Import zod/mini itself as
// `import * as z from 'zod/mini'` and never re-export the namespace: an escaping namespace defeats tree-shaking.
config(en());
