// `kuaifan roster`: the duty roster from the command line (rotation, shifts, re-anchor, on-duty, checks, export, import, holidays).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { HallError } from '../../../shared/contract/errors';
import { rosterCommands } from '../../../shared/contract/roster';
import { isoDay } from '../../../shared/domain/roster/calendar';
import { HolidayYear } from '../../../shared/domain/roster/holidays';
import { createHallHost, type HallHost } from '../../host/hall-host';
import { createLogger } from '../../host/logging/logger';
import type { RosterModule } from '../../host/roster/module';
import type { RosterService } from '../../host/roster/service';
import { dataDirFrom, dataOption, parse, UsageError, type CliCommand, type CliIo } from '../command';
import { printCheck, printImportPreview, printOnDuty } from './roster-print';

const ACTOR = 'cli';

const usage = `kuaifan roster rotation set --pattern ID --anchor DATE --crews 甲,乙,丙 [--from DATE]
kuaifan roster rotation show
kuaifan roster shift list
kuaifan roster shift set --code CODE --start HH:MM --end HH:MM [--from DATE] [--name NAME --short MARK]
kuaifan roster reanchor --crew NAME --from DATE --slot N --reason TEXT
kuaifan roster on-duty [--at ISO] [--json]
kuaifan roster check [--days N] [--from DATE] [--json]
kuaifan roster gaps [--days N] [--from DATE] [--json]
kuaifan roster schedule --police-no NO --from DATE --to DATE [--json]
kuaifan roster export --from DATE --to DATE --format csv|xlsx --out FILE
kuaifan roster import FILE [--dry-run]
kuaifan roster holidays load FILE
kuaifan roster holidays list

  Every subcommand takes --data DIR (default: $KUAIFAN_DATA, else the folder the desktop app uses).

  rotation set  Patterns: 3x2 (三班两运转 白夜休, default), 3x2-6 (白白夜夜休休), 4x2 (四班两倒 白夜休休),
                4x3 (四班三运转 早早中中夜夜休休, 06:00/14:00/22:00), 24-48. On the anchor date the first
                crew works the first slot; crew i is i × (cycle ÷ crews) slots ahead. Crews are created
                when new. --from (default: the anchor) is when it takes over; days before keep the old one.
  shift list    The shift templates: code, name, mark, times and the date each revision is in force from.
  shift set     Change a shift's times from a date on (default: today in the hall's zone); earlier dates keep
                the old times, e.g. --code day --start 08:30 --end 20:30 --from 2027-01-01. An end before
                the start ends the next day (夜班 20:00-08:00). A new code also needs --name 备勤班 --short 备.
  reanchor      The crew works cycle slot N (counting from 0) of the rotation's pattern on --from and walks on
                from there; days before are unchanged. In 3x2 (白夜休) slot 0 is 白, 1 is 夜, 2 is 休
                (kuaifan roster rotation show prints the cycle). Setting the rotation again from that date on
                withdraws it.
  on-duty       Who is on duty at an instant (default now), e.g. --at 2026-12-25T09:00:00+08:00.
                A night shift that began the evening before counts. Times are the hall's zone.
  check         Rule violations over N days (default 14) from today; exits 1 and lists them if any.
  gaps          Shifts below a staffing, leader or armed-squad minimum over the next N days.
  export        The roster grid as CSV (UTF-8 with BOM) or an XLSX 值班表.
  import        Officers and crews from CSV or XLSX with the header
                警号,姓名,警衔,部门,班组,入组日期,持枪,带班,驾驶员,医护,战备 (only 警号 and 姓名 are required).
                Every bad row is listed by line and nothing is imported; --dry-run only shows the preview.
  holidays load A year's statutory holidays from a JSON file like resources/holidays/cn-holidays-2026.json,
                taken from the State Council's notice (国务院办公厅关于YYYY年部分节假日安排的通知).`;

async function withRoster<T>(values: { data?: string | boolean | (string | boolean)[] | undefined }, io: CliIo, fn: (roster: RosterService, host: HallHost) => Promise<T> | T): Promise<T> {
  const dataDir = resolve(dataDirFrom(values, io.env));
  const host = createHallHost({ dataDir, log: createLogger({ file: join(dataDir, 'kuaifan.log'), quiet: true }) });
  try {
    const roster = host.modules.find((m): m is RosterModule => m.name === 'roster');
    if (!roster) throw new Error('the roster module is not running in this hall');
    return await fn(roster.service, host);
  } finally {
    await host.close();
  }
}

function need(value: string | undefined, flag: string, example: string): string {
  if (!value) throw new UsageError(`${flag} is required, e.g. ${flag} ${example}`);
  return value;
}

function numberOption(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} ${value}: give a whole number of days, e.g. ${flag} 14`);
  return n;
}

function readFile(path: string): Buffer {
  if (!existsSync(path)) throw new UsageError(`${path} does not exist.`);
  return readFileSync(path);
}

export const rosterCommand: CliCommand = {
  name: 'roster',
  summary: 'the duty roster: rotation, shift times, re-anchor, who is on duty, rule checks, export, import officers',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    try {
      switch (sub) {
        case 'rotation': return await rotation(rest, io);
        case 'shift': return await shift(rest, io);
        case 'reanchor': return await reanchor(rest, io);
        case 'on-duty': return await onDuty(rest, io);
        case 'check': return await check(rest, io);
        case 'gaps': return await gaps(rest, io);
        case 'schedule': return await schedule(rest, io);
        case 'export': return await exportCmd(rest, io);
        case 'import': return await importCmd(rest, io);
        case 'holidays': return await holidays(rest, io);
        default:
          throw new UsageError(sub ? `unknown subcommand "${sub}".\n\n${usage}` : `say what to do.\n\n${usage}`);
      }
    } catch (err) {
      if (err instanceof HallError) {
        io.err(`kuaifan roster ${sub}: ${err.message}`);
        for (const i of err.issues ?? []) io.err(`  ${i.path}: ${i.message}`);
        return err.code === 'BAD_INPUT' ? 2 : 1;
      }
      throw err;
    }
  },
};

async function rotation(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { ...dataOption, pattern: { type: 'string' }, anchor: { type: 'string' }, crews: { type: 'string' }, from: { type: 'string' } }, true);
  const action = positionals.join(' ');
  if (action === 'show') {
    return withRoster(values, io, (roster) => {
      const cfg = roster.config();
      if (cfg.rotations.length === 0) io.out('No rotation is set; use kuaifan roster rotation set --pattern 3x2 --anchor DATE --crews 甲,乙,丙');
      for (const r of cfg.rotations) {
        const p = cfg.patterns.find((x) => x.id === r.pattern);
        io.out(`from ${r.from}: ${r.pattern} ${p ? `(${p.name}: ${p.cycle.map((c) => cfg.shifts.find((s) => s.code === c)?.short ?? '休').join('')})` : ''}, anchor ${r.anchor}, crews ${r.crews.join(',')}`);
      }
      return 0;
    });
  }
  if (action !== 'set') throw new UsageError('use: kuaifan roster rotation set --pattern 3x2 --anchor 2026-01-01 --crews 甲,乙,丙 (or rotation show)');
  const pattern = need(values.pattern, '--pattern', '3x2');
  const anchor = need(values.anchor, '--anchor', '2026-01-01');
  const crews = need(values.crews, '--crews', '甲,乙,丙').split(/[,，、]/).map((c) => c.trim()).filter(Boolean);
  return withRoster(values, io, (roster) => {
    const r = roster.setRotation({ pattern, anchor, crews, ...(values.from ? { from: values.from } : {}) }, ACTOR);
    const set = r.rotations[r.rotations.length - 1]!;
    io.out(`Rotation set: ${set.pattern} anchored ${set.anchor}, crews ${set.crews.join(',')}, from ${set.from} (roster revision ${r.revision}).`);
    return 0;
  });
}

/** Checks CLI input with the contract's own schema, as the host does for a screen: mistakes exit 2 with each field. */
function validInput<T>(schema: { safeParse(x: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown, flags: Record<string, string>): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new UsageError(parsed.error.issues.map((i) => `${flags[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('; '));
}

async function shift(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { ...dataOption, code: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' }, from: { type: 'string' }, name: { type: 'string' }, short: { type: 'string' } },
    true,
  );
  const action = positionals.join(' ');
  if (action === 'list') {
    return withRoster(values, io, (roster) => {
      for (const s of roster.config().shifts) io.out(`${s.code.padEnd(8)} ${s.name}（${s.short}） ${s.start}-${s.end}  from ${s.from}`);
      return 0;
    });
  }
  if (action !== 'set') throw new UsageError('use: kuaifan roster shift set --code day --start 08:00 --end 20:00 [--from DATE] (or shift list)');
  const code = need(values.code, '--code', 'day');
  const start = need(values.start, '--start', '08:00');
  const end = need(values.end, '--end', '20:00');
  return withRoster(values, io, (roster) => {
    const from = values.from ?? isoDay(roster.engine().zone.localOf(Date.now()).day);
    const input = validInput(
      rosterCommands['roster.shift.set'].input,
      { code, start, end, from, ...(values.name !== undefined ? { name: values.name } : {}), ...(values.short !== undefined ? { short: values.short } : {}) },
      { code: '--code', start: '--start', end: '--end', from: '--from', name: '--name', short: '--short' },
    );
    const s = roster.setShift(input, ACTOR);
    io.out(`Shift ${s.code} ${s.name}（${s.short}）is ${s.start}-${s.end} (${s.minutes / 60} h) from ${s.from} on (roster revision ${roster.revision()}).`);
    return 0;
  });
}

async function reanchor(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { ...dataOption, crew: { type: 'string' }, from: { type: 'string' }, slot: { type: 'string' }, reason: { type: 'string' } });
  const crewName = need(values.crew, '--crew', '甲').trim();
  const from = need(values.from, '--from', '2027-01-01');
  const slotText = need(values.slot, '--slot', '0');
  const reason = need(values.reason, '--reason', '春节勤务调整');
  const slot = Number(slotText);
  if (!/^\d+$/.test(slotText)) throw new UsageError(`--slot ${slotText}: give the cycle slot as a whole number from 0, e.g. --slot 0`);
  return withRoster(values, io, (roster) => {
    const cfg = roster.config();
    const crew = cfg.crews.find((c) => c.name === crewName);
    if (!crew) throw new UsageError(`no crew named ${crewName}; the crews are ${cfg.crews.map((c) => c.name).join(',') || '(none: set a rotation first)'}.`);
    const input = validInput(
      rosterCommands['roster.exception.add'].input,
      { kind: 'reanchor', crewId: crew.id, from, slot, reason, crewVersion: crew.version },
      { from: '--from', slot: '--slot', reason: '--reason' },
    );
    const r = roster.addException(input, ACTOR);
    const segment = cfg.rotations.filter((x) => x.from <= from).pop();
    const pattern = cfg.patterns.find((p) => p.id === segment?.pattern);
    const code = pattern?.cycle[slot];
    const mark = code === null ? '休' : (cfg.shifts.find((s) => s.code === code)?.short ?? code);
    io.out(`Re-anchored: crew ${crew.name} works slot ${slot}${mark ? ` (${mark})` : ''} of ${pattern?.id ?? 'the rotation'} on ${from} and walks on from there (#${r.exception.id}, roster revision ${r.revision}).`);
    for (const v of r.violations) io.out(`  ${v.severity === 'error' ? '错误' : '警告'}: ${v.message}`);
    return 0;
  });
}

async function onDuty(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { ...dataOption, at: { type: 'string' }, json: { type: 'boolean' } });
  return withRoster(values, io, (roster) => {
    const answer = roster.onDuty(values.at);
    if (values.json) io.out(JSON.stringify(answer, null, 2));
    else printOnDuty(answer, io);
    return 0;
  });
}

async function check(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { ...dataOption, days: { type: 'string' }, from: { type: 'string' }, json: { type: 'boolean' } });
  const days = numberOption(values.days, '--days', 14);
  return withRoster(values, io, (roster) => {
    const result = roster.check({ days, ...(values.from ? { from: values.from } : {}) });
    if (values.json) io.out(JSON.stringify(result, null, 2));
    else printCheck(result, io);
    return result.violations.length ? 1 : 0;
  });
}

async function gaps(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { ...dataOption, days: { type: 'string' }, from: { type: 'string' }, json: { type: 'boolean' } });
  const days = numberOption(values.days, '--days', 14);
  return withRoster(values, io, (roster) => {
    const result = roster.gaps({ days, ...(values.from ? { from: values.from } : {}) });
    if (values.json) {
      io.out(JSON.stringify(result, null, 2));
    } else if (result.gaps.length === 0) {
      io.out(`No staffing gaps ${result.from} to ${result.to}.`);
    } else {
      for (const g of result.gaps) {
        io.out(`${g.date} ${g.shiftName}（${g.crews.join('、') || '无'}班）在岗 ${g.count}/${g.minimum}，带班 ${g.leaders}，战备持枪 ${g.squadArmed}`);
        for (const v of g.violations) io.out(`  ${v.severity === 'error' ? '错误' : '警告'}: ${v.message}`);
      }
    }
    return result.gaps.length ? 1 : 0;
  });
}

async function schedule(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { ...dataOption, 'police-no': { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } });
  const policeNo = need(values['police-no'], '--police-no', '032117');
  const from = need(values.from, '--from', '2026-12-01');
  const to = need(values.to, '--to', '2026-12-31');
  return withRoster(values, io, (roster) => {
    const s = roster.schedule({ policeNo, from, to });
    if (values.json) {
      io.out(JSON.stringify(s, null, 2));
      return 0;
    }
    io.out(`${s.officer.name}（${s.officer.policeNo}）${s.from} 至 ${s.to}`);
    for (const d of s.days) {
      const times = d.shifts.map((x) => `${x.shift} ${x.start.slice(11, 16)}-${x.end.slice(11, 16)}${x.source !== 'rota' ? `（${x.source === 'swap' ? '换班' : '加班'}）` : ''}`).join('，');
      io.out(`  ${d.date} ${d.mark} ${d.crew ? `${d.crew}班` : ''} ${times}${d.note ? `  ${d.note}` : ''}`);
    }
    for (const v of s.violations) io.out(`  ${v.severity === 'error' ? '错误' : '警告'}: ${v.message}`);
    return 0;
  });
}

async function exportCmd(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { ...dataOption, from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } });
  const from = need(values.from, '--from', '2026-12-01');
  const to = need(values.to, '--to', '2026-12-31');
  const format = need(values.format, '--format', 'xlsx');
  if (format !== 'csv' && format !== 'xlsx') throw new UsageError(`--format ${format}: use csv or xlsx`);
  const out = resolve(need(values.out, '--out', '值班表.xlsx'));
  return withRoster(values, io, async (roster) => {
    const file = await roster.exportRoster({ from, to, format });
    writeFileSync(out, Buffer.from(file.data, 'base64'));
    io.out(`Wrote ${out} (${file.bytes} bytes, ${format}, ${from} to ${to}).`);
    return 0;
  });
}

async function importCmd(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { ...dataOption, 'dry-run': { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('use: kuaifan roster import FILE [--dry-run]  (a .csv or .xlsx of officers)');
  const path = resolve(positionals[0]!);
  const data = readFile(path).toString('base64');
  return withRoster(values, io, async (roster) => {
    const file = { fileName: basename(path), data };
    const preview = await roster.importPreview(file);
    printImportPreview(preview, path, io);
    if (!preview.ok) return 1;
    if (values['dry-run']) {
      io.out('Dry run: nothing was imported.');
      return 0;
    }
    const done = await roster.importApply({ ...file, digest: preview.digest, revision: preview.revision }, ACTOR);
    io.out(`Imported ${path}: ${done.summary.create} new, ${done.summary.update} changed, ${done.summary.unchanged} unchanged (roster revision ${done.revision}).`);
    return 0;
  });
}

async function holidays(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, dataOption, true);
  const [action, file] = positionals;
  if (action === 'list') {
    return withRoster(values, io, (roster) => {
      for (const y of roster.config().holidayYears) io.out(`${y.year} (${y.origin}): ${y.source}`);
      return 0;
    });
  }
  if (action !== 'load' || !file || positionals.length > 2) throw new UsageError('use: kuaifan roster holidays load FILE (or holidays list)');
  let json: unknown;
  try {
    json = JSON.parse(readFile(resolve(file)).toString('utf8'));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = HolidayYear.safeParse(json);
  if (!parsed.success) {
    io.err(`${file} is not a holiday file; nothing was loaded:`);
    for (const i of parsed.error.issues) io.err(`  ${i.path.join('.') || '(file)'}: ${i.message}`);
    return 1;
  }
  return withRoster(values, io, (roster) => {
    const info = roster.loadHolidays(parsed.data, ACTOR);
    io.out(`Loaded ${info.year} holidays (${parsed.data.holidays.length} holidays, ${parsed.data.makeupWorkdays.length} make-up working days) from ${info.source}.`);
    return 0;
  });
}
