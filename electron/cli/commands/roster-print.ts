// Plain-text output of `kuaifan roster` for people at a terminal (--json gives the machine form).
import type { ImportPreview, OnDuty, RosterCheck } from '../../../shared/contract/roster';
import type { CliIo } from '../command';

export function printOnDuty(answer: OnDuty, io: CliIo): void {
  io.out(`On duty at ${answer.at}:`);
  if (answer.shifts.length === 0) io.out('  nobody: no shift of the rotation runs then (is a rotation set? kuaifan roster rotation show)');
  for (const s of answer.shifts) {
    io.out(`  ${s.shift}  ${s.crew ? `${s.crew}班` : '(no crew)'}  ${s.start} – ${s.end}  ${s.officers.length} officers`);
    for (const o of s.officers) io.out(`    ${o.policeNo.padEnd(8)} ${o.name}${o.leader ? '  带班' : ''}${o.armed ? '  持枪' : ''}`);
  }
}

export function printCheck(result: RosterCheck, io: CliIo): void {
  if (result.violations.length === 0) {
    io.out(`No rule violations ${result.from} to ${result.to}.`);
    return;
  }
  for (const v of result.violations) io.out(`${v.severity === 'error' ? '错误 ERROR  ' : '警告 WARNING'} ${v.message}`);
  io.out(`${result.errors} errors, ${result.warnings} warnings, ${result.from} to ${result.to}.`);
}

export function printImportPreview(p: ImportPreview, path: string, io: CliIo): void {
  if (!p.ok) {
    io.err(`${path}: ${p.errors.length || 1} problem(s); nothing will be imported.`);
    for (const e of p.errors) io.err(`  ${e.line === null ? 'file' : `line ${e.line}`}${e.column ? ` ${e.column}` : ''}: ${e.message}`);
    return;
  }
  for (const r of p.rows) {
    const what = r.action === 'create' ? 'new' : r.action === 'update' ? `change: ${r.changes.join('; ')}` : 'unchanged';
    io.out(`  line ${r.line}  ${r.policeNo.padEnd(8)} ${r.name}${r.crew ? ` (${r.crew}班)` : ''}  ${what}`);
  }
  const s = p.summary;
  io.out(`${s.create} new, ${s.update} changed, ${s.unchanged} unchanged${s.newCrews.length ? `; new crews ${s.newCrews.join(', ')}` : ''}${s.removesSample ? `; replaces the ${s.removesSample} sample officers (示例)` : ''}.`);
}
