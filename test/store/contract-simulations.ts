import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, NotFoundError } from '../../functions/store/errors';
import type { StoredSimulation, Store } from '../../functions/store/types';

/** A stored simulation (issue 14): written once, read whole, gone for readers once it expires. */
export function describeSimulationContract(getStore: () => Store): void {
  const simulation = (simulationId: string, rows: unknown[]): StoredSimulation => ({
    simulationId,
    ownerSub: 'sub-wang',
    createdBy: '王政策',
    createdAt: '2026-03-01T08:00:00.000Z',
    expiresAt: '2026-03-01T20:00:00.000Z',
    overview: { base: { ruleSetId: 'rs', version: 1 }, totals: { change: '12.50' } },
    rows,
  });
  // Random text does not compress: 6,000 rows of ~260 bytes are several chunks of the item budget.
  const manyRows = Array.from({ length: 6000 }, (_, i) => ({ schoolId: String(i).padStart(7, '0'), schoolName: randomBytes(64).toString('hex'), change: `${i}.25`, city: i % 3 ? '哈尔滨市' : undefined }));

  describe('stored simulations', () => {
    it('gives back every row in order and the overview, until it expires', async () => {
      await getStore().putSimulation(simulation('sim-many', manyRows));
      const read = await getStore().getSimulation('sim-many', '2026-03-01T09:00:00.000Z');
      expect(read).toMatchObject({ simulationId: 'sim-many', ownerSub: 'sub-wang', createdBy: '王政策', expiresAt: '2026-03-01T20:00:00.000Z', overview: { totals: { change: '12.50' } } });
      expect(read.rows).toEqual(JSON.parse(JSON.stringify(manyRows)));
      await expect(getStore().getSimulation('sim-many', '2026-03-01T20:00:00.000Z')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('is written once: the same id again is refused and the first stays', async () => {
      await getStore().putSimulation(simulation('sim-once', [{ schoolId: 'a' }]));
      await expect(getStore().putSimulation({ ...simulation('sim-once', [{ schoolId: 'b' }]), ownerSub: 'sub-zhao' })).rejects.toBeInstanceOf(AlreadyExistsError);
      const read = await getStore().getSimulation('sim-once', '2026-03-01T09:00:00.000Z');
      expect(read.rows).toEqual([{ schoolId: 'a' }]);
      expect(read.ownerSub).toBe('sub-wang');
    });

    it('has no simulation it was never given', async () => {
      await expect(getStore().getSimulation('sim-never', '2026-03-01T09:00:00.000Z')).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}
