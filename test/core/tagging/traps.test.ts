import { describe, expect, it } from 'vitest';
import { createTagger } from '#core/tagging/tagger.ts';
import { allIds, mentioned } from './helpers.ts';

describe('Isis', () => {
  it('is the group in British style when the context is militant', () => {
    expect(mentioned('Isis fighters slipped out of the town before dawn.')).toContain('isis');
    expect(mentioned('The campaign against Isis has entered its fourth year.')).toContain('isis');
    expect(mentioned('Residents said Isis still taxes farmers along the river, and coalition jets struck twice.')).toContain('isis');
  });

  it('is not the group as a person’s name', () => {
    expect(mentioned('Isis Moreno, a nurse from Leeds, won the regional bake-off. Isis said the secret was patience.')).toEqual([]);
  });

  it('is not the group as the goddess', () => {
    expect(mentioned('Visitors queued at the temple of Isis, where the goddess was worshipped alongside Osiris.')).toEqual([]);
  });

  it('is not decided by capitals: ISIS in capitals is always the group', () => {
    expect(mentioned('ISIS claimed the attack.')).toEqual(['isis']);
  });
});

describe('IS', () => {
  it('is the Islamic State in ordinary prose', () => {
    expect(mentioned('IS fighters regrouped; analysts say IS remains dangerous.')).toEqual(['isis']);
  });

  it('is the verb in all-capitals text', () => {
    expect(mentioned('WHERE IS THE MONEY GOING')).toEqual([]);
    expect(allIds('ISIS IS BACK')).toEqual(['isis']);
  });
});

describe('Jordan', () => {
  it('is the country among Middle East context', () => {
    expect(mentioned('Jordan has tightened its frontier with Syria after a surge in smuggling.')).toContain('jordan');
    expect(mentioned('Refugees in Jordan wait for word from home.')).toContain('jordan');
  });

  it('is not the country as a person', () => {
    expect(mentioned('Michael Jordan scored 38 points. Jordan later thanked the fans in Chicago.')).toEqual([]);
    expect(mentioned('Analyst Priya Jordan wrote the report.')).toEqual([]);
  });

  it('is not the country as the river', () => {
    expect(mentioned('Pilgrims waded into the River Jordan where Jesus was baptised.')).toEqual([]);
    expect(mentioned('Water levels in the Jordan River fell again this summer.')).toEqual([]);
  });
});

describe('Georgia', () => {
  it('is the US state beside its cities and bases', () => {
    const ids = allIds('The 3rd Infantry Division returned to Fort Stewart, Georgia, on Friday.');
    expect(ids).toContain('us-state-georgia');
    expect(ids).not.toContain('georgia');
    expect(allIds('The brigade trained near Atlanta, Georgia, before deploying.')).not.toContain('georgia');
  });

  it('takes the US sense throughout an article once the context says so', () => {
    const ids = allIds('Soldiers based in Savannah, Georgia, said goodbye. Georgia has sent units abroad every year since 2003.');
    expect(ids).not.toContain('georgia');
  });

  it('is the country in Caucasus context', () => {
    expect(mentioned('Georgia hosted NATO drills near Tbilisi as Russian troops watched from South Ossetia.')).toContain('georgia');
    expect(mentioned('Georgian troops served in Helmand.')).toContain('georgian-defence-forces');
  });
});

describe('SDF', () => {
  it('is the Syrian Democratic Forces in a Syrian story', () => {
    expect(mentioned('The SDF captured three villages east of the Euphrates from ISIS.')).toContain('sdf');
  });

  it('is Japan’s Self-Defense Forces in a Japanese story', () => {
    const ids = allIds('After the earthquake, the SDF sent 20,000 personnel to Japan’s north-east, officials in Tokyo said.');
    expect(ids).toContain('jsdf');
    expect(ids).not.toContain('sdf');
    expect(allIds('Japan’s SDF joined the drill.')).toEqual(['japan', 'jsdf']);
  });
});

describe('Turkey', () => {
  it('is the country', () => {
    expect(mentioned('Turkey shelled positions near Tal Abyad.')).toContain('turkey');
  });

  it('is not the country as the bird, even starting a sentence', () => {
    expect(mentioned('Turkey prices climbed before Thanksgiving. The roast turkey stayed in the oven.')).toEqual([]);
    expect(mentioned('Turkish coffee was served at the end.')).toEqual([]);
  });
});

describe('surnames', () => {
  it('name the official beside a title, misspelt or not', () => {
    expect(mentioned('Colonel Dillion said the city was 90% cleared.')).toEqual(['ryan-dillon']);
    expect(mentioned('Col. Ryan Dillon briefed reporters. Later, Dillon added a correction.')).toEqual(['ryan-dillon']);
    expect(createTagger().tag({ headline: 'x', paragraphs: ['Col. Ryan Dillon spoke. Dillon added more.'] })[0]?.mentions).toBe(2);
  });

  it('do not name the official alone', () => {
    expect(mentioned('Jim Dillon, a farmer in Kansas, said the rain came early. Dillon was relieved.')).toEqual([]);
  });
});

describe('Army', () => {
  it('is the US Army beside a rank in a US story', () => {
    expect(mentioned('Army Col. Ryan Dillon said American advisers would stay.')).toContain('us-army');
  });

  it('is someone else’s army when a name qualifies it', () => {
    expect(allIds('Pakistan Army Gen. Asim Munir met Afghan officials, American diplomats said.')).not.toContain('us-army');
    expect(allIds('The Salvation Army and the Irish Republican Army were mentioned by US officials.')).not.toContain('us-army');
  });
});

describe('decisive cues', () => {
  it('let Japan settle a bare SDF even when the article also names Iraq and Syria', () => {
    const text = 'Japan sent SDF engineers to Samawah in Iraq in 2004; SDF units have never served in Syria.';
    expect(mentioned(text)).toContain('jsdf');
    expect(mentioned(text)).not.toContain('sdf');
  });

  it('leave a Kurdish, Syrian SDF alone', () => {
    expect(mentioned('Kurdish commanders said SDF units had reached the outskirts of Raqqa.')).toContain('sdf');
  });
});

describe('a person already named', () => {
  it('is who a bare name beside a verb of speech refers to, even in a Middle East article', () => {
    const text = 'Rep. Jim Jordan asked how many troops remain in Syria and Iraq. Jordan said the public had been told too little.';
    expect(mentioned(text)).not.toContain('jordan');
  });

  it('does not turn the country into a person when no person of that name appeared', () => {
    expect(mentioned('Jordan said it would close the crossing with Syria.')).toContain('jordan');
  });
});

describe('AQI', () => {
  it('is al-Qaeda in Iraq by default and the air quality index among pollution words', () => {
    expect(mentioned('AQI bombed a market in Baghdad.')).toContain('aqi');
    expect(mentioned('Dust and smog pushed the AQI in Baghdad past 400.')).not.toContain('aqi');
    expect(mentioned('AQI readings in Baghdad were high.')).not.toContain('aqi');
  });
});
