/** Seed of Prism's dynamic responses: fixed, so every run gets the same responses. */
export const PRISM_SEED = 1;
/** Base seed of the request sampler (each operation derives its own from it and its key). */
export const SAMPLE_SEED = 1;
