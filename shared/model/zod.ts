import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini rather than the chained "classic" API: the same validation, tree-shaken, ~20 KB in a Lambda bundle
// instead of ~450 KB (classic pulls in every locale). Mini ships no messages, so English ones are set once here.
z.config(en());

export { z };
