import * as assert from 'node:assert/strict';
import { paretoFront } from '../../../src/shared/paretoFront';

type P = { readonly name: string; readonly params: number | null; readonly acc: number | null };
const front = (points: readonly P[]) =>
  paretoFront(
    points,
    (p) => p.params,
    (p) => p.acc,
  ).map((p) => p.name);

describe('paretoFront (accuracy against parameter count)', () => {
  it('keeps the Nets no other beats on both size and accuracy, smallest first', () => {
    const points: P[] = [
      { name: 'big-best', params: 400_000, acc: 0.91 },
      { name: 'small', params: 10_000, acc: 0.8 },
      { name: 'dominated', params: 50_000, acc: 0.79 },
      { name: 'mid', params: 60_000, acc: 0.88 },
      { name: 'huge-worse', params: 900_000, acc: 0.9 },
    ];
    assert.deepEqual(front(points), ['small', 'mid', 'big-best']);
  });

  it('at equal size keeps only the most accurate, and of exact ties the first', () => {
    const points: P[] = [
      { name: 'a', params: 1000, acc: 0.5 },
      { name: 'b', params: 1000, acc: 0.7 },
      { name: 'c', params: 1000, acc: 0.7 },
      { name: 'd', params: 2000, acc: 0.7 },
    ];
    assert.deepEqual(front(points), ['b']);
  });

  it('leaves out points without a parameter count or an accuracy', () => {
    const points: P[] = [
      { name: 'no-params', params: null, acc: 0.99 },
      { name: 'nan', params: 10, acc: Number.NaN },
      { name: 'failed', params: 20, acc: null },
      { name: 'ok', params: 30, acc: 0.6 },
    ];
    assert.deepEqual(front(points), ['ok']);
  });

  it('is empty for no points and a single point for one', () => {
    assert.deepEqual(front([]), []);
    assert.deepEqual(front([{ name: 'only', params: 5, acc: 0.1 }]), ['only']);
  });

  it('every point left out is dominated by one on the front (random clouds)', () => {
    let s = 7;
    const random = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 20; trial++) {
      const points: P[] = Array.from({ length: 60 }, (_, i) => ({
        name: String(i),
        params: Math.round(random() * 1000),
        acc: Math.round(random() * 100) / 100,
      }));
      const onFront = new Set(front(points));
      for (const p of points) {
        const dominatedBy = points.filter(
          (q) => q.params! <= p.params! && q.acc! >= p.acc! && (q.params! < p.params! || q.acc! > p.acc!),
        );
        if (onFront.has(p.name)) assert.equal(dominatedBy.length, 0, `${p.name} is on the front but dominated`);
        else
          assert.ok(
            dominatedBy.length > 0 || points.some((q) => q !== p && q.params === p.params && q.acc === p.acc),
            `${p.name} is off the front but nothing beats it`,
          );
      }
    }
  });
});
