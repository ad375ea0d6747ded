// Planning mode: coverage for a chosen hour and hypothetical points and placements, and its CSV export.
import type { CoverageReport, GeoRrPoint, GeoTarget, GeoUnit } from '../../contract/geo';
import { CoverageEngine, sourceOfUnit, sourcesOfRrPoint } from './coverage';
import { hourLabel } from './hour';
import type { TravelModel } from './travel-model';

/** Pure: builds its own engine, so live coverage is untouched. */
export function evaluatePlan(
  model: TravelModel,
  input: { hour: number; targets: readonly GeoTarget[]; units: readonly GeoUnit[]; rrPoints: readonly GeoRrPoint[] },
): CoverageReport {
  const engine = new CoverageEngine(model, { hour: input.hour });
  engine.setTargets(input.targets);
  engine.setSources([...input.units.map(sourceOfUnit), ...input.rrPoints.flatMap(sourcesOfRrPoint)]);
  return engine.report();
}

const csvCell = (v: string | number | null | undefined): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote anything a spreadsheet could misread; a leading = + - @ is neutralised against formula injection.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** UTF-8 CSV with a BOM so Excel opens the Chinese names correctly; headline per tier after the targets. */
export function coverageReportCsv(report: CoverageReport): string {
  const lines = [
    ['target_id', 'name', 'tier_min', 'budget_s', 'eta_s', 'status', 'best_source', 'best_source_kind', 'best_source_name', 'best_mode', 'snap_dist_m'].join(','),
    ...report.targets.map((t) => [
      t.id, t.name ?? '', t.tier, t.budgetS, t.etaS === null ? '' : t.etaS.toFixed(1), t.status,
      t.best?.id, t.best?.kind, t.best?.label, t.best?.mode, t.snapDistM === null ? '' : t.snapDistM.toFixed(1),
    ].map(csvCell).join(',')),
    '',
    ['tier_min', 'total', 'green', 'amber', 'red', 'covered_pct', 'hour'].join(','),
    ...report.headline.map((h) => [h.tier, h.total, h.green, h.amber, h.red, h.coveredPct, hourLabel(report.hour)].map(csvCell).join(',')),
  ];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
