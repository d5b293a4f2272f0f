export { mulberry32 } from '../../src/core/random.ts';
