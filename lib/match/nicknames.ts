// Nickname groups from the vendored table (data/nicknames/names.csv, Apache-2.0): each formal name
// (column name1) defines a group holding itself and its nicknames. Two given names are nickname-
// related when they share a group (Bob ~ Robert, Liz ~ Beth through Elizabeth).

import { readFileSync } from 'node:fs';

const TABLE_URL = new URL('../../data/nicknames/names.csv', import.meta.url);

export interface NicknameTable {
  /** Group numbers a name belongs to, ascending; absent for names the table does not know. */
  groupsOf(name: string): readonly number[] | undefined;
  /**
   * The formal name of the largest group holding the name (Bob → Robert, Robert → Robert; itself
   * when unknown): the family that most names point at, so variants land on one blocking key.
   */
  rootOf(name: string): string;
}

export function parseNicknameTable(csv: string): NicknameTable {
  const groups = new Map<string, number[]>();
  const formalNames: string[] = [];
  const groupNumber = new Map<string, number>();
  const join = (name: string, group: number) => {
    const list = groups.get(name);
    if (!list) groups.set(name, [group]);
    else if (!list.includes(group)) list.push(group);
  };
  const lines = csv.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const [formal, , nickname] = lines[i].trim().split(',');
    if (!formal || !nickname) continue;
    let group = groupNumber.get(formal);
    if (group === undefined) {
      group = formalNames.length;
      formalNames.push(formal);
      groupNumber.set(formal, group);
    }
    join(formal, group);
    join(nickname, group);
  }
  const groupSize = new Int32Array(formalNames.length);
  for (const list of groups.values()) {
    list.sort((x, y) => x - y);
    for (const group of list) groupSize[group]++;
  }
  const roots = new Map<string, string>();
  for (const [name, list] of groups) {
    let best = list[0];
    for (const group of list) if (groupSize[group] > groupSize[best]) best = group;
    roots.set(name, formalNames[best]);
  }
  return {
    groupsOf: (name) => groups.get(name),
    rootOf: (name) => roots.get(name) ?? name,
  };
}

let loaded: NicknameTable | undefined;

/** The vendored table, read once per process. */
export function nicknameTable(): NicknameTable {
  loaded ??= parseNicknameTable(readFileSync(TABLE_URL, 'utf8'));
  return loaded;
}

/** True when two sorted group lists share a member. */
export function shareGroup(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (!a || !b) return false;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) return true;
    if (a[i] < b[j]) i++;
    else j++;
  }
  return false;
}
