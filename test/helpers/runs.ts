// How many cases a property test tries. The numbers written in the tests are
// the deep counts, run by `npm run test:deep` (INTEGRATE_DEEP=1); the everyday
// suite and CI try a quarter of them (at least 50), which keeps `npm test`
// quick while every property is still exercised on every run.
const DEEP = process.env.INTEGRATE_DEEP === '1';

export function runs(deep: number): number {
  return DEEP ? deep : Math.max(50, Math.round(deep / 4));
}
