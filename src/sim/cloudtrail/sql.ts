// Runs the CloudTrail Lake SQL the simulator is sent over its events, for real: the statement is parsed
// (node-sql-parser, Trino dialect, as Lake speaks Trino) and its SELECT list, WHERE filter, GROUP BY with
// COUNT, ORDER BY and LIMIT are evaluated row by row with SQL's three-valued logic. A wrong query gives
// wrong rows or an error, exactly as it would against Lake. What the simulator does not implement is
// refused as an invalid statement rather than guessed at.

import nodeSqlParser from 'node-sql-parser';

const { Parser } = nodeSqlParser;

/** A problem with the statement: StartQuery answers InvalidQueryStatementException. */
export class SqlError extends Error {}

export type Value = string | number | boolean | null | Record<string, unknown>;
export type Record_ = Record<string, unknown>;
type Node = Record<string, unknown> & { type?: string };

export interface CompiledQuery {
  /** The event data store named in FROM. */
  from: string;
  /** Runs the query over the events; answers the rows as ordered column name/value pairs. */
  run(events: readonly Record_[]): [string, Value][][];
}

const parser = new Parser();

/**
 * Lake takes the event data store's id bare after FROM (`FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE`), where
 * plain Trino would read the dashes as minus signs: the id is quoted before parsing, as Lake reads it.
 */
const BARE_STORE_ID = /(\bFROM\s+)([A-Za-z0-9][A-Za-z0-9-]*)(?=\s|;|$)/gi;

export function compileQuery(sql: string, knownField: (path: string[]) => boolean): CompiledQuery {
  let parsed: unknown;
  try {
    parsed = parser.astify(sql.replace(BARE_STORE_ID, '$1"$2"'), { database: 'trino' });
  } catch (error) {
    throw new SqlError(`Query syntax error: ${(error as Error).message.slice(0, 300)}`);
  }
  const statements = Array.isArray(parsed) ? parsed : [parsed];
  if (statements.length !== 1) throw new SqlError('Only one statement may be run per query.');
  const ast = statements[0] as Node;
  if (ast.type !== 'select') throw new SqlError('Only SELECT statements are allowed.');
  if (ast.with) throw new SqlError('WITH clauses are not supported by the simulator.');
  const from = ast.from as Node[] | null;
  if (from?.length !== 1 || typeof from[0]?.table !== 'string')
    throw new SqlError('The simulator runs queries over exactly one event data store (no joins).');
  if ((ast.distinct as Node | null)?.type) throw new SqlError('DISTINCT is not supported by the simulator.');

  const checkRefs = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) checkRefs(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    if (n.type === 'column_ref' && n.column !== '*') {
      const path = columnPath(n);
      if (!knownField(path)) throw new SqlError(`Column '${path.join('.')}' cannot be resolved.`);
      return;
    }
    for (const value of Object.values(n)) checkRefs(value);
  };
  checkRefs(ast.where);
  checkRefs((ast.columns as Node[]).filter((c) => (c.expr as Node)?.type !== 'aggr_func'));

  const columns = ast.columns as { expr: Node; as: string | null }[];
  const groupBy = ((ast.groupby as Node | null)?.columns as Node[] | undefined) ?? [];
  const grouped = groupBy.length > 0 || columns.some((c) => c.expr.type === 'aggr_func');
  const orderBy = (ast.orderby as { expr: Node; type: string }[] | null) ?? [];
  const limitValues = ((ast.limit as Node | null)?.value as Node[] | undefined) ?? [];
  if (limitValues.length > 1) throw new SqlError('OFFSET is not supported by the simulator.');
  const limit = limitValues[0] ? Number(limitValues[0].value) : undefined;
  if (ast.having) throw new SqlError('HAVING is not supported by the simulator.');

  return {
    from: from[0]!.table as string,
    run(events) {
      const matching = events.filter((e) => ast.where == null || evaluate(ast.where as Node, e) === true);
      let rows: { out: [string, Value][]; source: Record_ }[];
      if (grouped) {
        const groups = new Map<string, Record_[]>();
        for (const e of matching) {
          const key = JSON.stringify(groupBy.map((g) => evaluate(g, e)));
          groups.set(key, [...(groups.get(key) ?? []), e]);
        }
        rows = [...groups.values()].map((members) => ({
          out: columns.map((c, i) => [nameOf(c, i), aggregate(c.expr, members, groupBy)]),
          source: members[0] ?? {},
        }));
      } else {
        rows = matching.map((e) => ({ out: project(columns, e), source: e }));
      }
      if (orderBy.length > 0) {
        const keyOf = (row: { out: [string, Value][]; source: Record_ }, expr: Node): Value => {
          // ORDER BY may name a column of the SELECT list by its alias.
          if (expr.type === 'column_ref') {
            const alias = row.out.find(
              ([name]) => name.toLowerCase() === columnPath(expr).join('.').toLowerCase(),
            );
            if (alias && grouped) return alias[1];
          }
          return evaluate(expr, row.source);
        };
        rows.sort((a, b) => {
          for (const o of orderBy) {
            const c = compareForSort(keyOf(a, o.expr), keyOf(b, o.expr));
            if (c !== 0) return o.type === 'DESC' ? -c : c;
          }
          return 0;
        });
      }
      const limited = limit === undefined ? rows : rows.slice(0, limit);
      return limited.map((r) => r.out);
    },
  };
}

/** `userIdentity.arn` → ['userIdentity', 'arn'], however deep the parser nested it. */
function columnPath(ref: Node): string[] {
  const parts: string[] = [];
  if (typeof ref.db === 'string') parts.push(ref.db);
  if (typeof ref.table === 'string') parts.push(ref.table);
  const walk = (node: unknown): void => {
    if (typeof node === 'string') parts.push(node);
    else if (node && typeof node === 'object') {
      const n = node as Node;
      if (n.type === 'binary_expr' && n.operator === '.') {
        walk(n.left);
        walk(n.right);
      } else if ('expr' in n) walk(n.expr);
      else if (typeof n.value === 'string') parts.push(n.value);
    }
  };
  walk(ref.column);
  return parts;
}

/** Field names are matched without regard to case, as Trino does. */
function lookup(record: unknown, path: string[]): Value {
  let current: unknown = record;
  for (const part of path) {
    if (!current || typeof current !== 'object') return null;
    const key = Object.keys(current).find((k) => k.toLowerCase() === part.toLowerCase());
    current = key === undefined ? undefined : (current as Record_)[key];
  }
  return current === undefined ? null : (current as Value);
}

function nameOf(column: { expr: Node; as: string | null }, index: number): string {
  if (column.as) return column.as;
  if (column.expr.type === 'column_ref') return columnPath(column.expr).at(-1) ?? `_col${index}`;
  return `_col${index}`;
}

function project(columns: { expr: Node; as: string | null }[], event: Record_): [string, Value][] {
  const out: [string, Value][] = [];
  columns.forEach((column, i) => {
    if (column.expr.type === 'column_ref' && column.expr.column === '*') {
      for (const [key, value] of Object.entries(event)) out.push([key, value as Value]);
    } else out.push([nameOf(column, i), evaluate(column.expr, event)]);
  });
  return out;
}

function aggregate(expr: Node, members: Record_[], groupBy: Node[]): Value {
  if (expr.type === 'aggr_func') {
    const name = String(expr.name).toUpperCase();
    if (name !== 'COUNT') throw new SqlError(`${name} is not supported by the simulator.`);
    const arg = (expr.args as Node).expr as Node;
    if (arg.type === 'star') return members.length;
    return members.filter((m) => evaluate(arg, m) !== null).length;
  }
  const inGroup = groupBy.some((g) => JSON.stringify(g) === JSON.stringify(expr));
  if (!inGroup)
    throw new SqlError(
      `'${JSON.stringify(expr).slice(0, 80)}' must be an aggregate expression or appear in GROUP BY.`,
    );
  return members[0] ? evaluate(expr, members[0]) : null;
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?)Z?$/;

/** Epoch milliseconds of a Lake timestamp text, or undefined when the text is not one. */
function timestampOf(value: Value): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TIMESTAMP.exec(value);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

function typeName(value: Value): string {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'bigint';
  if (typeof value === 'object') return 'row';
  return 'varchar';
}

/** -1, 0, 1, or null when either side is NULL. Types must agree, as Trino's do. */
function compare(a: Value, b: Value, operator: string): number | null {
  if (a === null || b === null) return null;
  const ta = timestampOf(a);
  const tb = timestampOf(b);
  if (ta !== undefined && tb !== undefined) return Math.sign(ta - tb);
  if (typeof a !== typeof b || typeof a === 'object')
    throw new SqlError(`Cannot apply operator: ${typeName(a)} ${operator} ${typeName(b)}`);
  if (a === b) return 0;
  return (a as string | number | boolean) < (b as string | number | boolean) ? -1 : 1;
}

function compareForSort(a: Value, b: Value): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return compare(a, b, 'ORDER BY') ?? 0;
}

function likeRegex(pattern: string, escapeChar: string | undefined): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (escapeChar !== undefined && c === escapeChar) {
      const next = pattern[++i];
      if (next !== '%' && next !== '_' && next !== escapeChar)
        throw new SqlError("Escape character must be followed by '%', '_' or the escape character itself");
      source += next.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

function not(value: Value): Value {
  return value === null ? null : !truth(value);
}

function truth(value: Value): boolean {
  if (typeof value !== 'boolean') throw new SqlError(`Expected a boolean, got ${typeName(value)}`);
  return value;
}

function evaluate(node: Node, event: Record_): Value {
  switch (node.type) {
    case 'column_ref':
      return lookup(event, columnPath(node));
    case 'single_quote_string':
    case 'string':
    case 'timestamp':
      return String(node.value);
    case 'number':
      return Number(node.value);
    case 'bool':
      return Boolean(node.value);
    case 'null':
      return null;
    case 'unary_expr':
      if (String(node.operator).toUpperCase() === 'NOT') return not(evaluate(node.expr as Node, event));
      if (node.operator === '-') return -(evaluate(node.expr as Node, event) as number);
      throw new SqlError(`Operator ${String(node.operator)} is not supported by the simulator.`);
    case 'function':
      return call(node, event);
    case 'binary_expr':
      return binary(node, event);
    default:
      throw new SqlError(`${String(node.type)} expressions are not supported by the simulator.`);
  }
}

function call(node: Node, event: Record_): Value {
  const name = ((node.name as Node).name as { value: string }[])
    .map((p) => p.value)
    .join('.')
    .toUpperCase();
  const args = (((node.args as Node | null)?.value as Node[] | undefined) ?? []).map((a) =>
    evaluate(a, event),
  );
  switch (name) {
    case 'NOT':
      return not(args[0] ?? null);
    case 'LOWER':
      return args[0] === null ? null : String(args[0]).toLowerCase();
    case 'UPPER':
      return args[0] === null ? null : String(args[0]).toUpperCase();
    default:
      throw new SqlError(`Function ${name.toLowerCase()} is not supported by the simulator.`);
  }
}

function binary(node: Node, event: Record_): Value {
  const operator = String(node.operator).toUpperCase();
  const left = () => evaluate(node.left as Node, event);
  const right = () => evaluate(node.right as Node, event);
  const list = () =>
    (((node.right as Node).value as Node[] | undefined) ?? []).map((n) => evaluate(n, event));
  switch (operator) {
    case 'AND': {
      const a = left();
      if (a === false) return false;
      const b = right();
      if (b === false) return false;
      return a === null || b === null ? null : truth(a) && truth(b);
    }
    case 'OR': {
      const a = left();
      if (a === true) return true;
      const b = right();
      if (b === true) return true;
      return a === null || b === null ? null : truth(a) || truth(b);
    }
    case '=':
    case '!=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const c = compare(left(), right(), operator);
      if (c === null) return null;
      return {
        '=': c === 0,
        '!=': c !== 0,
        '<>': c !== 0,
        '<': c < 0,
        '<=': c <= 0,
        '>': c > 0,
        '>=': c >= 0,
      }[operator] as boolean;
    }
    case 'LIKE':
    case 'NOT LIKE': {
      const value = left();
      const pattern = right();
      const escapeNode = (node.right as Node).escape as Node | undefined;
      const escapeChar = escapeNode ? String((escapeNode.value as Node).value) : undefined;
      if (escapeChar !== undefined && escapeChar.length !== 1)
        throw new SqlError('Escape string must be a single character');
      if (value === null || pattern === null) return null;
      if (typeof value !== 'string' || typeof pattern !== 'string')
        throw new SqlError(`Cannot apply LIKE to ${typeName(value)}`);
      const matched = likeRegex(pattern, escapeChar).test(value);
      return operator === 'LIKE' ? matched : !matched;
    }
    case 'IN':
    case 'NOT IN': {
      const value = left();
      if (value === null) return null;
      const results = list().map((item) => compare(value, item, '='));
      const found = results.includes(0) ? true : results.includes(null) ? null : false;
      return operator === 'IN' ? found : not(found);
    }
    case 'BETWEEN':
    case 'NOT BETWEEN': {
      const [low = null, high = null] = list();
      const value = left();
      const a = compare(value, low, '>=');
      const b = compare(value, high, '<=');
      const within = a === null || b === null ? null : a >= 0 && b <= 0;
      return operator === 'BETWEEN' ? within : not(within);
    }
    case 'IS':
    case 'IS NOT': {
      const value = left();
      const target = right();
      const same = target === null ? value === null : value === target;
      return operator === 'IS' ? same : !same;
    }
    default:
      throw new SqlError(`Operator ${operator} is not supported by the simulator.`);
  }
}
