/**
 * generator is the entry point of the ground-truth storm generator: a seeded shop (CMDB) and a seeded
 * alert storm over it, with the truth of which alert belongs to which failure. See README.md.
 */
export { generateShop, dependentsIndex } from './shop.js';
export type { Shop, ShopOptions, ShopShape } from './shop.js';
export { generateStorm } from './storm.js';
export type { Storm, StormOptions, Truth, TruthEntry, FailureInfo, AlertMeta, LabelStyle, Sender } from './storm.js';
export { createPrng } from './prng.js';
export type { Prng } from './prng.js';
