/**
 * The archive as the results panel draws it: every cell of the grid, row by parameter bucket and
 * column by descriptor value, filled with its elite or empty. A depth grid has a fixed set of
 * columns; a family grid shows the families that hold an elite (the set of families is open).
 */
import type { ArchiveCellView, ArchiveGridView } from '../../shared/searchModel';
import type { Archive } from './archive';
import { archiveBucketLabels, archiveDepthLabels } from './archive';

/** Where the grid came from, carried into the view for its captions and selectors. */
export interface ArchiveGridSource {
  readonly dataset: string;
  readonly datasets: readonly string[];
  readonly islands: number;
  readonly island: number | null;
}

/** Lays the archive's elites out on its full grid (see the file comment). */
export function archiveGridView(archive: Archive, source: ArchiveGridSource): ArchiveGridView {
  const { settings } = archive;
  const elites = archive.elites();
  const buckets = archiveBucketLabels(settings.paramBuckets);
  const descriptors =
    settings.descriptor === 'depth'
      ? archiveDepthLabels()
      : [...new Set(elites.map((e) => e.descriptor))].sort((a, b) => a.localeCompare(b));
  const byCell = new Map(elites.map((e) => [`${e.bucket}\u0000${e.descriptor}`, e]));
  const cells: ArchiveCellView[] = [];
  for (const bucket of buckets)
    for (const descriptor of descriptors) {
      const elite = byCell.get(`${bucket}\u0000${descriptor}`);
      cells.push({
        bucket,
        descriptor,
        elite: elite
          ? {
              id: elite.id,
              name: elite.name,
              accuracy: elite.accuracy,
              paramCount: elite.paramCount,
              summary: elite.structure.summary,
            }
          : null,
      });
    }
  return {
    dataset: source.dataset,
    datasets: source.datasets,
    descriptor: settings.descriptor,
    buckets,
    descriptors,
    cells,
    filled: archive.filled,
    islands: source.islands,
    island: source.island,
  };
}
