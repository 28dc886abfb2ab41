/**
 * The part of a tsquery (as PostgreSQL prints it) that a GIN index can search without reading the
 * excluded words' posting lists: its negated operands dropped where an AND keeps the rest
 * (`'site99' & !'mercuri'` → `'site99'`). Every row matching the query matches this one, so it
 * serves as the index condition, the whole query being tested on the rows found. Null when
 * nothing positive is left (`!'gold'`, `'a' | !'b'`): the query itself is then the condition.
 */
type Node = { op: 'lex'; text: string } | { op: '!'; arg: Node } | { op: '&' | '|'; args: [Node, Node] } | { op: 'phrase'; text: string; args: [Node, Node] };

const TOKEN = /\s*(?:('(?:[^']|'')*'(?::[*A-D]+)?)|(<(?:-|\d+)>)|([!&|()]))/y;

function tokenize(query: string): string[] | null {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < query.length) {
    if (/^\s*$/.test(query.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(query);
    if (!m) return null;
    tokens.push(m[1] ?? m[2] ?? m[3]);
  }
  return tokens;
}

/** Precedence (lowest first): |, &, phrase (<->, <N>), !. */
function parse(tokens: string[]): Node | null {
  let i = 0;
  const or = (): Node => {
    let left = and();
    while (tokens[i] === '|') {
      i++;
      left = { op: '|', args: [left, and()] };
    }
    return left;
  };
  const and = (): Node => {
    let left = phrase();
    while (tokens[i] === '&') {
      i++;
      left = { op: '&', args: [left, phrase()] };
    }
    return left;
  };
  const phrase = (): Node => {
    let left = not();
    while (tokens[i]?.startsWith('<')) {
      const text = tokens[i++];
      left = { op: 'phrase', text, args: [left, not()] };
    }
    return left;
  };
  const not = (): Node => {
    if (tokens[i] === '!') {
      i++;
      return { op: '!', arg: not() };
    }
    if (tokens[i] === '(') {
      i++;
      const inner = or();
      if (tokens[i++] !== ')') throw new Error('unbalanced');
      return inner;
    }
    const text = tokens[i++];
    if (!text?.startsWith("'")) throw new Error('operand expected');
    return { op: 'lex', text };
  };
  try {
    const tree = or();
    return i === tokens.length ? tree : null;
  } catch {
    return null;
  }
}

const hasNot = (n: Node): boolean => (n.op === '!' ? true : n.op === 'lex' ? false : n.args.some(hasNot));

function positive(n: Node): Node | null {
  switch (n.op) {
    case 'lex':
      return n;
    case '!':
      return null;
    case '|': {
      const [a, b] = n.args.map(positive);
      return a && b ? { op: '|', args: [a, b] } : null;
    }
    case '&':
    case 'phrase': {
      // a phrase holds each of its (not negated) operands too
      if (n.op === 'phrase' && !hasNot(n)) return n;
      const [a, b] = n.args.map(positive);
      return a && b ? { op: '&', args: [a, b] } : (a ?? b);
    }
  }
}

function print(n: Node): string {
  switch (n.op) {
    case 'lex':
      return n.text;
    case '!':
      return `!(${print(n.arg)})`;
    case 'phrase':
      return `(${print(n.args[0])} ${n.text} ${print(n.args[1])})`;
    default:
      return `(${print(n.args[0])} ${n.op} ${print(n.args[1])})`;
  }
}

/** The positive part of `query`, or null when it is the query itself or nothing is left. */
export function positiveTsquery(query: string): string | null {
  const tokens = tokenize(query);
  const tree = tokens && parse(tokens);
  if (!tree || !hasNot(tree)) return null;
  const kept = positive(tree);
  return kept ? print(kept) : null;
}
