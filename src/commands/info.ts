/**
 * Information commands: help, status, party (here) and timeline, milestone, areas, area, next
 * (info-history.ts). Every fact carries its sources; missing facts say "not reported as of …".
 */
import { actions, divider, facts, header, list, message, text, type Block, type Message } from '../text/message';
import type { Party, TreatyData } from '../treaty/model';
import { findParty } from '../treaty/lookup';
import {
  allPartyStatuses,
  aseanOnlyText,
  aseanSignatureSources,
  formatDatedFact,
  formatDay,
  partyStatus,
  projectEntryIntoForce,
  signatureOf,
  signedForAseanText,
  STATE_LABEL,
  statusCounts,
  type PartySignature,
  type PartyStatus,
} from '../treaty/queries';
import { dataFooter, notFound, notReported, SourceNotes } from './info-common';
import {
  runAreaCommand,
  runAreasCommand,
  runMilestoneCommand,
  runNextCommand,
  runTimelineCommand,
} from './info-history';
import type { Command, CommandContext, CommandDeps, CommandName } from './types';
import { COMMAND_NAMES, USAGE } from './usage';

export async function runInfoCommand(cmd: Command, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  const data = deps.data();
  switch (cmd.name) {
    case 'help':
      return helpMessage(data, cmd.topic);
    case 'status':
      return statusMessage(data);
    case 'party':
      return partyMessage(data, cmd.query);
    case 'timeline':
      return runTimelineCommand(data, cmd.all);
    case 'milestone':
      return runMilestoneCommand(data, cmd.query);
    case 'areas':
      return runAreasCommand(data);
    case 'area':
      return runAreaCommand(data, cmd.query);
    case 'next':
      return runNextCommand(data, deps.clock(), cmd.days, ctx.userZone ?? deps.defaultZone);
    default:
      // Subscription and digest commands are routed elsewhere by runCommand; reaching here is a wiring bug.
      return message(`${cmd.name} is not an information command`, [
        text(`${cmd.name} is handled elsewhere; try help.`, 'warning'),
      ]);
  }
}

/* ------------------------------------------------------------------ help */

export function helpMessage(data: TreatyData, topicText?: string): Message {
  const topic = COMMAND_NAMES.find((n): n is CommandName => n === topicText);
  if (topic) {
    const u = USAGE[topic];
    return message(`help: ${topic}`, [
      header(`help: ${topic}`),
      text(u.what),
      facts([['Usage', u.syntax]]),
      text('Examples'),
      list(u.examples),
      dataFooter(data),
    ]);
  }
  return message('CAFTA 3.0 bot: commands', [
    header('CAFTA 3.0 bot'),
    text(
      'Follows the China–ASEAN Free Trade Area 3.0 Upgrade Protocol: who has signed and ratified, milestones, the nine areas, and what comes next. Every fact shows its sources.',
    ),
    list(COMMAND_NAMES.filter((n) => n !== 'help').map((n) => `${USAGE[n].syntax} — ${USAGE[n].what}`)),
    text(
      `Examples: ${['status', 'party vn', 'timeline', 'milestone signing', 'area 1', 'next 90', 'subscribe digest fri 17:00'].join(' · ')}`,
    ),
    actions(
      { label: 'Status', command: 'status', style: 'primary' },
      { label: 'Timeline', command: 'timeline' },
      { label: 'Areas', command: 'areas' },
      { label: 'Next', command: 'next' },
    ),
    dataFooter(data),
  ]);
}

/* ------------------------------------------------------------------ status */

const partyLabel = (p: Party): string => `${p.shortName} (${p.code})`;

/**
 * A party's signature: its own ("24 Oct 2025 [n]"), else the collective wording ("signed for
 * ASEAN by Malaysia's minister on 28 Oct 2025; own signature not reported [n]").
 */
function signatureValue(sig: PartySignature, notes: SourceNotes): string {
  switch (sig.kind) {
    case 'own':
      return notes.date(sig.fact, 'date not recorded');
    case 'asean':
      return `${aseanOnlyText(sig.asean)}${notes.ref(aseanSignatureSources(sig.asean))}`;
    case 'none':
      return 'not reported';
  }
}

/** The depositary with how it is known: "Secretary-General of ASEAN (inferred from earlier instruments) [n]". */
function depositaryText(data: TreatyData, notes: SourceNotes): string {
  const d = data.entryIntoForce.depositary;
  const basis = d.basis === 'inferred-from-earlier-instruments' ? ' (inferred from earlier instruments)' : '';
  return `${d.name}${basis}${notes.ref(d.sources)}`;
}

function partyLine(data: TreatyData, s: PartyStatus, notes: SourceNotes): string {
  const p = s.party;
  if (s.state === 'not-a-party') {
    return `${partyLabel(p)}: ASEAN member, not a party to the FTA or the 3.0 Protocol${notes.ref(p.sources)}`;
  }
  const sig = signatureOf(data, p);
  const signed = `${sig.kind === 'asean' ? '' : 'signed '}${signatureValue(sig, notes)}`;
  const steps = [s.ratification, s.notification, s.entryIntoForce]
    .filter((e) => e !== undefined)
    .map(
      (e) =>
        `${e.kind === 'entry-into-force' ? 'in force' : e.kind === 'notification' ? 'notified' : 'ratified'} ${notes.dated(e.date, e.sources, 'date not reported')}`,
    );
  const rest = steps.length > 0 ? steps.join(', ') : `ratification ${notReported(data)}`;
  return `${partyLabel(p)}: ${STATE_LABEL[s.state]} — ${signed}; ${rest}`;
}

export function statusMessage(data: TreatyData): Message {
  const notes = new SourceNotes(data);
  const counts = statusCounts(data);
  const statuses = allPartyStatuses(data);
  const parties = statuses.filter((s) => s.state !== 'not-a-party');
  const others = statuses.filter((s) => s.state === 'not-a-party');
  const eif = projectEntryIntoForce(data);
  const signing = data.milestones.find((m) => m.id === 'signing');
  const of = (n: number): string => `${n} of ${counts.parties}`;

  const blocks: Block[] = [header('CAFTA 3.0 Upgrade Protocol: ratification status')];
  if (signing) {
    blocks.push(
      text(
        `Signed ${notes.date(signing.date, 'on a date not recorded')}${signing.place ? ` at ${signing.place}${notes.ref(signing.placeSources ?? [])}` : ''}. ${data.eventsNote}`,
      ),
    );
  } else {
    blocks.push(text(data.eventsNote));
  }
  blocks.push(
    facts([
      ['Signed', of(counts.signed)],
      ['Ratified', of(counts.ratified)],
      ['Notified the depositary', of(counts.notified)],
      ['In force', of(counts.inForce)],
      ...(counts.unknown > 0 ? [['State unknown', of(counts.unknown)] as [string, string]] : []),
      ['Entry into force', `${eif.text}${notes.ref(data.entryIntoForce.sources)}`],
      ['Depositary', depositaryText(data, notes)],
    ]),
  );
  blocks.push(text('Parties'), list(parties.map((s) => partyLine(data, s, notes))));
  if (others.length > 0) blocks.push(text('Not a party'), list(others.map((s) => partyLine(data, s, notes))));
  const statements = data.statements ?? [];
  if (statements.length > 0) {
    blocks.push(
      text('Reported since signing (context, not ratification steps)'),
      list(statements.map((st) => `${formatDatedFact(st.date, 'undated')}: ${st.text}${notes.ref(st.sources)}`)),
    );
  }
  blocks.push(divider(), ...notes.blocks());
  blocks.push(
    actions(
      { label: 'Timeline', command: 'timeline' },
      { label: 'Next', command: 'next' },
      { label: 'Subscribe this channel', command: 'subscribe', style: 'primary' },
    ),
  );
  blocks.push(dataFooter(data));
  const summary = `CAFTA 3.0: signed by ${of(counts.signed)} parties, ratified by ${counts.ratified}; entry into force ${eif.state === 'projected' ? eif.date : eif.state} (as of ${formatDay(data.asOf)})`;
  return message(summary, blocks);
}

/* ------------------------------------------------------------------ party */

export function partyMessage(data: TreatyData, query: string): Message {
  const found = findParty(data, query);
  if (found.kind !== 'found') {
    const suggestions =
      found.kind === 'suggest'
        ? found.suggestions.map((p) => ({
            label: `${p.shortName} (party ${p.code.toLowerCase()})`,
            command: `party ${p.code.toLowerCase()}`,
          }))
        : [];
    const choices = `Parties: ${data.parties.map(partyLabel).join(', ')}. Names, ISO codes (vn, vnm) and common aliases (Vietnam, 越南) all work.`;
    return notFound('party', query, suggestions, choices);
  }
  const party = found.value;
  const s = partyStatus(data, party);
  const notes = new SourceNotes(data);
  const blocks: Block[] = [header(`${party.name} (${party.code})`)];
  if (s.state === 'not-a-party') {
    blocks.push(
      text(
        `${party.shortName} is an ASEAN member but not a party to the China–ASEAN FTA or its 3.0 Upgrade Protocol.`,
        'attention',
      ),
      facts([
        ['Role', 'ASEAN member, not a party'],
        ['3.0 Protocol', `no source shows it has signed or acceded (checked ${formatDay(data.eventsCheckedOn)})`],
      ]),
    );
    if (party.note) blocks.push(text(`${party.note}${notes.ref(party.sources)}`));
  } else {
    const eif = projectEntryIntoForce(data);
    const perParty = eif.state === 'per-party' ? eif.parties.find((x) => x.code === party.code)?.date : null;
    const eifText = s.entryIntoForce
      ? notes.dated(s.entryIntoForce.date, s.entryIntoForce.sources, 'date not reported')
      : perParty
        ? `projected ${formatDay(perParty)}`
        : `not yet; ${eif.state === 'per-party' ? 'no notification recorded' : eif.text}${notes.ref(data.entryIntoForce.sources)}`;
    const event = (e: PartyStatus['ratification']): string =>
      e ? notes.dated(e.date, e.sources, 'date not reported') : notReported(data);
    const sig = signatureOf(data, party);
    const forAsean: Array<[string, string]> =
      sig.kind === 'own' && sig.asean
        ? [['Signature for ASEAN', `${signedForAseanText(sig.asean)}${notes.ref(aseanSignatureSources(sig.asean))}`]]
        : [];
    blocks.push(
      facts([
        ['Role', party.aseanMember ? 'Party (ASEAN member)' : 'Party'],
        ['Status', STATE_LABEL[s.state]],
        ['Signature', signatureValue(sig, notes)],
        ...forAsean,
        ['Ratification', event(s.ratification)],
        ['Notified depositary', event(s.notification)],
        ['Entry into force', eifText],
      ]),
    );
    if (party.note) blocks.push(text(`${party.note}${notes.ref(party.sources)}`));
    else notes.ref(party.sources);
  }
  blocks.push(divider(), ...notes.blocks());
  blocks.push(actions({ label: 'Status', command: 'status' }, { label: 'Timeline', command: 'timeline' }));
  blocks.push(dataFooter(data));
  return message(`${party.shortName}: ${STATE_LABEL[s.state]}`, blocks);
}
