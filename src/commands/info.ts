/**
 * Information commands: help, status, party (here) and timeline, milestone, areas, area, next
 * (info-history.ts). Every fact carries its sources; missing facts say "not reported as of …".
 */
import {
  actions,
  divider,
  facts,
  header,
  list,
  message,
  subheading,
  text,
  type Block,
  type Message,
} from '../text/message';
import { CaftaError } from '../infra/errors';
import { DEFAULT_LANG, selectKey } from '../text/i18n';
import { textsFor, type Texts } from '../text/texts';
import type { Party, TreatyData } from '../treaty/model';
import { findParty } from '../treaty/lookup';
import { dataIn } from '../treaty/localize';
import {
  allPartyStatuses,
  aseanOnlyText,
  aseanSignatureSources,
  partyStatus,
  projectEntryIntoForce,
  signatureOf,
  signedForAseanText,
  stateLabel,
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
import { statusButtons, statusImage } from './web-links';
import { usageOf } from './usage';
import { COMMAND_NAMES, commandText, commandWord } from './vocabulary';

export async function runInfoCommand(cmd: Command, ctx: CommandContext, deps: CommandDeps): Promise<Message> {
  const tx = textsFor(ctx.lang ?? deps.defaultLang);
  const base = deps.data();
  // The data in the reader's language; lookups use `base`, which knows every language's names.
  const data = dataIn(base, tx.lang);
  switch (cmd.name) {
    case 'help':
      return helpMessage(tx, data, cmd.topic, ctx.prefix);
    case 'status':
      return statusMessage(tx, data, deps.publicUrl);
    case 'party':
      return partyMessage(tx, base, cmd.query);
    case 'timeline':
      return runTimelineCommand(tx, data, cmd.all);
    case 'milestone':
      return runMilestoneCommand(tx, base, cmd.query);
    case 'areas':
      return runAreasCommand(tx, data);
    case 'area':
      return runAreaCommand(tx, base, cmd.query);
    case 'next':
      return runNextCommand(tx, data, deps.clock(), cmd.days, ctx.userZone ?? deps.defaultZone);
    default:
      // Subscription and digest commands are routed elsewhere by runCommand: a wiring bug.
      throw new CaftaError('internal', `${cmd.name} is not an information command`);
  }
}

/* ------------------------------------------------------------------ help */

export function helpMessage(tx: Texts, data: TreatyData, topicText?: string, prefix = ''): Message {
  const topic = COMMAND_NAMES.find((n): n is CommandName => n === topicText);
  const cmd = (name: CommandName, ...args: string[]): string => commandText(tx.lang, name, ...args);
  // Examples as the asker types them on their platform (`/cafta status`, `@CAFTA status`).
  const typed = (example: string): string => `${prefix}${example}`;
  if (topic) {
    const u = usageOf(tx, topic);
    const title = tx.t('help.topicHeader', { command: commandWord(tx.lang, topic) });
    return message(title, [
      header(title),
      text(u.what),
      facts([[tx.t('help.usage'), u.syntax]]),
      subheading(tx.t('help.examplesHeader')),
      list(u.examples.map(typed)),
      dataFooter(tx, data),
    ]);
  }
  return message(tx.t('help.summary'), [
    header(tx.t('help.header')),
    text(tx.t('help.intro')),
    list(
      COMMAND_NAMES.filter((n) => n !== 'help').map((n) => {
        const u = usageOf(tx, n);
        return tx.t('help.line', { syntax: u.syntax, what: u.what });
      }),
    ),
    text(tx.t('help.examples', { examples: tx.t('help.exampleCommands').split(' | ').map(typed).join(' · ') })),
    text(tx.t('help.languages'), 'muted'),
    actions(
      { label: tx.t('action.status'), command: cmd('status'), style: 'primary' },
      { label: tx.t('action.timeline'), command: cmd('timeline') },
      { label: tx.t('action.areas'), command: cmd('areas') },
      { label: tx.t('action.next'), command: cmd('next') },
    ),
    dataFooter(tx, data),
  ]);
}

/* ------------------------------------------------------------------ status */

const partyLabel = (tx: Texts, p: Party): string => tx.t('party.label', { name: p.shortName, code: p.code });

/**
 * A party's signature: its own ("24 Oct 2025 [n]"), else the collective wording ("signed for
 * ASEAN by Malaysia's minister on 28 Oct 2025; own signature not reported [n]").
 */
function signatureValue(tx: Texts, sig: PartySignature, notes: SourceNotes): string {
  switch (sig.kind) {
    case 'own':
      return notes.date(sig.fact, tx.t('party.dateNotRecorded'));
    case 'asean':
      return `${aseanOnlyText(tx, sig.asean)}${notes.ref(aseanSignatureSources(sig.asean))}`;
    case 'none':
      return tx.t('common.notReportedShort');
  }
}

/** The depositary with how it is known: "Secretary-General of ASEAN (inferred from earlier instruments) [n]". */
function depositaryText(tx: Texts, data: TreatyData, notes: SourceNotes): string {
  const d = data.entryIntoForce.depositary;
  const basis = d.basis === 'inferred-from-earlier-instruments' ? tx.t('status.depositaryInferred') : '';
  return `${d.name}${basis}${notes.ref(d.sources)}`;
}

function partyLine(tx: Texts, data: TreatyData, s: PartyStatus, notes: SourceNotes): string {
  const p = s.party;
  if (s.state === 'not-a-party') {
    return `${tx.t('status.notAPartyLine', { party: partyLabel(tx, p) })}${notes.ref(p.sources)}`;
  }
  const sig = signatureOf(data, p);
  const value = signatureValue(tx, sig, notes);
  const signed = sig.kind === 'asean' ? value : tx.t('status.signedOn', { date: value });
  const steps = [s.ratification, s.notification, s.entryIntoForce]
    .filter((e) => e !== undefined)
    .map((e) =>
      tx.t('status.step', {
        kind: selectKey(e.kind),
        date: notes.dated(e.date, e.sources, tx.t('common.dateNotReported')),
      }),
    );
  const rest =
    steps.length > 0
      ? steps.join(tx.t('common.listSeparator'))
      : tx.t('status.ratificationNotReported', { notReported: notReported(tx, data) });
  return tx.t('status.partyLine', { party: partyLabel(tx, p), state: stateLabel(tx, s.state), signed, rest });
}

export function statusMessage(tx: Texts, data: TreatyData, publicUrl?: string): Message {
  const notes = new SourceNotes(tx, data);
  const counts = statusCounts(data);
  const statuses = allPartyStatuses(data);
  const parties = statuses.filter((s) => s.state !== 'not-a-party');
  const others = statuses.filter((s) => s.state === 'not-a-party');
  const eif = projectEntryIntoForce(data, tx);
  const signing = data.milestones.find((m) => m.id === 'signing');
  const of = (n: number): string => tx.t('status.of', { n, total: counts.parties });
  const cmd = (name: CommandName): string => commandText(tx.lang, name);

  const blocks: Block[] = [header(tx.t('status.header'))];
  if (signing) {
    blocks.push(
      text(
        tx.t('status.signed', {
          date: notes.date(signing.date, tx.t('status.signedDateNotRecorded')),
          hasPlace: signing.place ? 'yes' : 'no',
          place: signing.place ? `${signing.place}${notes.ref(signing.placeSources ?? [])}` : '',
          note: data.eventsNote,
        }),
      ),
    );
  } else {
    blocks.push(text(data.eventsNote));
  }
  blocks.push(
    facts([
      [tx.t('status.fact.signed'), of(counts.signed)],
      [tx.t('status.fact.ratified'), of(counts.ratified)],
      [tx.t('status.fact.notified'), of(counts.notified)],
      [tx.t('status.fact.inForce'), of(counts.inForce)],
      ...(counts.unknown > 0 ? [[tx.t('status.fact.unknown'), of(counts.unknown)] as [string, string]] : []),
      [tx.t('status.fact.entryIntoForce'), `${eif.text}${notes.ref(data.entryIntoForce.sources)}`],
      [tx.t('status.fact.depositary'), depositaryText(tx, data, notes)],
    ]),
  );
  // The board picture from the public status page (CAFTA_PUBLIC_URL).
  blocks.push(...statusImage(tx, data, publicUrl));
  // While the clause is unknown, say what earlier instruments did (the data's note).
  if (eif.state === 'unknown' && data.entryIntoForce.note.trim())
    blocks.push(text(tx.t('status.eifNote', { note: data.entryIntoForce.note }), 'muted'));
  blocks.push(subheading(tx.t('status.parties')), list(parties.map((s) => partyLine(tx, data, s, notes))));
  if (others.length > 0)
    blocks.push(subheading(tx.t('status.nonParties')), list(others.map((s) => partyLine(tx, data, s, notes))));
  const statements = data.statements ?? [];
  if (statements.length > 0) {
    blocks.push(
      subheading(tx.t('status.statements')),
      list(
        statements.map((st) =>
          tx.t('status.statement', {
            date: tx.fact(st.date, tx.t('status.undated')),
            text: `${st.text}${notes.ref(st.sources)}`,
          }),
        ),
      ),
    );
  }
  blocks.push(divider(), ...notes.blocks());
  blocks.push(...statusButtons(tx, data, publicUrl));
  blocks.push(
    actions(
      { label: tx.t('action.timeline'), command: cmd('timeline') },
      { label: tx.t('action.next'), command: cmd('next') },
      { label: tx.t('action.subscribeChannel'), command: cmd('subscribe'), style: 'primary' },
    ),
  );
  blocks.push(dataFooter(tx, data));
  const summary = tx.t('status.summary', {
    signed: counts.signed,
    total: counts.parties,
    ratified: counts.ratified,
    eif: selectKey(eif.state),
    eifDate: eif.state === 'projected' ? tx.day(eif.date) : '',
    date: tx.day(data.asOf),
  });
  return message(summary, blocks);
}

/* ------------------------------------------------------------------ party */

/** `base`: the data with every language's names (for the lookup); the answer is in `tx`'s language. */
export function partyMessage(tx: Texts, base: TreatyData, query: string): Message {
  const data = dataIn(base, tx.lang);
  const found = findParty(base, query);
  const named = (p: Party): Party => data.parties.find((x) => x.code === p.code) ?? p;
  if (found.kind !== 'found') {
    const suggestions =
      found.kind === 'suggest'
        ? found.suggestions.map(named).map((p) => ({
            label: tx.t('party.suggestLabel', { name: p.shortName, code: p.code.toLowerCase() }),
            // English buttons keep the ISO code (`party vn`); other languages use the name as read (`缔约方 越南`).
            command: commandText(tx.lang, 'party', tx.lang === DEFAULT_LANG ? p.code.toLowerCase() : p.shortName),
          }))
        : [];
    // The parties only; an ASEAN member that is not a party (Timor-Leste) is named apart.
    const members = data.parties.filter((p) => p.role !== 'party');
    const choices = tx.t('party.choices', {
      parties: data.parties
        .filter((p) => p.role === 'party')
        .map((p) => partyLabel(tx, p))
        .join(tx.t('common.listSeparator')),
      hasMembers: members.length > 0 ? 'yes' : 'no',
      members: tx.list(members.map((p) => partyLabel(tx, p))),
    });
    return notFound(tx, 'party', query, suggestions, choices);
  }
  return partyAnswer(tx, data, named(found.value));
}

function partyAnswer(tx: Texts, data: TreatyData, party: Party): Message {
  const s = partyStatus(data, party);
  const notes = new SourceNotes(tx, data);
  const cmd = (name: CommandName): string => commandText(tx.lang, name);
  // The short name, as in every other answer (status, digests, alerts): one name per party.
  const blocks: Block[] = [header(tx.t('party.label', { name: party.shortName, code: party.code }))];
  if (s.state === 'not-a-party') {
    blocks.push(
      text(tx.t('party.notAParty', { name: party.shortName }), 'attention'),
      facts([
        [tx.t('party.fact.role'), tx.t('party.role', { role: 'member' })],
        [tx.t('party.fact.protocol'), tx.t('party.noAccession', { date: tx.day(data.eventsCheckedOn) })],
      ]),
    );
    if (party.note) blocks.push(text(`${party.note}${notes.ref(party.sources)}`));
  } else {
    blocks.push(facts(partyFacts(tx, data, party, s, notes)));
    if (party.note) blocks.push(text(`${party.note}${notes.ref(party.sources)}`));
    else notes.ref(party.sources);
  }
  blocks.push(divider(), ...notes.blocks());
  blocks.push(
    actions(
      { label: tx.t('action.status'), command: cmd('status') },
      { label: tx.t('action.timeline'), command: cmd('timeline') },
    ),
  );
  blocks.push(dataFooter(tx, data));
  return message(tx.t('party.summary', { name: party.shortName, state: stateLabel(tx, s.state) }), blocks);
}

/** A party's facts: role, state, signature(s), each ratification step and entry into force. */
function partyFacts(
  tx: Texts,
  data: TreatyData,
  party: Party,
  s: PartyStatus,
  notes: SourceNotes,
): Array<[string, string]> {
  const eif = projectEntryIntoForce(data, tx);
  const perParty = eif.state === 'per-party' ? eif.parties.find((x) => x.code === party.code)?.date : null;
  const eifText = s.entryIntoForce
    ? notes.dated(s.entryIntoForce.date, s.entryIntoForce.sources, tx.t('common.dateNotReported'))
    : perParty
      ? tx.t('party.projected', { date: tx.day(perParty) })
      : `${tx.t('party.eifNotYet', {
          text: eif.state === 'per-party' ? tx.t('party.noNotification') : eif.text,
        })}${notes.ref(data.entryIntoForce.sources)}`;
  const event = (e: PartyStatus['ratification']): string =>
    e ? notes.dated(e.date, e.sources, tx.t('common.dateNotReported')) : notReported(tx, data);
  const sig = signatureOf(data, party);
  const forAsean: Array<[string, string]> =
    sig.kind === 'own' && sig.asean
      ? [
          [
            tx.t('party.fact.forAsean'),
            `${signedForAseanText(tx, sig.asean)}${notes.ref(aseanSignatureSources(sig.asean))}`,
          ],
        ]
      : [];
  return [
    [tx.t('party.fact.role'), tx.t('party.role', { role: party.aseanMember ? 'asean' : 'party' })],
    [tx.t('party.fact.status'), stateLabel(tx, s.state)],
    [tx.t('party.fact.signature'), signatureValue(tx, sig, notes)],
    ...forAsean,
    [tx.t('party.fact.ratification'), event(s.ratification)],
    [tx.t('party.fact.notified'), event(s.notification)],
    [tx.t('party.fact.entryIntoForce'), eifText],
  ];
}
