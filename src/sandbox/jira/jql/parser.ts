import { badRequest } from '../errors.ts';

/**
 * A JQL subset parser: clauses `field op value`, `field [NOT] IN (a, b)`, `field IS [NOT] EMPTY|NULL`, joined
 * by AND / OR / NOT with parentheses, then `ORDER BY field [ASC|DESC], ...`. Syntax errors read like
 * Jira's ("Error in the JQL Query: Expecting ... (line 1, character N)").
 */

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export interface Value {
  text: string;
  quoted: boolean;
  position: number;
}

export type Node =
  | { kind: 'and' | 'or'; children: Node[] }
  | { kind: 'not'; child: Node }
  | { kind: 'clause'; field: string; position: number; operator: Operator; values: Value[]; empty: boolean };

export interface SortTerm {
  field: string;
  descending: boolean;
  position: number;
}

export interface Query {
  where: Node | null;
  orderBy: SortTerm[];
}

interface Token {
  type: 'word' | 'string' | 'op' | '(' | ')' | ',' | 'end';
  text: string;
  /** 1-based character position, as Jira reports it. */
  position: number;
}

const OPERATORS = ['!=', '>=', '<=', '!~', '=', '>', '<', '~'];
const VALID_OPERATORS =
  "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";

const jqlError = (message: string, position?: number) =>
  badRequest(
    `Error in the JQL Query: ${message}${position === undefined ? '' : ` (line 1, character ${position})`}`,
  );

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const position = i + 1;
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, text: c, position });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => jql.startsWith(o, i));
    if (op) {
      tokens.push({ type: 'op', text: op, position });
      i += op.length;
      continue;
    }
    if (c === '"' || c === "'") {
      let text = '';
      let j = i + 1;
      for (; j < jql.length && jql[j] !== c; j++) {
        if (jql[j] === '\\' && j + 1 < jql.length) j++;
        text += jql[j];
      }
      if (j >= jql.length) throw jqlError(`The quoted string '${text}' has not been completed.`, position);
      tokens.push({ type: 'string', text, position });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < jql.length && !/[\s(),=!<>~"']/.test(jql[j]!)) j++;
    tokens.push({ type: 'word', text: jql.slice(i, j), position });
    i = j;
  }
  tokens.push({ type: 'end', text: '', position: jql.length + 1 });
  return tokens;
}

class Parser {
  #k = 0;

  constructor(readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.#k]!;
  }

  next(): Token {
    return this.tokens[this.#k++]!;
  }

  isWord(word: string, offset = 0): boolean {
    const t = this.tokens[this.#k + offset];
    return t?.type === 'word' && t.text.toLowerCase() === word;
  }

  query(): Query {
    const where = this.peek().type === 'end' || this.isWord('order') ? null : this.or();
    const orderBy: SortTerm[] = [];
    if (this.isWord('order')) {
      this.next();
      if (!this.isWord('by'))
        throw jqlError(`Expecting 'by' but got '${this.peek().text}'.`, this.peek().position);
      this.next();
      do {
        const field = this.field();
        let descending = false;
        if (this.isWord('asc') || this.isWord('desc')) descending = this.next().text.toLowerCase() === 'desc';
        orderBy.push({ field: field.text, descending, position: field.position });
      } while (this.peek().type === ',' && this.next());
    }
    const end = this.peek();
    if (end.type !== 'end') {
      throw jqlError(
        where
          ? `Expecting either 'OR' or 'AND' but got '${end.text}'.`
          : `Expecting a field name but got '${end.text}'.`,
        end.position,
      );
    }
    return { where, orderBy };
  }

  or(): Node {
    const children = [this.and()];
    while (this.isWord('or')) {
      this.next();
      children.push(this.and());
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  and(): Node {
    const children = [this.not()];
    while (this.isWord('and')) {
      this.next();
      children.push(this.not());
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  not(): Node {
    if (this.isWord('not')) {
      this.next();
      return { kind: 'not', child: this.not() };
    }
    if (this.peek().type === '(') {
      this.next();
      const inner = this.or();
      const close = this.next();
      if (close.type !== ')') {
        throw close.type === 'end'
          ? jqlError("Expecting ')' but reached the end of the query.")
          : jqlError(`Expecting either 'OR' or 'AND' but got '${close.text}'.`, close.position);
      }
      return inner;
    }
    return this.clause();
  }

  field(): Token {
    const t = this.next();
    if (t.type === 'word' || t.type === 'string') return t;
    if (t.type === 'end') throw jqlError('Expecting a field name but reached the end of the query.');
    throw jqlError(`Expecting a field name but got '${t.text}'.`, t.position);
  }

  value(): Value {
    const t = this.next();
    if (t.type === 'word' || t.type === 'string')
      return { text: t.text, quoted: t.type === 'string', position: t.position };
    if (t.type === 'end')
      throw jqlError('Expecting either a value, list or function but reached the end of the query.');
    throw jqlError(`Expecting either a value, list or function but got '${t.text}'.`, t.position);
  }

  /** Consumes `count` tokens that spell an operator and returns it. */
  take(count: number, operator: Operator): Operator {
    this.#k += count;
    return operator;
  }

  operator(): Operator {
    const t = this.peek();
    if (t.type === 'op') return this.take(1, t.text as Operator);
    if (this.isWord('in')) return this.take(1, 'in');
    if (this.isWord('not') && this.isWord('in', 1)) return this.take(2, 'not in');
    if (this.isWord('is') && this.isWord('not', 1)) return this.take(2, 'is not');
    if (this.isWord('is')) return this.take(1, 'is');
    if (t.type === 'end')
      throw jqlError(`Expecting operator but reached the end of the query. ${VALID_OPERATORS}`);
    throw jqlError(`Expecting operator but got '${t.text}'. ${VALID_OPERATORS}`, t.position);
  }

  clause(): Node {
    const field = this.field();
    const operator = this.operator();
    const base = { kind: 'clause' as const, field: field.text, position: field.position, operator };
    if (operator === 'is' || operator === 'is not') {
      const t = this.next();
      if (t.type !== 'word' || !['empty', 'null'].includes(t.text.toLowerCase())) {
        throw jqlError(`Expecting 'EMPTY' or 'NULL' but got '${t.text}'.`, t.position);
      }
      return { ...base, values: [], empty: true };
    }
    if (operator === 'in' || operator === 'not in') {
      const open = this.next();
      if (open.type !== '(') throw jqlError(`Expecting '(' but got '${open.text}'.`, open.position);
      const values = [this.value()];
      while (this.peek().type === ',') {
        this.next();
        values.push(this.value());
      }
      const close = this.next();
      if (close.type !== ')') throw jqlError(`Expecting ')' but got '${close.text}'.`, close.position);
      return { ...base, values, empty: false };
    }
    const v = this.peek();
    if (v.type === 'word' && ['empty', 'null'].includes(v.text.toLowerCase())) {
      this.next();
      return { ...base, values: [], empty: true };
    }
    return { ...base, values: [this.value()], empty: false };
  }
}

export function parseJql(jql: string): Query {
  return new Parser(tokenize(jql)).query();
}
