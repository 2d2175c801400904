import { describe, expect, it } from 'vitest';
import { parseGraph } from '../../../src/causal/graph/parse.js';
import { mSeparated } from '../../../src/causal/graph/separation.js';
import { backdoorSets, frontdoorSets, isBackdoorSet } from '../../../src/causal/graph/criteria.js';
import { InputError } from '../../../src/errors.js';

const graph = (text: string) => parseGraph(text).graph;

function parseError(text: string): InputError {
  try {
    parseGraph(text, 'g.txt');
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected a parse error');
}

describe('graph files', () => {
  it('reads edges, chains, comments, semicolons and lone variables', () => {
    const g = graph('# a comment\nz -> x -> y  # chain\nx <-> y; u\n m <- x');
    expect(g.order).toEqual(['z', 'x', 'y', 'u', 'm']);
    expect(g.parents('y')).toEqual(['x']);
    expect(g.parents('m')).toEqual(['x']);
    expect(g.siblings('x')).toEqual(['y']);
    expect(g.districts()).toEqual([['z'], ['x', 'y'], ['u'], ['m']]);
  });

  it("reads dagitty's dag { … } syntax with attributes", () => {
    const g = graph('dag {\nX [exposure,pos="0,0"]\nY [outcome]\nM\nX -> M -> Y\nX <-> Y\n}');
    expect(g.order).toEqual(['X', 'M', 'Y']);
    expect(g.siblings('Y')).toEqual(['X']);
    const oneLine = graph('dag { a -> b ; b -> c ; a <-> c }');
    expect(oneLine.order).toEqual(['a', 'b', 'c']);
  });

  it('refuses cycles, self-loops and bad statements with the line', () => {
    const cycle = parseError('a -> b\nb -> c\n\nc -> a');
    expect(cycle.code).toBe('E_GRAPH_CYCLE');
    expect(cycle.where.line).toBe(4);
    expect(cycle.message).toContain('c -> a -> b -> c');
    const loop = parseError('a -> b\nb -> b');
    expect(loop.code).toBe('E_GRAPH_SELF_LOOP');
    expect(loop.where.line).toBe(2);
    expect(parseError('a -> b\na -> \n').where.line).toBe(2);
    expect(parseError('a -- b').code).toBe('E_GRAPH_SYNTAX');
    expect(parseError('# nothing').code).toBe('E_GRAPH_EMPTY');
    expect(parseError('a -> b c').code).toBe('E_GRAPH_NAME');
  });
});

describe('m-separation', () => {
  it('matches d-separation on a DAG (collider, chain, fork)', () => {
    const g = graph('a -> c <- b; c -> d; a -> e -> f');
    expect(mSeparated(g, ['a'], ['b'])).toBe(true);
    expect(mSeparated(g, ['a'], ['b'], ['c'])).toBe(false);
    expect(mSeparated(g, ['a'], ['b'], ['d'])).toBe(false); // descendant of the collider
    expect(mSeparated(g, ['a'], ['f'], ['e'])).toBe(true);
    expect(mSeparated(g, ['c'], ['e'], ['a'])).toBe(true);
    expect(mSeparated(g, ['c'], ['e'])).toBe(false);
  });

  it('follows bidirected edges and colliders on them', () => {
    const g = graph('x <-> m; m <-> y; x -> y2');
    expect(mSeparated(g, ['x'], ['y'])).toBe(true); // m is a collider x <-> m <-> y
    expect(mSeparated(g, ['x'], ['y'], ['m'])).toBe(false);
    const h = graph('x -> m -> y; x <-> y');
    expect(mSeparated(h, ['x'], ['y'], ['m'])).toBe(false);
  });
});

describe('adjustment criteria', () => {
  it("back-door: Pearl's Fig 3.4 graph has dagitty's four minimal sets", () => {
    // Pearl (2009) Fig. 3.4 / dagitty's classic example: X = x6, Y = y.
    const g = graph('x1 -> x3 -> x6 -> y; x1 -> x4 <- x2; x2 -> x5 -> y; x4 -> x6; x4 -> y');
    const sets = backdoorSets(g, ['x6'], ['y']);
    expect(sets.complete).toBe(true);
    expect(sets.sets.map((s) => [...s].sort().join(',')).sort()).toEqual([
      'x1,x4',
      'x2,x4',
      'x3,x4',
      'x4,x5',
    ]);
    expect(isBackdoorSet(g, ['x6'], ['y'], ['x4'])).toBe(false);
  });

  it('M-bias: only the empty set; adjusting for the collider is refused', () => {
    const g = graph('x -> y; x <-> m; m <-> y');
    expect(backdoorSets(g, ['x'], ['y']).sets).toEqual([[]]);
    expect(isBackdoorSet(g, ['x'], ['y'], ['m'])).toBe(false);
  });

  it('front-door: {m} for the front-door graph, none for the bow arc', () => {
    expect(frontdoorSets(graph('x -> m -> y; x <-> y'), ['x'], ['y']).sets).toEqual([['m']]);
    expect(backdoorSets(graph('x -> m -> y; x <-> y'), ['x'], ['y']).sets).toEqual([]);
    expect(frontdoorSets(graph('x -> y; x <-> y'), ['x'], ['y']).sets).toEqual([]);
    // Two parallel mediators: the front-door set needs both.
    expect(frontdoorSets(graph('x -> m1 -> y; x -> m2 -> y; x <-> y'), ['x'], ['y']).sets).toEqual([['m1', 'm2']]);
  });
});
