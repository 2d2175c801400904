/**
 * A policy tree as people read it: splits on named columns ("age ≤ 35",
 * "channel is 'Web'"), one action label per leaf, with rows and estimated
 * gain. Applied to a table by column name (no encoder needed), rendered as
 * indented text and as a SQL CASE WHEN expression.
 */
import type { Table } from '../data/table.js';
import { cellText, lineOfRow } from '../data/table.js';
import { requireColumn } from '../data/roles.js';
import { policyErrors } from './messages.js';

export type RuleSplit =
  | { readonly column: string; readonly kind: 'numeric'; readonly threshold: number }
  /** Left: the column is not `level`; right: it is. */
  | { readonly column: string; readonly kind: 'level'; readonly level: string };

export type RuleNode =
  | {
      readonly action: string;
      readonly rows: number;
      /** Estimated mean gain of the action over control in the leaf (doubly robust). */
      readonly gain: number;
    }
  | { readonly split: RuleSplit; readonly left: RuleNode; readonly right: RuleNode; readonly rows: number };

export function isLeaf(node: RuleNode): node is Extract<RuleNode, { action: string }> {
  return 'action' in node;
}

function goesLeft(split: RuleSplit, table: Table, row: number): boolean {
  const column = requireColumn(table, split.column, 'policy feature');
  if (split.kind === 'numeric') {
    if (column.kind !== 'numeric') throw policyErrors.notNumericFeature(table.source, lineOfRow(table, row), split.column, cellText(column, row));
    const v = column.values[row]!;
    if (Number.isNaN(v)) throw policyErrors.missingFeature(table.source, lineOfRow(table, row), split.column);
    return v <= split.threshold;
  }
  const text = cellText(column, row);
  if (text === '') throw policyErrors.missingFeature(table.source, lineOfRow(table, row), split.column);
  return text !== split.level;
}

/** The action label for every row of the table, and the leaf number (in text order) it falls in. */
export function applyRule(tree: RuleNode, table: Table): { actions: string[]; leaves: Int32Array } {
  const leafIds = new Map<RuleNode, number>();
  const number = (node: RuleNode): void => {
    if (isLeaf(node)) leafIds.set(node, leafIds.size + 1);
    else {
      number(node.left);
      number(node.right);
    }
  };
  number(tree);
  const actions: string[] = new Array<string>(table.nRows);
  const leaves = new Int32Array(table.nRows);
  for (let i = 0; i < table.nRows; i++) {
    let node = tree;
    while (!isLeaf(node)) node = goesLeft(node.split, table, i) ? node.left : node.right;
    actions[i] = node.action;
    leaves[i] = leafIds.get(node)!;
  }
  return { actions, leaves };
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(10))));

function condition(split: RuleSplit, left: boolean): string {
  if (split.kind === 'numeric') return `${split.column} ${left ? '<=' : '>'} ${fmt(split.threshold)}`;
  return `${split.column} ${left ? 'is not' : 'is'} '${split.level}'`;
}

/** Indented text, one line per split side and per leaf. */
export function ruleText(tree: RuleNode, gainUnit = ''): string {
  const lines: string[] = [];
  const walk = (node: RuleNode, indent: string): void => {
    if (isLeaf(node)) {
      lines.push(`${indent}→ ${node.action}  (${node.rows} rows, estimated gain ${node.gain.toFixed(4)}${gainUnit} per row)`);
      return;
    }
    lines.push(`${indent}if ${condition(node.split, true)}:`);
    walk(node.left, `${indent}  `);
    lines.push(`${indent}else (${condition(node.split, false)}):`);
    walk(node.right, `${indent}  `);
  };
  walk(tree, '');
  return lines.join('\n');
}

const sqlIdentifier = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`);
const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

function sqlCondition(split: RuleSplit, left: boolean): string {
  const c = sqlIdentifier(split.column);
  if (split.kind === 'numeric') return `${c} ${left ? '<=' : '>'} ${fmt(split.threshold)}`;
  return `${c} ${left ? '<>' : '='} ${sqlString(split.level)}`;
}

/** CASE WHEN … THEN 'action' … END AS <alias>: one WHEN per leaf, its full path joined by AND. */
export function ruleSql(tree: RuleNode, alias = 'action'): string {
  const whens: string[] = [];
  const walk = (node: RuleNode, path: string[]): void => {
    if (isLeaf(node)) {
      whens.push(`  WHEN ${path.length === 0 ? 'TRUE' : path.join(' AND ')} THEN ${sqlString(node.action)}`);
      return;
    }
    walk(node.left, [...path, sqlCondition(node.split, true)]);
    walk(node.right, [...path, sqlCondition(node.split, false)]);
  };
  walk(tree, []);
  return ['CASE', ...whens, `END AS ${sqlIdentifier(alias)}`].join('\n');
}
