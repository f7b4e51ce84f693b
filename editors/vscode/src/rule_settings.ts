// The `whalesafe.rules` setting applied to the diagnostics the server publishes: a rule set to
// "off" is dropped, a severity replaces the rule's. Rules are named by slug or by any alias
// (DL3025, JSONArgsRecommended), as in .whalesafe.yaml; aliases come from `whalesafe rule
// --list`. This works whatever the server does with the settings it is sent; rules that are off
// by default cannot be turned on here (the server never reports them): use .whalesafe.yaml.

export type RuleValue = 'on' | 'off' | 'error' | 'warning' | 'info' | 'style';

// Name (lower case) -> the slugs it names. Every slug names itself.
export type RuleNames = Map<string, string[]>;

// Parses `whalesafe rule --list`: "slug  severity  on|off  fix:kind...  ALIAS,ALIAS".
export function parseRuleList(text: string): RuleNames {
  const names: RuleNames = new Map();
  const add = (name: string, slug: string) => {
    const key = name.toLowerCase();
    const slugs = names.get(key) ?? [];
    if (!slugs.includes(slug)) slugs.push(slug);
    names.set(key, slugs);
  };
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words.length < 4 || !words[0]) continue;
    add(words[0], words[0]);
    const last = words[words.length - 1];
    if (words.length >= 5 && !last.startsWith('fix:') && last !== 'safe' && last !== 'unsafe') {
      for (const alias of last.split(',')) if (alias) add(alias, words[0]);
    }
  }
  return names;
}

// The setting resolved to slugs; for a slug named twice, the entry written last wins.
export function resolveRules(setting: Record<string, string>, names: RuleNames): Map<string, RuleValue> {
  const out = new Map<string, RuleValue>();
  for (const [name, value] of Object.entries(setting)) {
    for (const slug of names.get(name.toLowerCase()) ?? [name]) out.set(slug, value as RuleValue);
  }
  return out;
}
