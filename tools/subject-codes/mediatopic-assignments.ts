/**
 * Which IPTC Media Topic each concept is about: our editorial judgement, not a lookup. A concept gets the
 * most specific topic whose IPTC definition covers what articles tagged with it report (an armed group's
 * attacks, a command's forces, a referendum), and no topic where none fits well: places carry GeoNames
 * ids instead, and persons and publishers are left without one (a person is not a subject area, and a
 * publisher is the source, not the subject). Every code must be in sources/iptc-mediatopic.tsv, the
 * excerpt of IPTC's published vocabulary; the extraction refuses an unknown one.
 */
export interface MediatopicAssignment {
  codes: readonly string[];
  /** Why these concepts get these codes. */
  why: string;
  concepts: readonly string[];
}

export const mediatopicAssignments: readonly MediatopicAssignment[] = [
  {
    codes: ['medtop:20000058'],
    why: 'a foreign force operating in a country at war, or a coalition mission there: "international military intervention"',
    concepts: [
      'oir', 'ofs', 'oef', 'oif', 'ond', 'olive-branch', 'euphrates-shield', 'peace-spring', 'claw-lock', 'resolute-support',
      'operation-shader', 'operation-okra', 'operation-chammal', 'operation-impact', 'enduring-sentinel', 'prosperity-guardian',
      'cjtf-oir', 'sojtf-oir', 'cjflcc-iraq', 'cjsotf', 'global-coalition', 'nato-mission-iraq', 'isaf',
    ],
  },
  {
    codes: ['medtop:20000062'],
    why: 'operations of declared wars between states: "war"',
    concepts: ['desert-storm', 'tidal-wave-ii'],
  },
  {
    codes: ['medtop:20000599'],
    why: 'standing forces, their commands, units and exercises: "armed forces"',
    concepts: [
      'spartan-shield', 'eager-lion', 'noble-partner', 'agile-spirit', 'troop-surge',
      'centcom', 'soccent', 'socom', 'jsoc', 'eucom', 'africom', 'indopacom', 'afcent', 'navcent', 'marcent',
      'us-armed-forces', 'us-army', 'us-navy', 'us-air-force', 'usmc', 'navy-seals', '82nd-airborne', '101st-airborne',
      '1st-armored-division', '1st-infantry-division', '3rd-infantry-division', '4th-infantry-division', '10th-mountain-division',
      '25th-infantry-division', '1st-cavalry-division', '173rd-airborne-brigade', '75th-ranger-regiment', 'army-special-forces',
      '5th-special-forces-group', 'delta-force', '160th-soar', '3rd-cavalry-regiment', '2nd-cavalry-regiment', 'xviii-airborne-corps',
      'iii-armored-corps', 'sfab', 'arcent', 'usareur', 'usace', 'army-national-guard', 'army-reserve',
      'syrian-arab-army', 'irgc', 'quds-force', 'peshmerga', 'isf', 'iraqi-army', 'cts', 'iraqi-air-force', 'afghan-forces',
      'turkish-armed-forces', 'jordanian-armed-forces', 'royal-jordanian-air-force', 'georgian-defence-forces', 'jsdf', 'jgsdf',
      'jmsdf', 'jasdf', 'idf', 'russian-armed-forces', 'british-army', 'royal-air-force', 'royal-marines', 'cjtf-hoa',
    ],
  },
  {
    codes: ['medtop:20000053'],
    why: 'groups known for attacks meant to terrify a population, and their cells: "act of terror"',
    concepts: [
      'isis', 'islamic-state-of-iraq', 'isis-k', 'iswap', 'is-sinai', 'aqi', 'al-qaeda', 'aqap', 'aqim', 'al-shabaab', 'al-nusra',
      'hurras-al-din', 'sleeper-cells',
    ],
  },
  {
    codes: ['medtop:20000056'],
    why: 'non-state armed groups and militias fighting in a conflict, and the conduct of the fighting: "armed conflict"',
    concepts: [
      'hts', 'ahrar-al-sham', 'sdf', 'ypg', 'ypj', 'pkk', 'syrian-national-army', 'free-syrian-army', 'taliban', 'haqqani-network',
      'hezbollah', 'kataib-hezbollah', 'asaib-ahl-al-haq', 'nujaba', 'badr-organization', 'pmf', 'hamas', 'houthis', 'wagner-group',
      'wrath-of-euphrates', 'airstrikes', 'drone-warfare', 'foreign-fighters', 'civilian-casualties', 'isis-caliphate',
    ],
  },
  {
    codes: ['medtop:20000057'],
    why: 'armed opposition by clandestine, non-state combatants: "guerrilla activity"',
    concepts: ['insurgency'],
  },
  {
    codes: ['medtop:20000055'],
    why: 'explosive devices set against people and buildings: "terrorist bombings"',
    concepts: ['ied', 'vbied'],
  },
  {
    codes: ['medtop:20000079'],
    why: 'clearing mines and unexploded munitions after fighting: "ordnance clearance"',
    concepts: ['unexploded-ordnance', 'demining'],
  },
  {
    codes: ['medtop:20000077'],
    why: 'rebuilding after the fighting: "post-war reconstruction"',
    concepts: ['reconstruction'],
  },
  {
    codes: ['medtop:20000645'],
    why: 'people driven from their homes, camps for them, evacuations: "refugees and internally displaced people"',
    concepts: ['displacement', 'allies-refuge', 'al-hol', 'zaatari', 'rukban'],
  },
  {
    codes: ['medtop:20000602'],
    why: 'a class of armament: "military weaponry"',
    concepts: ['chemical-weapons'],
  },
  {
    codes: ['medtop:20000604'],
    why: 'securing a nation and its borders: "national security"',
    concepts: ['border-security'],
  },
  {
    codes: ['medtop:20000584'],
    why: 'a vote on one question by the whole electorate: "referenda"',
    concepts: ['independence-referendum'],
  },
  {
    codes: ['medtop:20000644'],
    why: 'bodies whose members are states: "international organisation"',
    concepts: ['nato', 'united-nations', 'unami', 'european-union'],
  },
  {
    codes: ['medtop:20000646'],
    why: 'humanitarian and monitoring groups outside government: "non-governmental organisation"',
    concepts: ['icrc', 'sohr', 'airwars'],
  },
  {
    codes: ['medtop:20000651'],
    why: 'a political party: "political parties and movements"',
    concepts: ['pyd'],
  },
  {
    codes: ['medtop:20000593'],
    why: 'a governing authority and its security service: "government"',
    concepts: ['krg', 'asayish'],
  },
];
